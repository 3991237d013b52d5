import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng, runCli, type CliOptions, type CliResult } from './lib/cli.ts';
import { freshPostgresDatabase, openWarehouseOf, TEST_DATABASE_URL } from './lib/databases.ts';
import { PORTAL_ENV, startSamplePortal, type Portal } from './lib/portal.ts';
import { dumpDiff, expectations, inspectWarehouse, type Expected, type Inspection } from './lib/warehouse.ts';

/**
 * Crash safety of `gongkai run`: the real CLI crawls a local portal (sample HTML, text, Markdown,
 * PDF attachments, bad and broken documents, synthetic reports; 4 hosts) and is killed with
 * SIGKILL at seeded random points — during start-up (PGlite initdb, migrations), crawling,
 * extraction and loading — and restarted each time. After a last uninterrupted run the warehouse
 * must hold nothing partial, nothing twice and exactly what one uninterrupted run into a fresh
 * data dir holds. On file-backed PGlite (the CLI default) and on PostgreSQL (TEST_DATABASE_URL).
 *
 *   RELIABILITY_KILLS=40 RELIABILITY_SEED=7 npx vitest run test/reliability/kill9.test.ts
 */
/** kills per driver: 6 on PGlite and 4 on PostgreSQL in CI (10 in all); RELIABILITY_KILLS sets both */
const KILLS = { pglite: Number(process.env.RELIABILITY_KILLS ?? 6), postgres: Number(process.env.RELIABILITY_KILLS ?? 4) };
const SEED = Number(process.env.RELIABILITY_SEED ?? 20240115);
/** what a kill plan aims at: log lines of the crawl (list pages) and of the loader (one per document) */
const WORK_LINE = /"msg":"(?:loaded|list page)"|"code":"E_[A-Z_]+"/;

let portal: Portal;
let work: string;
let sources: string;
let expected: Map<string, Expected>;
let reference: { run: CliResult; inspection: Inspection };

const runArgs = (dataDir: string) => ['run', '--sources', sources, '--data-dir', dataDir, '--log-level', 'debug'];

beforeAll(async () => {
  portal = await startSamplePortal({ syntheticHosts: 2, perHost: 6, seed: 'kill9' });
  work = await mkdtemp(path.join(os.tmpdir(), 'gongkai-kill9-'));
  sources = path.join(work, 'sources.json');
  await writeFile(sources, JSON.stringify(portal.registry()));
  expected = await expectations(portal.documents.values());
  // The reference: one uninterrupted run into a fresh data dir (PGlite, the CLI default).
  const dataDir = path.join(work, 'reference');
  const run = await runCli(runArgs(dataDir), { env: { ...PORTAL_ENV, DATABASE_URL: undefined } });
  expect(run.code, run.stderr).toBe(0);
  const db = await openWarehouseOf({ dataDir });
  try {
    reference = { run, inspection: await inspectWarehouse(db, expected, { blobRoot: path.join(dataDir, 'blobs'), frontier: true }) };
  } finally {
    await db.close();
  }
  expect(reference.inspection.problems).toEqual([]);
}, 180_000);

