import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { parseSources, type SourcesRegistry } from '../../src/crawl/index.ts';
import {
  derivedJobId,
  enqueueCrawls,
  enqueueIngest,
  formatQueueStatus,
  openQueueRuntime,
  QUEUES,
  queueCounts,
  queueStatus,
  renderMetrics,
  startHealthServer,
  startWorker,
  type QueueRuntime,
} from '../../src/queue/index.ts';
import { TEST_UA } from '../crawl/helpers.ts';
import { TestSite } from '../crawl/sites/server.ts';
import { buildPortal, createQueueDatabase, embeddedPglite, TEST_DATABASE_URL, type QueueDatabase } from './helpers.ts';

/**
 * The queue inside one process — what `gongkai schedule --now` and `gongkai worker` do on the
 * embedded PGlite (the single-machine default), or on PostgreSQL when TEST_DATABASE_URL is set:
 * queue policies, producers, and nightly → crawl-site → ingest-document end to end.
 */
const driver = TEST_DATABASE_URL ? 'postgres' : 'pglite';

describe(`the job queue in one process (${driver})`, () => {
  let runtime: QueueRuntime;
  let database: QueueDatabase | undefined;
  let work: string;
  let config: Config;
  let registry: SourcesRegistry;
  const portal = new TestSite();
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'gongkai-queue-embedded-'));
    await portal.start();
    const entry = await buildPortal(portal, ['html/v2021-city-gov-utf8.html', 'html/v2019-2020-blank-totals.html']);
    registry = parseSources({
      version: 1,
      userAgent: TEST_UA,
      defaults: { concurrency: 1, delayMs: 0 },
      sites: [
        { id: 'local', agency: '本地门户', hosts: [portal.host], entries: [entry] },
        // never crawled here: only enqueued
        { id: 'elsewhere', agency: '别处', hosts: ['127.0.0.1:9'], entries: ['http://127.0.0.1:9/nb/index.html'] },
      ],
    });
    database = TEST_DATABASE_URL ? await createQueueDatabase() : undefined;
    config = loadConfig({
      env: {},
      cwd: work,
      flags: { dataDir: work, databaseUrl: database?.url, queuePollSeconds: 0.5, queueMonitorSeconds: 1, queueRetryDelaySeconds: 1, workers: 1, crawlAllowedAddresses: ['127.0.0.1/32'] },
    });
    runtime = await openQueueRuntime({ config, logger, schedule: false, pglite: database ? undefined : await embeddedPglite() });
  });
  afterAll(async () => {
    await runtime?.close({ graceMs: 1000 });
    await database?.drop();
    await portal.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('creates the queues with their policies; the database drops duplicates', async () => {
    const { boss } = runtime;
    expect((await boss.getQueues([QUEUES.nightly, QUEUES.crawlSite, QUEUES.ingestDocument])).map((q) => [q.name, q.policy]).sort()).toEqual([
      ['crawl-site', 'singleton'],
      ['ingest-document', 'exclusive'],
      ['nightly', 'exclusive'],
    ]);
    // nightly cannot overlap itself: a second one is refused while the first waits or runs
    const first = await boss.send(QUEUES.nightly, {});
    expect(first).toEqual(expect.any(String));
    expect(await boss.send(QUEUES.nightly, {})).toBeNull();
    await boss.deleteJob(QUEUES.nightly, first!);

    // the same bytes are ingested once while a job for them exists; the blob is stored
    const bytes = new TextEncoder().encode('同一份报告');
    const one = await enqueueIngest(boss, runtime.blobs, { bytes, source: 'http://a.gov.cn/1.html' });
    const two = await enqueueIngest(boss, runtime.blobs, { bytes, source: 'http://b.gov.cn/1.html' });
    expect(one.id).toEqual(expect.any(String));
    expect(two).toEqual({ sha256: one.sha256, id: null });
    expect(await runtime.blobs.get(one.sha256)).toEqual(bytes);
    await boss.deleteJob(QUEUES.ingestDocument, one.id!);
  });

  it('enqueues a crawl per site once: waiting crawls and repeated job ids are skipped', async () => {
    const { boss } = runtime;
    const jobId = (site: { id: string }) => derivedJobId('test', site.id);
    const first = await enqueueCrawls(boss, registry, registry.sites, { mode: 'incremental', jobId });
    expect(first.enqueued.map((job) => job.site)).toEqual(['local', 'elsewhere']);
    const again = await enqueueCrawls(boss, registry, registry.sites, { mode: 'incremental' });
    expect(again).toEqual({ enqueued: [], skipped: [{ site: 'local', reason: 'already queued' }, { site: 'elsewhere', reason: 'already queued' }] });
    // a backfill is another crawl
    const backfill = await enqueueCrawls(boss, registry, registry.sites.slice(0, 1), { mode: 'backfill', years: { from: 2020, to: 2023 }, jobId });
    expect(backfill.skipped).toEqual([{ site: 'local', reason: 'duplicate job' }]); // same derived id as the first
    await boss.deleteQueuedJobs(QUEUES.crawlSite);
  });

  it('runs nightly → crawl-site → ingest-document to the end and reports it', { timeout: 60_000 }, async () => {
    const { boss, db } = runtime;
    const worker = await startWorker({ runtime, config, logger, queues: [QUEUES.nightly, QUEUES.crawlSite, QUEUES.ingestDocument], concurrency: 2, registry: async () => registry });
    try {
      // only the local site: the other one does not answer
      expect(await boss.send(QUEUES.nightly, { sites: ['local'] })).toEqual(expect.any(String));
      await worker.drained({ pollMs: 250 });
    } finally {
      await worker.stop({ graceMs: 5000 });
    }
    expect(Object.fromEntries(worker.metrics.jobs)).toEqual({
      nightly: { completed: 1, failed: 0, deadletter: 0 },
      'crawl-site': { completed: 1, failed: 0, deadletter: 0 },
      'ingest-document': { completed: 2, failed: 0, deadletter: 0 },
    });
    const { rows: reports } = await db.query<{ agency: string; year: number; status: string }>(
      `select a.name as agency, r.year, r.status from reports r join agencies a on a.id = r.agency_id order by a.name`,
    );
    expect(reports.map((row) => [row.agency, row.year, row.status])).toEqual([
      ['桐峰县教育局', 2020, 'ok'],
      ['璧口市人民政府', 2023, 'ok'],
    ]);
    const { rows: runs } = await db.query<{ command: string; status: string }>(`select command, status from runs order by id`);
    expect(runs).toEqual([
      { command: 'nightly', status: 'ok' },
      { command: 'crawl-site', status: 'ok' },
    ]);

    const execute = (text: string, params?: unknown[]) => db.query(text, params);
    const status = await queueStatus(execute, { recent: 3 });
    expect(status!.queues.map((queue) => [queue.queue, queue.states.completed, queue.depth, queue.states.active])).toEqual([
      ['nightly', 1, 0, 0],
      ['crawl-site', 1, 0, 0],
      ['ingest-document', 2, 0, 0],
    ]);
    expect(status!.recent).toHaveLength(3);
    const text = formatQueueStatus(status!);
    expect(text).toContain('crawl-site (singleton): waiting 0 (retrying 0), active 0, done 1, failed 0');
    expect(text).toMatch(/ingest-document completed http:\/\/127\.0\.0\.1:\d+\/nb\/t\d\.html — loaded/);

    // /metrics and /healthz as a worker serves them
    const server = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      health: async () => ({ ok: true, body: { status: 'ok' } }),
      metrics: async () => renderMetrics({ role: 'worker', queues: await queueCounts(execute), worker: worker.metrics, stopping: false }),
    });
    try {
      const metrics = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = await metrics.text();
      expect(body).toContain('gongkai_queue_jobs{queue="ingest-document",state="completed"} 2');
      expect(body).toContain('gongkai_worker_jobs_total{queue="crawl-site",outcome="completed"} 1');
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
