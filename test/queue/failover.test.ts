import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  type QueueDatabase,
} from './helpers.ts';

/**
 * A crawl-site job whose site hangs mid-request goes through three workers:
 * 1. worker A is stopped with SIGTERM: it releases the job (failed, retried) and exits 0 at once;
 * 2. worker B takes the retry and is killed with SIGKILL: the job stays active until its
 *    heartbeat lapses (10 s, the shortest pg-boss allows), then it is retried;
 * 3. worker C takes it, the site answers, and the job completes: once, with its documents.
 */
describe.runIf(TEST_DATABASE_URL)('a dead or stopped worker leaves its job to another', () => {
  let database: QueueDatabase;
  let work: string;
  let server: TestSite;
  let hang = true;

  beforeAll(async () => {
    database = await createQueueDatabase();
    work = await mkdtemp(path.join(os.tmpdir(), 'gongkai-queue-failover-'));
    server = await new TestSite().start();
    const entry = await buildPortal(server, ['html/v2021-city-gov-utf8.html'], { hang: () => hang });
    await writeSources(path.join(work, 'sources.json'), [{ id: 'slow', server, entry }]);
  });
  afterAll(async () => {
    await killAll();
    await server?.stop();
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('is released on SIGTERM and taken over after SIGKILL', { timeout: 90_000 }, async () => {
    const env = {
      ...FAST_QUEUE_ENV,
      DATABASE_URL: database.url,
      GONGKAI_DATA_DIR: path.join(work, 'data'),
      GONGKAI_SOURCES: path.join(work, 'sources.json'),
    };
    const worker = (name: string) => new GongkaiProcess(name, ['worker', '--queues', 'crawl-site,ingest-document', '--port', '0', '--grace', '20'], env);
    const listRequestsInFlight = () => server.log.filter((r) => r.path === '/nb/index.html' && r.status === 0).length;
    const job = async () =>
      (await database.handle.query<{ id: string; state: string; retry_count: number; output: Record<string, unknown> | null }>(`select id::text, state::text, retry_count, output from pgboss.job where name = 'crawl-site'`)).rows[0];

    // The CLI enqueues (on PostgreSQL it only enqueues and exits) while worker A starts.
    const a = worker('worker-a');
    const enqueue = new GongkaiProcess('enqueue', ['schedule', '--now', '--site', 'slow'], env);
    expect(await enqueue.exited).toEqual({ code: 0, signal: null });
    await a.ready();
    expect(enqueue.text.join('')).toContain('enqueued 1 crawl-site job(s): slow');

    // 1. SIGTERM while the crawl hangs: released at once, not after the 20 s grace period.
    await a.waitFor((line) => line.msg === 'job started' && line.queue === 'crawl-site');
    await waitUntil(() => listRequestsInFlight() === 1, 10_000, 'worker A to hang on the list page');
    const stopAt = Date.now();
    a.kill('SIGTERM');
    expect(await a.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopAt).toBeLessThan(10_000);
    expect(a.jobs('job failed')).toMatchObject([{ queue: 'crawl-site', outcome: 'failed', output: { error: 'E_INTERRUPTED' } }]);
    expect(await job()).toMatchObject({ state: 'retry', retry_count: 0 });

    // 2. Worker B takes the retry and dies mid-request.
    const b = worker('worker-b');
    await b.waitFor((line) => line.msg === 'job started' && line.queue === 'crawl-site', 20_000, 'worker B to take the job');
    await waitUntil(() => listRequestsInFlight() === 1, 10_000, 'worker B to hang on the list page');
    b.kill('SIGKILL');
    expect((await b.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    expect(await job()).toMatchObject({ state: 'active', retry_count: 1 });

    // 3. Worker C waits out B's heartbeat, then crawls a site that answers again.
    hang = false;
    const c = worker('worker-c');
    const takeover = await c.waitFor((line) => line.msg === 'job started' && line.queue === 'crawl-site', 40_000, 'worker C to take the job over');
    expect(takeover.attempt).toBe(3); // after A's and B's
    expect(takeover.time - killedAt).toBeGreaterThanOrEqual(9_000);
    await waitUntil(async () => (await job())?.state === 'completed', 20_000, 'the crawl to complete');
    await waitUntil(
      async () => (await database.handle.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = 'ingest-document' and state = 'completed'`)).rows[0]!.n === 1,
      20_000,
      'the document to be loaded',
    );
    c.kill('SIGTERM');
    expect(await c.exited).toEqual({ code: 0, signal: null });

    // Completed once, by C; B's attempt never completed; the document is loaded once.
    expect([...a.jobs('job completed'), ...b.jobs('job completed')].filter((line) => line.queue === 'crawl-site')).toEqual([]);
    expect(c.jobs('job completed').filter((line) => line.queue === 'crawl-site')).toHaveLength(1);
    const { rows } = await database.handle.query<{ n: number; leased: number }>(
      `select (select count(*) from reports where status = 'ok')::int as n, (select count(*) from crawl_urls where state = 'leased')::int as leased`,
    );
    expect(rows[0]).toEqual({ n: 1, leased: 0 });
  });
});
