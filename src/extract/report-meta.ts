/**
 * Agency and reporting year from a report's title (spec §9.4): `<机关全称><YYYY>年(度)?政府信息公开(工作)?年(度)?报(告)?`,
 * also year-first ("2024年上海市科委政府信息公开工作年度报告") and with spaces inside ("2023 年").
 */
export interface TitleInfo {
  title: string;
  agency: string | null;
  year: number;
}

const REPORT_WORDS = '(?:政府|政务)?(?:信息)?公开(?:工作)?(?:年度报告|年报|年度工作报告|工作年度报告|工作报告)';
const AGENCY_FIRST = new RegExp(`^(.*?)((?:19|20)\\d{2})年度?(?:的)?${REPORT_WORDS}`);
const YEAR_FIRST = new RegExp(`^((?:19|20)\\d{2})年度?(.+?)${REPORT_WORDS}`);
/** "某某局政府信息公开工作年度报告（2023年度）" */
const YEAR_LAST = new RegExp(`^(.+?)${REPORT_WORDS}[(（\\[【]((?:19|20)\\d{2})年?度?[)）\\]】]`);

function compact(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '').replace(/^#+/, '');
}

function cleanAgency(agency: string): string | null {
  const cleaned = agency
    .replace(/^[《「“"(（\[:：,，。、·]+/, '')
    .replace(/^(?:关于)?/, '')
    .replace(/[:：,，。、]+$/, '')
    .trim();
  return cleaned.length >= 2 ? cleaned : null;
}

/** Reads agency and year from one title-like string; undefined when it is not an annual-report title. */
export function parseReportTitle(text: string): TitleInfo | undefined {
  // Portal titles carry the column and site after "_" or " - " (…年度报告_政府信息公开年报_某某管委会).
  const title = compact(text.split(/_|\s[-|–—]\s/)[0] ?? text);
  if (title.length > 80) return undefined;
  const agencyFirst = AGENCY_FIRST.exec(title);
  if (agencyFirst) {
    const agency = cleanAgency(agencyFirst[1]!);
    if (agency) return { title, agency, year: Number(agencyFirst[2]) };
  }
  const yearFirst = YEAR_FIRST.exec(title);
  if (yearFirst) return { title, agency: cleanAgency(yearFirst[2]!), year: Number(yearFirst[1]) };
  const yearLast = YEAR_LAST.exec(title);
  if (yearLast) return { title, agency: cleanAgency(yearLast[1]!), year: Number(yearLast[2]) };
  if (agencyFirst) return { title, agency: null, year: Number(agencyFirst[2]) };
  return undefined;
}

/**
 * Picks the report title from candidates in order of trust (article metadata, page title,
 * body headings, first lines). Lines broken inside a title are joined with their neighbour.
 */
export function findReportTitle(candidates: readonly string[], bodyLines: readonly string[]): TitleInfo | undefined {
  const lines = bodyLines.map((line) => line.trim()).filter(Boolean).slice(0, 40);
  const joined = lines.slice(0, -1).map((line, i) => line + lines[i + 1]);
  let fallback: TitleInfo | undefined;
  for (const candidate of [...candidates, ...lines, ...joined]) {
    const info = parseReportTitle(candidate);
    if (info?.agency) return info;
    fallback ??= info;
  }
  return fallback;
}
