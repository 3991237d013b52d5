import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GongkaiError } from '../src/domain/errors.ts';
import { extractDocument } from '../src/extract/index.ts';
import { createBlobStore, isLoaded, loadExtractions } from '../src/load/index.ts';
import { emptySummary, ingestDocuments, type Extract, type IncomingDocument, type IngestSummary } from '../src/pipeline/ingest.ts';
import { createTestDatabase, driverName, type TestDatabase } from './db/test-database.ts';

/**
 * Ingest loads the documents extracted while the loader was busy together, in one
 * `loadExtractions` call. Whatever the batches, the run must end as loading the documents one
 * by one in input order would: same summary, warnings, progress calls and warehouse.
 */
vi.mock('../src/load/index.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/load/index.ts')>();
  return { ...original, isLoaded: vi.fn(original.isLoaded), loadExtractions: vi.fn(original.loadExtractions) };
});
const { loadExtractions: actualLoadExtractions } = await vi.importActual<typeof import('../src/load/index.ts')>('../src/load/index.ts');
const loadCalls = vi.mocked(loadExtractions);
const isLoadedCalls = vi.mocked(isLoaded);

const SAMPLES = path.resolve(import.meta.dirname, '../samples');
const encode = (text: string) => new TextEncoder().encode(text);

async function sample(file: string): Promise<IncomingDocument> {
  return { source: file, bytes: new Uint8Array(await readFile(path.join(SAMPLES, file))) };
}

/** 琅坪市市场监督管理局 2023 with a 上年结转 row that is not the 2022 report's 结转下年度 (7 → 9): T3-06 fails twice. */
async function year2023NotCarriedOver(): Promise<IncomingDocument> {
  const html = await readFile(path.join(SAMPLES, 'html/v2021-next-year-dash-na.html'), 'utf8');
  const row = /二、上年结转政府信息公开申请数量.*?<\/tr>/.exec(html)![0];
  return { source: 'html/2023-not-carried-over.html', bytes: encode(html.replace(row, row.replaceAll('&nbsp;7&nbsp;', '&nbsp;9&nbsp;'))) };
}

/**
 * Extraction that finishes for every document at once, when all of them were handed to it and
 * every already-loaded lookup is answered (on PostgreSQL they overtake each other), so the loader
 * finds every document ready and may take them in one batch.
 */
function extractAllAtOnce(extractions: number): Extract {
  const allStarted = Promise.withResolvers<void>();
  let started = 0;
  return async (bytes, options) => {
    const result = await extractDocument(bytes, options);
    if (++started === extractions) allStarted.resolve(Promise.all(isLoadedCalls.mock.results.map(({ value }) => value)).then(() => {}));
    await allStarted.promise;
    return result;
  };
}

interface Run {
  summary: IngestSummary;
  warnings: unknown[];
  done: string[];
}

