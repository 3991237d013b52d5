import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { politenessKey, QUEUES } from '../../src/queue/index.ts';
import { parseSources } from '../../src/crawl/index.ts';
import { TEST_UA } from '../crawl/helpers.ts';
import { TestSite } from '../crawl/sites/server.ts';
import {
  buildPortal,
  createQueueDatabase,
  FAST_QUEUE_ENV,
  GongkaiProcess,
  killAll,
  TEST_DATABASE_URL,
  waitUntil,
  writeSources,
  type LogLine,
  type PortalSite,
  type QueueDatabase,
} from './helpers.ts';

/**
 * Two `gongkai worker` processes drain one queue of crawl and ingest jobs on PostgreSQL: every
 * job runs exactly once, no site is ever crawled by two workers at once (checked from the
 * servers' side, counting requests in flight per host, and from the workers' logs), and every
 * document is loaded once.
 */
const FILES = [
  ['html/v2021-city-gov-utf8.html', 'html/v2019-2020-blank-totals.html'],
  ['html/v2021-gbk-split-headers.html', 'html/v2021-next-year-dash-na.html'],
  // the third portal republishes a document of the first: extracted once, by hash
  ['html/pre2019-2015-county.html', 'html/v2021-city-gov-utf8.html'],
];

describe.runIf(TEST_DATABASE_URL)('two worker processes on one PostgreSQL queue', () => {
  let database: QueueDatabase;
  let work: string;
  const portals: PortalSite[] = [];

  beforeAll(async () => {
    database = await createQueueDatabase();
    work = await mkdtemp(path.join(os.tmpdir(), 'gongkai-queue-workers-'));
    for (const [i, files] of FILES.entries()) {
      const server = await new TestSite().start();
      // Slow answers stretch each crawl to about a second, so overlapping crawls would show.
      const entry = await buildPortal(server, files, { delayMs: 120 });
      portals.push({ id: `portal-${i + 1}`, server, entry });
    }
    await writeSources(path.join(work, 'sources.json'), portals);
  });
  afterAll(async () => {
    await killAll();
    for (const portal of portals) await portal.server.stop();
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('drains the queue with every job run once and at most one crawl per site at any time', { timeout: 90_000 }, async () => {
    const env = {
      ...FAST_QUEUE_ENV,
      DATABASE_URL: database.url,
      GONGKAI_DATA_DIR: path.join(work, 'data'), // one blob store, shared like a volume
      GONGKAI_SOURCES: path.join(work, 'sources.json'),
    };
    const workers = [1, 2].map((n) => new GongkaiProcess(`worker-${n}`, ['worker', '--concurrency', '2', '--port', '0'], env));
    await Promise.all(workers.map((worker) => worker.ready()));

    // Every site twice (as when a manual crawl meets the nightly one): without the singleton
    // policy the two workers would crawl the same site at the same time.
    const boss = new PgBoss({ connectionString: database.url, max: 2, supervise: false, schedule: false });
    await boss.start();
    const registry = parseSources({ version: 1, userAgent: TEST_UA, sites: portals.map((p) => ({ id: p.id, agency: p.id, hosts: [p.server.host], entries: [p.entry] })) });
    try {
      const jobs = portals.flatMap((portal) => [1, 2].map(() => ({ data: { siteId: portal.id, mode: 'incremental' }, singletonKey: politenessKey(registry, portal.id) })));
      expect(await boss.insert(QUEUES.crawlSite, jobs, { returnId: true })).toHaveLength(6);

      const unfinished = async () =>
        Number(
          (await database.handle.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name in ('crawl-site', 'ingest-document') and state <> 'completed'`)).rows[0]!.n,
        );
      await waitUntil(async () => (await unfinished()) === 0 && workers.every((w) => w.jobs('job started').length === w.jobs('job completed').length), 60_000, 'the queue to drain');
    } finally {
      await boss.stop({ graceful: false });
    }

    // Graceful stop: both exit 0.
    for (const worker of workers) worker.kill('SIGTERM');
    for (const worker of workers) expect(await worker.exited).toEqual({ code: 0, signal: null });

    const { rows: stored } = await database.handle.query<{ id: string; name: string; state: string; retry_count: number; data: { siteId?: string; sha256?: string }; output: { status?: string } }>(
      `select id::text, name, state::text, retry_count, data, output from pgboss.job where name in ('crawl-site', 'ingest-document')`,
    );
    const started = workers.flatMap((worker) => worker.jobs('job started'));
    const completed = workers.flatMap((worker) => worker.jobs('job completed'));
    // Every stored job ran exactly once, on the first attempt, and completed exactly once.
    const count = (lines: LogLine[]) => lines.reduce((map, line) => map.set(String(line.jobId), (map.get(String(line.jobId)) ?? 0) + 1), new Map<string, number>());
    const startedCount = count(started);
    const completedCount = count(completed);
    for (const job of stored) {
      expect(job, `job ${job.id}`).toMatchObject({ state: 'completed', retry_count: 0 });
      expect(startedCount.get(job.id), `starts of ${job.name} ${job.id}`).toBe(1);
      expect(completedCount.get(job.id), `completions of ${job.name} ${job.id}`).toBe(1);
    }
    expect(started).toHaveLength(stored.length);
    expect(stored.filter((job) => job.name === 'crawl-site')).toHaveLength(6);
    // Both processes took part.
    for (const worker of workers) expect(worker.jobs('job completed').length, worker.name).toBeGreaterThan(0);

    // Politeness, from the servers: never two requests in flight to one host…
    for (const portal of portals) expect(portal.server.maxInFlight, portal.id).toBe(1);
    // …and from the workers' logs: the two crawls of a site never overlapped in time.
    for (const portal of portals) {
      const spans = completed
        .filter((line) => line.queue === 'crawl-site' && line.site === portal.id)
        .map((line) => ({ end: line.time, start: line.time - Number(line.seconds) * 1000 }))
        .sort((a, b) => a.start - b.start);
      expect(spans).toHaveLength(2);
      expect(spans[1]!.start, `${portal.id}: second crawl starts after the first ends`).toBeGreaterThanOrEqual(spans[0]!.end - 5);
    }

    // Five distinct documents (one published twice): each loaded exactly once.
    const ingests = stored.filter((job) => job.name === 'ingest-document');
    const loadedBySha = new Map<string, number>();
    for (const job of ingests) if (job.output.status !== 'skipped') loadedBySha.set(job.data.sha256!, (loadedBySha.get(job.data.sha256!) ?? 0) + 1);
    expect(new Set(ingests.map((job) => job.data.sha256)).size).toBe(5);
    expect([...loadedBySha.values()]).toEqual([1, 1, 1, 1, 1]);
    const { rows: reports } = await database.handle.query<{ n: number }>(`select count(*)::int as n from reports`);
    expect(reports[0]!.n).toBe(5);
    const { rows: leased } = await database.handle.query<{ n: number }>(`select count(*)::int as n from crawl_urls where state = 'leased'`);
    expect(leased[0]!.n).toBe(0);
  });
});
