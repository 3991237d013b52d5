import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extract/index.ts';
import { createBlobStore } from '../../src/load/index.ts';
import { ingestDocuments } from '../../src/pipeline/ingest.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';
import { SAMPLES } from './lib/portal.ts';

/**
 * Found by the kill -9 test: T3-06 (this year's carried-over = last year's carried-forward) is
 * computed when a report is loaded, against the previous year's report *already in the
 * warehouse*. When the later year arrives first — a restart after a crash reorders a crawl's
 * batch, two sites publish one agency, a backfill walks newest first — the later year is never
 * checked, and nothing re-checked it when the earlier year landed. Fixed: loading a year now
 * re-checks the following year's current report (load/cross-year.ts).
 */
const PAIR = { 2022: 'html/v2021-gbk-split-headers.html', 2023: 'html/v2021-next-year-dash-na.html' };

describe(`T3-06 and load order (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;
  const documents: Record<number, { source: string; bytes: Uint8Array }> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-t306-'));
    for (const [year, file] of Object.entries(PAIR)) documents[Number(year)] = { source: file, bytes: new Uint8Array(await readFile(path.join(SAMPLES, file))) };
  });
  afterAll(async () => {
    await database.close();
    await rm(blobRoot, { recursive: true, force: true });
  });
  beforeEach(() => database.reset());

  async function loadInOrder(years: number[]): Promise<number> {
    for (const year of years) {
      await ingestDocuments([documents[year]!], {
        db: database.handle,
        blobs: createBlobStore(blobRoot),
        extract: (bytes, options) => extractDocument(bytes, options),
        logger: pino({ level: 'silent' }),
      });
    }
    const { rows } = await database.handle.query<{ n: number }>(
      `select ((select count(*) from string_to_table((select l.checks from passed_check_lists l where l.key = r.passed_check_list), ' ') as p where p like 'T3-06:%')
               + (select count(*) from checks k where k.report_id = r.id and k.rule = 'T3-06'))::int as n
       from reports r where r.year = 2023`,
    );
    return rows[0]!.n;
  }

  it('checks the later year when the earlier one is already loaded', async () => {
    expect(await loadInOrder([2022, 2023])).toBe(7);
  });

  it('checks the later year when it arrives first', async () => {
    expect(await loadInOrder([2023, 2022])).toBe(7);
  });
});
