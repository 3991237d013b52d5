import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './lib/cli.ts';
import { openWarehouseOf } from './lib/databases.ts';
import { ownPostgresAvailable, startOwnPostgres, type OwnPostgres } from './lib/own-postgres.ts';
import { PORTAL_ENV, startSyntheticPortal, syntheticItems, type Portal, type ServedDocument } from './lib/portal.ts';
import { expectations, inspectWarehouse } from './lib/warehouse.ts';

/**
 * The database server restarts in the middle of `gongkai load` and `gongkai run` (our own
 * throw-away PostgreSQL, password authentication, `pg_ctl restart -m fast` once the run has
 * loaded a few documents). The run must fail cleanly — exit code 1, one `gongkai: E_DB: …` line,
 * no stack trace, the password nowhere — and the next run must complete with the full content.
 */
const DOCUMENTS = 36;
/**
 * `gongkai load` commits up to 64 extracted documents in one transaction and loads hundreds a
 * second, while `pg_ctl restart` takes a second or more to cut the connections (more under CI
 * load): the whole folder could go in before the restart, and the run would exit 0. So once the
 * run has loaded its first document, the test takes an exclusive lock on `reports`, which every
 * load batch reads first, and restarts the server only when the lock is held: the run is then
 * surely still running, waiting for it.
 */
const LOAD_DOCUMENTS = 600;
const LOADED = /"msg":"loaded"/;

let pg: OwnPostgres;
let work: string;

beforeAll(async () => {
  if (!ownPostgresAvailable()) return;
  work = await mkdtemp(path.join(os.tmpdir(), 'gongkai-pgrestart-'));
  pg = await startOwnPostgres({ password: 'Rel!ab1e:p@ss/word' });
}, 120_000);

afterAll(async () => {
  await pg?.destroy();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Restarts the server once, after the run logged its first loaded document (see LOAD_DOCUMENTS). */
function restartAfterFirstLoad(databaseUrl: string): { onLine: (line: string) => void; restarted: () => Promise<boolean> } {
  let restart: Promise<boolean> | undefined;
  const holdReportsAndRestart = async () => {
    const blocker = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    let restarting: Promise<void> | undefined;
    // the restart ends this session too, so the transaction fails; the restart is awaited below
    await blocker
      .begin(async (tx) => {
        await tx`lock table reports in access exclusive mode`;
        restarting = pg.restart();
        await restarting;
      })
      .catch(() => {});
    await blocker.end({ timeout: 1 }).catch(() => {});
    if (!restarting) return false;
    await restarting;
    return true;
  };
  return {
    onLine(line) {
      restart ??= LOADED.test(line) ? holdReportsAndRestart() : undefined;
    },
    restarted: async () => (restart ? await restart : false),
  };
}

/** What a failed run printed: one E_DB line, no stack trace, no password (raw or URL-encoded). */
function expectCleanFailure(result: CliResult): void {
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.code, output.slice(-3000)).toBe(1);
  for (const secret of [pg.password, encodeURIComponent(pg.password)]) expect(output).not.toContain(secret);
  const plain = result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('{'));
  expect(plain, result.stderr.slice(-3000)).toHaveLength(1);
  expect(plain[0]).toMatch(/^gongkai: E_DB: /);
  expect(output).not.toMatch(/^\s+at /m);
}

describe.skipIf(!ownPostgresAvailable())('PostgreSQL restarts mid-run', () => {
  it('gongkai load fails with E_DB, and the next load completes with every document', async () => {
    const folder = path.join(work, 'documents');
    await mkdir(folder, { recursive: true });
    const documents: ServedDocument[] = [];
    for (const [i, item] of syntheticItems(LOAD_DOCUMENTS, 'pg-restart-load').entries()) {
      const file = path.join(folder, `r${String(i).padStart(3, '0')}.${item.contentType.startsWith('text/plain') ? 'txt' : 'html'}`);
      await writeFile(file, item.body);
      documents.push({ url: file, bytes: item.body, contentType: '' });
    }
    await pg.createDatabase('load_restart');
    const env = { DATABASE_URL: pg.url('load_restart') };
    const dataDir = path.join(work, 'load-data');
    const args = ['load', folder, '--data-dir', dataDir, '--log-level', 'debug'];

    const trigger = restartAfterFirstLoad(env.DATABASE_URL);
    const failed = await runCli(args, { env, onLine: trigger.onLine });
    expect(await trigger.restarted(), 'the load finished before the restart').toBe(true);
    expectCleanFailure(failed);

    const again = await runCli(args, { env });
    expect(again.code, again.stderr.slice(-3000)).toBe(0);
    const db = await openWarehouseOf({ databaseUrl: env.DATABASE_URL, dataDir });
    try {
      const inspection = await inspectWarehouse(db, await expectations(documents), { blobRoot: path.join(dataDir, 'blobs') });
      expect(inspection.problems).toEqual([]);
      expect(inspection.counts).toMatchObject({ documents: LOAD_DOCUMENTS, reports: LOAD_DOCUMENTS, failed: 0 });
    } finally {
      await db.close();
    }
  }, 180_000);

  it('gongkai run fails with E_DB (not "exit 0, URLs to retry in 15 minutes"), and the next run completes', async () => {
    let portal: Portal | undefined;
    try {
      portal = await startSyntheticPortal({ hosts: 3, perHost: DOCUMENTS / 3, seed: 'pg-restart-run' });
      const sources = path.join(work, 'sources.json');
      await writeFile(sources, JSON.stringify(portal.registry()));
      await pg.createDatabase('run_restart');
      const env = { ...PORTAL_ENV, DATABASE_URL: pg.url('run_restart') };
      const dataDir = path.join(work, 'run-data');
      const args = ['run', '--sources', sources, '--data-dir', dataDir, '--log-level', 'debug'];

      const trigger = restartAfterFirstLoad(env.DATABASE_URL);
      const failed = await runCli(args, { env, onLine: trigger.onLine });
      expect(await trigger.restarted(), 'the run finished before the restart').toBe(true);
      expectCleanFailure(failed);

      const again = await runCli(args, { env });
      expect(again.code, again.stderr.slice(-3000)).toBe(0);
      const db = await openWarehouseOf({ databaseUrl: env.DATABASE_URL, dataDir });
      try {
        const inspection = await inspectWarehouse(db, await expectations(portal.documents.values()), { blobRoot: path.join(dataDir, 'blobs'), frontier: true });
        expect(inspection.problems).toEqual([]);
        expect(inspection.counts).toMatchObject({ documents: DOCUMENTS, reports: DOCUMENTS, failed: 0 });
      } finally {
        await db.close();
      }
    } finally {
      await portal?.stop();
    }
  }, 180_000);
});
