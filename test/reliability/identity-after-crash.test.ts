import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractDocument, sha256Hex } from '../../src/extract/index.ts';
import { createBlobStore } from '../../src/load/index.ts';
import { ingestDocuments, type IncomingDocument } from '../../src/pipeline/ingest.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';
import { SAMPLES } from './lib/portal.ts';

/**
 * The loader commits a batch (documents, reports, cells, checks) in one transaction, then records
 * agency identity (level, type, jurisdiction) and report coverage in a second one
 * (src/load/load-report.ts recordIdentity → src/warehouse/identity-store.ts). A kill -9 between
 * the two leaves the report without coverage and its new agency unclassified. A restart does not
 * repair that: the document is skipped as already loaded, and the catch-up only runs when some
 * new document is loaded — and never restores the agency's publishing host (or USCC), which only
 * the document's own batch knows. Found by the kill -9 test (seed 3: an agency without its host).
 * Fixed by writing agency identity, USCC, host and coverage in the load transaction itself
 * (src/load/load-batch.ts), so no crash can separate them from the report. The catch-up that
 * repairs coverage and level/type of older rows is still tested below.
 */
describe(`agency identity and coverage after a crash between the load's two transactions (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;
  let document: IncomingDocument;
  let another: IncomingDocument;

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-identity-crash-'));
    const file = 'html/v2021-city-gov-utf8.html';
    document = { source: 'http://www.bikou.gov.cn/zfxxgk/zfxxgknb/202401/t20240115_1.html', bytes: new Uint8Array(await readFile(path.join(SAMPLES, file))) };
    const other = 'html/v2019-2020-blank-totals.html';
    another = { source: 'http://www.tongfeng.gov.cn/zfxxgk/zfxxgknb/202101/t20210115_1.html', bytes: new Uint8Array(await readFile(path.join(SAMPLES, other))) };
  });
  afterAll(async () => {
    await database.close();
    await rm(blobRoot, { recursive: true, force: true });
  });
  beforeEach(() => database.reset());

  const ingest = (incoming: IncomingDocument = document) =>
    ingestDocuments([incoming], {
      db: database.handle,
      blobs: createBlobStore(blobRoot),
      extract: (bytes, options) => extractDocument(bytes, options),
      logger: pino({ level: 'silent' }),
    });

  async function identity() {
    const { rows } = await database.handle.query<{ coverage: string | null; identity_source: string | null; host: string | null }>(
      `select r.coverage, a.identity_source, a.host from reports r join agencies a on a.id = r.agency_id where r.document_sha256 = $1`,
      [sha256Hex(document.bytes)],
    );
    return rows;
  }

  /** The state a kill -9 right after the load transaction's commit leaves behind. */
  async function crashBetweenTheTransactions() {
    await database.handle.query(`update reports set coverage = null, coverage_evidence = null`);
    await database.handle.query(`update agencies set level = null, type = null, jurisdiction = null, identity_source = null, identity_note = null, host = null, uscc = null`);
  }

  it('an uninterrupted load records coverage and identity (control)', async () => {
    await ingest();
    const rows = await identity();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.coverage).not.toBeNull();
    expect(rows[0]!.identity_source).toBe('inferred');
    expect(rows[0]!.host).toBe('www.bikou.gov.cn');
  });

  it('the next new document repairs coverage and level/type (the catch-up)', async () => {
    await ingest();
    await crashBetweenTheTransactions();
    await ingest(another);
    const rows = await identity();
    expect(rows[0]!.coverage).not.toBeNull();
    expect(rows[0]!.identity_source).toBe('inferred');
  });

});
