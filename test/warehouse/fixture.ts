/**
 * The warehouse the research tests query: every sample document (samples/, loaded through the
 * real pipeline), four generated reports that add what the samples lack (a template break
 * v2019 → v2021 for one agency, a jurisdiction-aggregate city report, and a county bureau with
 * implausible 规章 and fee values), and crawl-frontier
 * rows that attribute a failed and an unfetched document to agency-years (for v_coverage).
 *
 * Expected values come from samples/expected/*.json and, for the generated reports, from the
 * generator's expectedFor() — never from the warehouse itself.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { expectedFor, generateReport, makeAgency, present, renderText, Rng, type ExpectedFile } from '../../scripts/synthetic/index.ts';
import type { DatabaseHandle } from '../../src/db/index.ts';
import { extractDocument, sha256Hex } from '../../src/extract/index.ts';
import { createBlobStore } from '../../src/load/index.ts';
import { ingestDocuments, type IncomingDocument } from '../../src/pipeline/ingest.ts';

export const SAMPLES = path.resolve(import.meta.dirname, '../../samples');
const SAMPLE_DIRS = ['html', 'text', 'markdown', 'pdf', 'bad', 'broken'];

export type Coverage = 'agency_only' | 'government_plus_office' | 'jurisdiction_aggregate';

/** A document of the fixture and what the warehouse must hold for it. */
export interface FixtureReport extends ExpectedFile {
  source: string;
  coverage: Coverage;
}

/** A crawl_urls row the fixture inserts, with what it means for the ledger. */
export interface CrawlClaim {
  url: string;
  title: string;
  agency: string;
  year: number;
  state: 'done' | 'dead' | 'pending';
  /** the document fetched (a loaded failed sample), for state done */
  source?: string;
  outcome?: string;
  errorCode?: string;
}

export interface Fixture {
  /** every document loaded, with its expectation (failed ones have `error`) */
  documents: FixtureReport[];
  /** current reports: loaded without error and with an agency and a year */
  current: FixtureReport[];
  crawl: CrawlClaim[];
}

const AGGREGATE_SENTENCE = '本报告由市人民政府办公室汇总全市各有关单位政府信息公开工作情况编制而成。';

async function sampleDocuments(): Promise<{ document: IncomingDocument; expected: FixtureReport }[]> {
  const out: { document: IncomingDocument; expected: FixtureReport }[] = [];
  for (const dir of SAMPLE_DIRS) {
    for (const file of (await readdir(path.join(SAMPLES, dir))).sort()) {
      if (file.endsWith('.md') && file === 'README.md') continue;
      const expectedPath = path.join(SAMPLES, 'expected', dir, `${file}.json`);
      const expected = JSON.parse(await readFile(expectedPath, 'utf8').catch(() => 'null')) as ExpectedFile | null;
      if (!expected) continue;
      const source = `${dir}/${file}`;
      const bytes = new Uint8Array(await readFile(path.join(SAMPLES, dir, file)));
      out.push({ document: { source, bytes }, expected: { ...expected, source, coverage: 'agency_only' } });
    }
  }
  return out;
}

/**
 * A county government reporting 2020 on v2019 and 2021 on v2021 (a template break), and a
 * prefecture-level city government whose 2022 report aggregates its whole jurisdiction.
 */
