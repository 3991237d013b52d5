import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseSources } from '../src/crawl/index.ts';
import { extractDocument } from '../src/extract/index.ts';
import { createBlobStore } from '../src/load/index.ts';
import { crawlAndLoad } from '../src/pipeline/crawl-and-load.ts';
import { TEST_ADDRESS_RANGES, TEST_UA } from './crawl/helpers.ts';
import { TestSite } from './crawl/sites/server.ts';
import { createTestDatabase, driverName, type TestDatabase } from './db/test-database.ts';

/**
 * `gongkai run` end to end: a local imitation portal whose annual-report column lists our
 * sample reports (HTML pages, one of them an envelope with its report as a PDF attachment);
 * a crawl goes from nothing to loaded, validated reports, and a second night loads nothing new.
 */
const SAMPLES = path.resolve(import.meta.dirname, '../samples');
const REPORTS = [
  { file: 'html/v2021-city-gov-utf8.html', title: '璧口市人民政府2023年政府信息公开工作年度报告' },
  { file: 'html/v2021-gbk-split-headers.html', title: '琅坪市市场监督管理局2022年政府信息公开工作年度报告' },
  { file: 'html/v2019-2020-blank-totals.html', title: '桐峰县教育局2020年政府信息公开工作年度报告' },
];
const ATTACHMENT = 'pdf/v2021-ruled-repeated-header.pdf';

async function buildPortal(site: TestSite) {
  const items: string[] = [];
  for (const [i, report] of REPORTS.entries()) {
    const page = `/zfxxgk/zfxxgknb/202401/t20240115_${i + 1}.html`;
    site.route(page, { body: await readFile(path.join(SAMPLES, report.file)), contentType: 'text/html' });
    items.push(`<li><a href="./202401/t20240115_${i + 1}.html" title="${report.title}">${report.title}</a><span>2024-01-15</span></li>`);
  }
  const pdf = await readFile(path.join(SAMPLES, ATTACHMENT));
  site.route('/zfxxgk/zfxxgknb/202401/P020240120.pdf', { body: pdf, contentType: 'application/pdf' });
  site.route('/zfxxgk/zfxxgknb/202401/t20240120_9.html', {
    body: `<html><head><meta charset="utf-8"><title>翠岗县卫生健康委员会2023年政府信息公开工作年度报告</title></head><body>
      <h1>翠岗县卫生健康委员会2023年政府信息公开工作年度报告</h1><div class="content"><p>详见附件。</p>
      <p>附件：<a href="./P020240120.pdf">翠岗县卫生健康委员会2023年政府信息公开工作年度报告.pdf</a></p></div></body></html>`,
    contentType: 'text/html; charset=utf-8',
  });
  items.push('<li><a href="./202401/t20240120_9.html" title="翠岗县卫生健康委员会2023年政府信息公开工作年度报告">翠岗县卫生健康委员会2023年政府信息公开工作年度报告</a></li>');
  site.route('/zfxxgk/zfxxgknb/index.html', {
    body: `<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul class="list">${items.join('\n')}</ul></body></html>`,
    contentType: 'text/html; charset=utf-8',
  });
  site.route('/robots.txt', { body: 'User-agent: *\nDisallow: /private/\n', contentType: 'text/plain' });
}

describe(`gongkai run over a local portal (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;
  const site = new TestSite();

  beforeAll(async () => {
    await site.start();
    await buildPortal(site);
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-run-'));
  });
  afterAll(async () => {
    await site.stop();
    await database.close();
    await rm(blobRoot, { recursive: true, force: true });
  });
  beforeEach(() => database.reset());

  const registry = () =>
    parseSources({
      version: 1,
      userAgent: TEST_UA,
      defaults: { concurrency: 1, delayMs: 0 },
      sites: [{ id: 'local', agency: '本地测试门户', hosts: [site.host], entries: [site.url('/zfxxgk/zfxxgknb/index.html')], adapter: 'generic' }],
    });

  const night = () => {
    const sources = registry();
    return crawlAndLoad(
      { registry: sources, sites: sources.sites, mode: 'incremental', fetcher: { timeouts: { connectMs: 2000, headersMs: 5000, bodyIdleMs: 5000, totalMs: 10000 }, allowedAddressRanges: TEST_ADDRESS_RANGES } },
      { db: database.handle, blobs: createBlobStore(blobRoot), logger: pino({ level: 'silent' }), extract: (bytes, options) => extractDocument(bytes, options) },
    );
  };

  it('goes from nothing to loaded, validated reports; the next night loads nothing new', async () => {
    const first = await night();
    expect(first.sites[0]).toMatchObject({ site: 'local', found: 5, failed: 0 });
    const { rows } = await database.handle.query<{ agency: string; year: number; template: string; cells: number; checks: number }>(
      `select a.name as agency, r.year, r.template_detected as template,
              (select count(*) from cells c where c.report_id = r.id)::int as cells,
              (select count(*) from string_to_table((select l.checks from passed_check_lists l where l.key = r.passed_check_list), ' ') as p where p <> '')::int + (select count(*) from checks k where k.report_id = r.id)::int as checks
       from reports r join agencies a on a.id = r.agency_id where r.status = 'ok' order by a.name`,
    );
    expect(rows.map((row) => [row.agency, row.year, row.template, row.cells])).toEqual([
      ['桐峰县教育局', 2020, 'v2019', 198],
      ['琅坪市市场监督管理局', 2022, 'v2021', 200],
      ['璧口市人民政府', 2023, 'v2021', 200],
      ['翠岗县卫生健康委员会', 2023, 'v2021', 200],
    ]);
    expect(rows.every((row) => row.checks > 0)).toBe(true);

    const second = await night();
    expect(second.ingest.loaded + second.ingest.superseded).toBe(0);
    expect(second.sites[0]!.outcomes['not-modified']).toBeGreaterThan(0);
  });
});