describe(`ingest in batches (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-batching-'));
  });
  afterAll(async () => {
    await database.close();
    await rm(blobRoot, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await database.reset();
    vi.clearAllMocks();
  });

  function dependencies(run: Run, extract: Extract = extractDocument) {
    const logger = { warn: (fields: unknown, message: string) => run.warnings.push([fields, message]), debug: () => {} };
    return {
      db: database.handle,
      blobs: createBlobStore(blobRoot),
      extract,
      logger: logger as unknown as Logger,
      onDocument: (source: string) => run.done.push(source),
    };
  }

  const newRun = (): Run => ({ summary: emptySummary(), warnings: [], done: [] });

  /** One ingest call, every document extracted before the first is loaded. */
  async function ingestTogether(documents: IncomingDocument[], extractions = documents.length): Promise<Run> {
    const run = newRun();
    await ingestDocuments(documents, dependencies(run, extractAllAtOnce(extractions)), run.summary);
    return run;
  }

  /** The reference: one ingest call per document, in input order. */
  async function ingestOneByOne(documents: IncomingDocument[]): Promise<Run> {
    const run = newRun();
    for (const document of documents) await ingestDocuments([document], dependencies(run), run.summary);
    return run;
  }

  /** The warehouse's rows without ids and timestamps; reports are named by their document. */
  async function warehouse() {
    const rows = async (sql: string) => (await database.handle.query<{ row: unknown }>(sql)).rows.map(({ row }) => row);
    return {
      agencies: await rows(`select to_jsonb(a) - 'id' - 'created_at' as row from agencies a order by 1`),
      documents: await rows(`select to_jsonb(d) - 'first_seen' - 'last_seen' - 'seen_order' as row from documents d order by 1`),
      sources: await rows(`select to_jsonb(s) - 'first_seen' - 'last_seen' as row from document_sources s order by 1`),
      reports: await rows(
        `select to_jsonb(r) - 'id' - 'agency_id' - 'superseded_by' - 'created_at'
                || jsonb_build_object('agency', a.name, 'superseded_by', successor.document_sha256) as row
         from reports r left join agencies a on a.id = r.agency_id left join reports successor on successor.id = r.superseded_by
         order by 1`,
      ),
      cells: await rows(`select (to_jsonb(c) - 'report_id') || jsonb_build_object('report', r.document_sha256) as row from cells c join reports r on r.id = c.report_id order by 1`),
      checks: await rows(`select (to_jsonb(k) - 'report_id') || jsonb_build_object('report', r.document_sha256) as row from checks k join reports r on r.id = k.report_id order by 1`),
    };
  }

  /** Failing T3-06 checks of the current 2023 report (their detail reads `a != b`). */
  async function failingT306of2023(): Promise<number> {
    const { rows } = await database.handle.query<{ n: number }>(
      `select count(*)::int as n from checks k join reports r on r.id = k.report_id
       where r.year = 2023 and r.status = 'ok' and k.rule = 'T3-06' and k.detail like '%!=%'`,
    );
    return rows[0]!.n;
  }

  describe('a report and the next year of the same agency, both extracted before either is loaded', () => {
    it.each([
      ['2022 first', [2022, 2023]],
      ['2023 first', [2023, 2022]],
    ])('%s: the warehouse and summary of loading them one by one', async (_, years) => {
      const byYear: Record<number, IncomingDocument> = {
        2022: await sample('html/v2021-gbk-split-headers.html'),
        2023: await year2023NotCarriedOver(),
      };
      const documents = years.map((year) => byYear[year]!);

      const together = await ingestTogether(documents);
      const batches = loadCalls.mock.calls.map(([, items]) => items.length);
      const loaded = await warehouse();
      expect(await failingT306of2023()).toBe(2);
      await database.reset();
      const oneByOne = await ingestOneByOne(documents);

      // Later year first: one batch, the 2022 re-check after it checks 2023. Earlier year first:
      // 2023 waits for a batch of its own, so it is checked against 2022 and counted as one by one.
      expect(batches).toEqual(years[0] === 2023 ? [2] : [1, 1]);
      expect(together).toEqual(oneByOne);
      expect(loaded).toEqual(await warehouse());
    });
  });

  it('a batch of good, broken, changed, repeated and already loaded documents ends as one by one', async () => {
    const original = await readFile(path.join(SAMPLES, 'text/v2021-wordpaste-tabs.txt'), 'utf8');
    const license = /行政许可\t(\d+)/.exec(original)!;
    const changed = { source: 'text/v2021-wordpaste-tabs.txt', bytes: encode(original.replace(license[0], `行政许可\t${Number(license[1]) + 1}`)) };
    const alreadyLoaded = [await sample('text/v2019-wordpaste-tabs.txt'), await sample('markdown/v2021-split-pdf.md')];
    const documents = [
      await sample('text/v2021-wordpaste-tabs.txt'),
      await sample('bad/empty.html'),
      alreadyLoaded[0]!,
      await sample('html/v2021-next-year-dash-na.html'),
      await sample('bad/garbage.html'),
      await sample('html/v2021-city-gov-utf8.html'),
      changed,
      alreadyLoaded[1]!,
      await sample('html/v2021-truncated.html'),
      await sample('html/v2021-gbk-split-headers.html'),
      await sample('bad/news-article.html'),
      await sample('text/v2021-wordpaste-tabs.txt'),
      await sample('markdown/v2019-clean.md'),
      { source: 'noise.bin', bytes: new Uint8Array(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)) },
    ];
    const afterPreload = async (ingest: () => Promise<Run>) => {
      await database.reset();
      await ingestOneByOne(alreadyLoaded);
      vi.clearAllMocks();
      return { run: await ingest(), warehouse: await warehouse() };
    };

    const together = await afterPreload(() => ingestTogether(documents, documents.length - alreadyLoaded.length));
    expect(loadCalls.mock.calls.map(([, items]) => items.length)).toEqual([documents.length - alreadyLoaded.length]);
    const oneByOne = await afterPreload(() => ingestOneByOne(documents));

    expect(together.run.summary).toMatchObject({ documents: 14, loaded: 5, superseded: 1, skipped: 3, failed: 5 });
    expect(together.run.summary.errors.map((error) => error.code)).toEqual(['E_EMPTY', 'E_BINARY', 'E_TRUNCATED', 'E_NOT_REPORT', 'E_BINARY']);
    expect(together.run.done).toEqual(documents.map((document) => document.source));
    expect(together).toEqual(oneByOne);
  });

  it('stops at a fatal database error and rethrows it: nothing after it is loaded', async () => {
    const documents = [await sample('html/v2021-gbk-split-headers.html'), await year2023NotCarriedOver(), await sample('markdown/v2019-clean.md')];
    const lost = new GongkaiError('E_DB', 'the warehouse load failed: connection lost', { retryable: true });
    loadCalls.mockImplementationOnce(actualLoadExtractions).mockRejectedValueOnce(lost);

    const run = newRun();
    await expect(ingestDocuments(documents, dependencies(run, extractAllAtOnce(documents.length)), run.summary)).rejects.toBe(lost);

    // 2022 went in a batch of its own (see above); the batch after it failed.
    const { rows } = await database.handle.query<{ year: number }>(`select year from reports order by id`);
    expect(rows).toEqual([{ year: 2022 }]);
    expect(run.done).toEqual(documents.map((document) => document.source));
  });
});