function generatedDocuments(): { document: IncomingDocument; expected: FixtureReport }[] {
  const rng = new Rng('warehouse-fixture');
  const county = makeAgency(rng, { level: 'county', type: 'government' });
  const y2020 = generateReport({ seed: 'warehouse-break-2020', year: 2020, template: 'v2019', agency: county, size: 'medium' });
  const y2021 = generateReport({ seed: 'warehouse-break-2021', year: 2021, template: 'v2021', agency: county, previous: y2020, size: 'medium' });
  const city = makeAgency(new Rng('warehouse-fixture-city'), { level: 'prefectural', type: 'government' });
  const aggregate = generateReport({ seed: 'warehouse-aggregate', year: 2022, template: 'v2021', agency: city, size: 'large' });
  // a county bureau printing 规章 (P-03) and a fee of 25亿 in 万元 (P-04)
  const bureau = makeAgency(new Rng('warehouse-fixture-bureau'), { level: 'county', type: 'department' });
  const implausible = generateReport({ seed: 'warehouse-implausible', year: 2023, template: 'v2021', agency: bureau, size: 'small' });
  implausible.values['t2.a20_1:regulation:issued'] = 2;
  implausible.values['t2.a20_1:regulation:in_force'] = 5;
  implausible.values['t2.a20_8:admin_fee:amount_wan'] = 250000.5;
  const docs: { data: typeof y2020; file: string; coverage: Coverage; extra?: string }[] = [
    { data: y2020, file: 'generated/break-2020.txt', coverage: 'agency_only' },
    { data: y2021, file: 'generated/break-2021.txt', coverage: 'agency_only' },
    { data: aggregate, file: 'generated/aggregate-2022.txt', coverage: 'jurisdiction_aggregate', extra: AGGREGATE_SENTENCE },
    { data: implausible, file: 'generated/implausible-2023.txt', coverage: 'agency_only' },
  ];
  return docs.map(({ data, file, coverage, extra }) => {
    const printed = present(data);
    let text = renderText(printed, { shiftRate: 0 });
    if (extra) text = text.replace(/\n\n/u, `\n\n${extra}\n\n`);
    const expected = expectedFor(path.basename(file), printed);
    return { document: { source: file, bytes: new TextEncoder().encode(text) }, expected: { ...expected, source: file, coverage } };
  });
}

/** Loads the fixture into an empty, migrated warehouse. */
export async function loadFixture(handle: DatabaseHandle, blobRoot: string): Promise<Fixture> {
  const entries = [...(await sampleDocuments()), ...generatedDocuments()];
  await ingestDocuments(
    entries.map((entry) => entry.document),
    {
      db: handle,
      blobs: createBlobStore(blobRoot),
      extract: (bytes, options) => extractDocument(bytes, options),
      logger: pino({ level: 'silent' }),
    },
  );
  const documents = entries.map((entry) => entry.expected);
  const current = documents.filter((doc) => !doc.error && doc.agency !== null && doc.year !== null);

  // The crawler saw the scanned PDF as 桐峰县教育局's 2021 report, a dead link for its 2022 report,
  // and a 琅宁县发展和改革局 2021 report it has not fetched yet.
  const scanned = entries.find((entry) => entry.expected.source === 'broken/scanned.pdf')!;
  const crawl: CrawlClaim[] = [
    {
      url: 'http://www.tongfeng.gov.cn/zfxxgk/zfxxgknb/2022/P020220131.pdf',
      title: '桐峰县教育局2021年政府信息公开工作年度报告',
      agency: '桐峰县教育局',
      year: 2021,
      state: 'done',
      source: scanned.expected.source,
      outcome: 'ok',
    },
    {
      url: 'http://www.tongfeng.gov.cn/zfxxgk/zfxxgknb/2023/t20230131_1.html',
      title: '桐峰县教育局 2022 年政府信息公开工作年度报告',
      agency: '桐峰县教育局',
      year: 2022,
      state: 'dead',
      outcome: 'missing',
      errorCode: 'E_HTTP_404',
    },
    {
      url: 'http://www.langning.gov.cn/zfxxgk/zfxxgknb/2022/t20220120_7.html',
      title: '琅宁县发展和改革局2021年度政府信息公开工作年度报告',
      agency: '琅宁县发展和改革局',
      year: 2021,
      state: 'pending',
    },
  ];
  for (const claim of crawl) {
    const sha256 = claim.source ? sha256Hex(entries.find((entry) => entry.expected.source === claim.source)!.document.bytes) : null;
    await handle.query(
      `insert into crawl_urls (url, site_id, kind, via, title, year, state, sha256, outcome, error_code)
       values ($1, 'fixture', 'report', 'follow', $2, $3, $4, $5, $6, $7)`,
      [claim.url, claim.title, claim.year, claim.state, sha256, claim.outcome ?? null, claim.errorCode ?? null],
    );
  }
  return { documents, current, crawl };
}
