import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expandInputs } from '../src/cli/inputs.ts';
import { extractDocument } from '../src/extract/index.ts';
import { createBlobStore } from '../src/load/index.ts';
import { readDocuments } from '../src/pipeline/files.ts';
import { ingestDocuments, type IncomingDocument } from '../src/pipeline/ingest.ts';
import { createTestDatabase, driverName, type TestDatabase } from './db/test-database.ts';

/**
 * The whole pipeline (extract → validate → load) against a real database: PostgreSQL when
 * TEST_DATABASE_URL is set, PGlite otherwise.
 */
const SAMPLES = path.resolve(import.meta.dirname, '../samples');
const encode = (text: string) => new TextEncoder().encode(text);

describe(`pipeline on ${driverName}`, () => {
  let database: TestDatabase;
  let blobRoot: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-blobs-'));
  });
  afterAll(async () => {
    await database.close();
    await rm(blobRoot, { recursive: true, force: true });
  });
  beforeEach(() => database.reset());

  const ingest = (documents: Iterable<IncomingDocument> | AsyncIterable<IncomingDocument>) =>
    ingestDocuments(documents, {
      db: database.handle,
      blobs: createBlobStore(blobRoot),
      extract: (bytes, options) => extractDocument(bytes, options),
      logger: pino({ level: 'silent' }),
    });

  async function counts() {
    const { rows } = await database.handle.query<Record<string, number>>(
      `select (select count(*) from documents)::int as documents, (select count(*) from reports)::int as reports,
              (select count(*) from cells)::int as cells, (select count(*) from checks)::int as checks,
              (select count(*) from reports where status = 'ok')::int as current`,
    );
    return rows[0]!;
  }

  it('loads the samples once: a second load of the same files changes nothing', async () => {
    const files = await expandInputs([path.join(SAMPLES, 'text'), path.join(SAMPLES, 'html'), path.join(SAMPLES, 'markdown')]);
    const first = await ingest(readDocuments(files));
    expect(first.loaded).toBeGreaterThanOrEqual(10);
    const before = await counts();
    const second = await ingest(readDocuments(files));
    expect(second.skipped).toBe(files.length);
    expect(second.loaded + second.failed + second.superseded).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('checks T3-06 against the previous year already in the warehouse', async () => {
    const pair = ['html/v2021-gbk-split-headers.html', 'html/v2021-next-year-dash-na.html'].map((file) => path.join(SAMPLES, file));
    await ingest(readDocuments(pair));
    const { rows } = await database.handle.query<{ year: number; passed: string[]; failing: number }>(
      `select r.year, array(select p from string_to_table((select l.checks from passed_check_lists l where l.key = r.passed_check_list), ' ') as p where p like 'T3-06:%') as passed,
              (select count(*) from checks k where k.report_id = r.id and k.rule = 'T3-06')::int as failing
       from reports r order by r.year`,
    );
    expect(rows.map((row) => [row.year, row.passed.length, row.failing])).toEqual([
      [2022, 0, 0],
      [2023, 7, 0],
    ]);
  });

  it('supersedes the report when a changed document of the same agency and year arrives, keeping history', async () => {
    const original = await readFile(path.join(SAMPLES, 'text/v2021-wordpaste-tabs.txt'), 'utf8');
    const license = /行政许可\t(\d+)/.exec(original)!;
    const changed = original.replace(license[0], `行政许可\t${Number(license[1]) + 1}`);
    await ingest([{ source: 'report.txt', bytes: encode(original) }]);
    const summary = await ingest([{ source: 'report.txt', bytes: encode(changed) }]);
    expect(summary.superseded).toBe(1);
    const { rows } = await database.handle.query<{ status: string; value: string }>(
      `select r.status, c.value from reports r join cells c on c.report_id = r.id
       where c.key = 't2.a20_5:license:decisions' order by r.id`,
    );
    expect(rows.map((row) => [row.status, Number(row.value)])).toEqual([
      ['superseded', Number(license[1])],
      ['ok', Number(license[1]) + 1],
    ]);
  });

  it('records unreadable documents against themselves while the others load', async () => {
    const good = await readFile(path.join(SAMPLES, 'text/crawler-v2021.page.txt'));
    const truncatedHtml = (await readFile(path.join(SAMPLES, 'html/v2021-city-gov-utf8.html'), 'utf8')).slice(0, 9000);
    const summary = await ingest([
      { source: 'empty.txt', bytes: new Uint8Array() },
      { source: 'garbage.bin', bytes: new Uint8Array(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)) },
      { source: 'news.html', bytes: encode('<html><head><title>区政府召开常务会议</title></head><body><p>会议研究了有关工作。</p></body></html>') },
      { source: 'cut.html', bytes: encode(truncatedHtml) },
      { source: 'good.txt', bytes: new Uint8Array(good) },
    ]);
    expect(summary.loaded).toBe(1);
    expect(summary.failed).toBe(4);
    const { rows } = await database.handle.query<{ source: string; status: string; error_code: string | null }>(
      `select d.source, r.status, r.error_code from reports r join documents d on d.sha256 = r.document_sha256 order by d.source`,
    );
    expect(rows).toEqual([
      { source: 'cut.html', status: 'failed', error_code: 'E_TRUNCATED' },
      { source: 'empty.txt', status: 'failed', error_code: 'E_EMPTY' },
      { source: 'garbage.bin', status: 'failed', error_code: 'E_BINARY' },
      { source: 'good.txt', status: 'ok', error_code: null },
      { source: 'news.html', status: 'failed', error_code: 'E_NOT_REPORT' },
    ]);
  });
});
