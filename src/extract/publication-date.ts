import type { PublicationDate } from '../domain/types.ts';

/**
 * When a report was published, as far as the document itself tells (spec P-07, RQ6 timeliness):
 * - `meta`: the publication date a portal CMS puts in the page's `<meta>` tags (TRS `PubDate`, …);
 * - `label`: a 发布日期 / 发布时间 / 成文日期 … label, as portal article pages print above the text;
 * - `url`: the date a TRS (`…/202401/t20240115_123.html`) or Hanweb (`/art/2024/1/15/art_…`)
 *   article URL carries, which is the day the CMS published it;
 * - `signature`: the date under the signature at the end (落款), the day it was written — a lower
 *   bound of the publication date, the only one a bare PDF or Word attachment carries.
 * Only plausible dates count: from 1 January of the year after the reporting year to the end of
 * the second year after it (any date from 2008 on when the year is unknown).
 */

const NUMBER = String.raw`(\d{1,4}|[〇○零一二三四五六七八九十]{1,4})`;
const DATE = String.raw`${NUMBER}\s*[-年./]\s*${NUMBER}\s*[-月./]\s*${NUMBER}\s*日?`;
const LABELLED = new RegExp(String.raw`(?:发布|公开|成文|印发|发文)(?:日期|时间)\s*[:：]?\s*${DATE}`, 'u');
const DATE_LINE = new RegExp(String.raw`^\s*${DATE}\s*$`, 'u');
const META_NAMES = String.raw`(?:pubdate|publishdate|publish_date|pubtime|publishtime|firstpublishedtime|articlepublishdate|article:published_time)`;
const META_DATE = String.raw`["']\s*(\d{4})-(\d{1,2})-(\d{1,2})`;
/** `<meta name="PubDate" content="2024-03-08 15:34">`, either attribute first */
const META = [
  new RegExp(String.raw`<meta\s+(?:name|property)\s*=\s*["']?${META_NAMES}["']?\s+content\s*=\s*${META_DATE}`, 'iu'),
  new RegExp(String.raw`<meta\s+content\s*=\s*${META_DATE}[^<>]*?\s(?:name|property)\s*=\s*["']?${META_NAMES}["'\s/>]`, 'iu'),
];
const TRS_URL = /\/t(\d{4})(\d{2})(\d{2})_\d+\.s?html?(?:[?#]|$)/i;
const HANWEB_URL = /\/art\/(\d{4})\/(\d{1,2})\/(\d{1,2})\/art_/i;
/** How far from the end the signature's date may stand (closing remarks, contact lines). */
const SIGNATURE_LINES = 25;

export interface PublicationInput {
  /** the report's text, whose last lines hold the signature */
  text: string;
  /** the whole page as published (HTML markup or plain text) where there is one: meta tags and labels sit outside the report's text */
  page?: string;
  source: string;
  reportYear: number | null;
}

export function publicationDate({ text, page, source, reportYear }: PublicationInput): PublicationDate | null {
  const plausible = (date: string | null) => date !== null && inWindow(date, reportYear);
  const meta = page ? (META[0]!.exec(page) ?? META[1]!.exec(page)) : null;
  const fromMeta = meta ? isoDate(meta[1]!, meta[2]!, meta[3]!) : null;
  if (plausible(fromMeta)) return { date: fromMeta!, basis: 'meta' };
  const labelled = LABELLED.exec(page ? page.replace(/<[^<>]*>/g, ' ') : text);
  const fromLabel = labelled ? isoDate(labelled[1]!, labelled[2]!, labelled[3]!) : null;
  if (plausible(fromLabel)) return { date: fromLabel!, basis: 'label' };
  const address = TRS_URL.exec(source) ?? HANWEB_URL.exec(source);
  const fromUrl = address ? isoDate(address[1]!, address[2]!, address[3]!) : null;
  if (plausible(fromUrl)) return { date: fromUrl!, basis: 'url' };
  const tail = text.split('\n').slice(-SIGNATURE_LINES).reverse();
  for (const line of tail) {
    const signed = DATE_LINE.exec(line);
    const date = signed ? isoDate(signed[1]!, signed[2]!, signed[3]!) : null;
    if (plausible(date)) return { date: date!, basis: 'signature' };
  }
  return null;
}

function inWindow(date: string, reportYear: number | null): boolean {
  const year = Number(date.slice(0, 4));
  return reportYear === null ? year >= 2008 && year <= 2100 : year >= reportYear + 1 && year <= reportYear + 2;
}

/** A real calendar date from year, month and day in Arabic or Chinese numerals, else null. */
function isoDate(yearText: string, monthText: string, dayText: string): string | null {
  const [year, month, day] = [chineseYear(yearText), chineseNumber(monthText), chineseNumber(dayText)];
  if (year === null || month === null || day === null) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

const DIGITS: Record<string, number> = { 〇: 0, '○': 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 2024, or 二〇二四 digit by digit. */
function chineseYear(text: string): number | null {
  if (/^\d{4}$/.test(text)) return Number(text);
  if (text.length !== 4) return null;
  const digits = [...text].map((ch) => DIGITS[ch]);
  return digits.every((digit) => digit !== undefined) ? Number(digits.join('')) : null;
}

/** 1-31 in Arabic numerals or as 一 … 九, 十 … 十九, 二十 … 三十一. */
function chineseNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  if (text.length === 1 && text !== '十') return DIGITS[text] ?? null;
  const match = /^([一二三])?十([一二三四五六七八九])?$/u.exec(text);
  if (!match) return null;
  return (match[1] ? DIGITS[match[1]]! : 1) * 10 + (match[2] ? DIGITS[match[2]]! : 0);
}