afterAll(async () => {
  await portal?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

interface KillPlan {
  label: string;
  options: CliOptions;
}

/**
 * Seeded kill points. The first run of a fresh warehouse is killed during start-up (PGlite
 * initdb, migrations); the others after the n-th crawl/load log line plus 0-60 ms (lands in a
 * fetch, an extraction or a load transaction) or plus 60-800 ms (anywhere in the next few
 * documents). Anchoring on log lines rather than wall time keeps kills inside the work on a
 * slow or loaded machine, where start-up alone may take seconds.
 */
function planKill(index: number, rand: () => number): KillPlan {
  if (index === 0) {
    const ms = Math.round(150 + rand() * 1200);
    return { label: `start-up +${ms}ms`, options: { killAfterMs: ms } };
  }
  const count = 1 + Math.floor(rand() * 3);
  const thenMs = rand() < 0.6 ? Math.floor(rand() * 60) : Math.floor(60 + rand() * 740);
  return { label: `work line ${count} +${thenMs}ms`, options: { killOnLine: { pattern: WORK_LINE, count, thenMs } } };
}

interface LoopReport {
  kills: number;
  /** killed after the run had logged crawl/load work */
  killsDuringWork: number;
  /** runs that finished before their kill point */
  completed: number;
  plans: string[];
}

async function killAndRestart(dataDir: string, env: Record<string, string | undefined>, seed: number, kills: number): Promise<LoopReport> {
  const rand = prng(seed);
  const report: LoopReport = { kills: 0, killsDuringWork: 0, completed: 0, plans: [] };
  for (let i = 0; i < kills; i++) {
    const plan = planKill(i, rand);
    const result = await runCli(runArgs(dataDir), { ...plan.options, env: { ...PORTAL_ENV, ...env } });
    const worked = result.stderr.split('\n').some((line) => WORK_LINE.test(line));
    // A kill sent as the run was exiting on its own lands on a finished process (signal null):
    // that run completed before its kill point.
    if (result.killedAt && result.signal !== null) {
      // A restart after a kill must come up: a corrupted warehouse would fail here.
      expect(result.signal, `${plan.label}: ${result.stderr.slice(-2000)}`).toBe('SIGKILL');
      report.kills++;
      if (worked) report.killsDuringWork++;
      report.plans.push(`${plan.label} (${result.killedAt}${worked ? ', during work' : ''})`);
    } else {
      expect(result.code, `run ${i} (${plan.label}) exited without being killed:\n${result.stderr.slice(-3000)}`).toBe(0);
      report.completed++;
      report.plans.push(`${plan.label} (completed in ${result.ms} ms)`);
    }
  }
  const last = await runCli(runArgs(dataDir), { env: { ...PORTAL_ENV, ...env } });
  expect(last.code, last.stderr.slice(-3000)).toBe(0);
  return report;
}

async function verify(options: { databaseUrl?: string; dataDir: string }, report: LoopReport): Promise<void> {
  const db = await openWarehouseOf(options);
  try {
    const inspection = await inspectWarehouse(db, expected, { blobRoot: path.join(options.dataDir, 'blobs'), frontier: true });
    let context = `seed ${SEED}, kills:\n  ${report.plans.join('\n  ')}`;
    if (inspection.problems.some((problem) => problem.startsWith('served document never loaded'))) {
      context += '\nLost documents after a kill: see the known paging window in crawl-crash-window.test.ts (src/crawl/crawl.ts handleList).';
    }
    expect(inspection.problems, context).toEqual([]);
    // T3-06 (cross-year) included: a restart changes the order documents arrive in, and the
    // following year's re-check runs in the load's transaction, so no crash loses one
    // (cross-year-order.test.ts, src/pipeline/cross-year-checks.ts).
    expect(dumpDiff(inspection.dump, reference.inspection.dump), context).toEqual([]);
    // Agency identity and report coverage are written in the load transaction now; a difference
    // is reported here, and RELIABILITY_STRICT_IDENTITY=1 makes it fail.
    const identityDiff = dumpDiff(inspection.identity, reference.inspection.identity);
    if (process.env.RELIABILITY_STRICT_IDENTITY === '1') expect(identityDiff, context).toEqual([]);
    else if (identityDiff.length > 0) console.warn(`kill -9: identity/coverage differ after a crash (known gap, identity-after-crash.test.ts):\n  ${identityDiff.join('\n  ')}`);
    const { checks: _checks, ...counts } = inspection.counts;
    const { checks: _referenceChecks, ...referenceCounts } = reference.inspection.counts;
    expect(counts, context).toEqual(referenceCounts);
    const { rows } = await db.query<{ status: string; n: number }>(
      `select case when status = 'failed' and errors::text like '%interrupted%' then 'interrupted' else status end as status,
              count(*)::int as n
       from runs group by 1 order by 1`,
    );
    // The last run finished; no run failed for a reason of its own. Killed runs are ended as
    // interrupted by the next command that opens the warehouse: on PGlite every run still
    // 'running' (one process at a time opens it), on PostgreSQL those whose lock nobody holds.
    const runs = Object.fromEntries(rows.map((row) => [row.status, row.n]));
    expect(runs.ok, context).toBeGreaterThanOrEqual(1);
    expect(runs.failed ?? 0, context).toBe(0);
    expect(runs.running ?? 0, context).toBe(0);
  } finally {
    await db.close();
  }
  console.log(`kill -9: ${report.kills} kills (${report.killsDuringWork} during crawl/extract/load), ${report.completed} runs completed first; seed ${SEED}`);
}

describe('kill -9 during gongkai run, then restart', () => {
  it(`file-backed PGlite survives ${KILLS.pglite} kills with nothing partial, lost or doubled`, async () => {
    const dataDir = path.join(work, 'pglite-killed');
    const report = await killAndRestart(dataDir, { DATABASE_URL: undefined }, SEED, KILLS.pglite);
    expect(report.kills).toBeGreaterThanOrEqual(Math.min(KILLS.pglite, 3));
    await verify({ dataDir }, report);
  }, 600_000);

  it.skipIf(!TEST_DATABASE_URL)(`PostgreSQL survives ${KILLS.postgres} kills with nothing partial, lost or doubled`, async () => {
    const database = await freshPostgresDatabase(TEST_DATABASE_URL!);
    try {
      const dataDir = path.join(work, 'postgres-killed');
      const report = await killAndRestart(dataDir, { DATABASE_URL: database.url }, SEED + 1, KILLS.postgres);
      expect(report.kills).toBeGreaterThanOrEqual(Math.min(KILLS.postgres, 3));
      await verify({ databaseUrl: database.url, dataDir }, report);
    } finally {
      await database.drop();
    }
  }, 600_000);
});
