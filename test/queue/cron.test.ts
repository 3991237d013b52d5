import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedJobId } from '../../src/queue/index.ts';
import { TestSite } from '../crawl/sites/server.ts';
import { createQueueDatabase, FAST_QUEUE_ENV, GongkaiProcess, killAll, TEST_DATABASE_URL, writeSources, type QueueDatabase } from './helpers.ts';

/**
 * Two `gongkai schedule` processes and a worker on one database: the nightly tick enqueues one
 * `nightly` job, which enqueues one crawl-site job per site — exactly once, although both
 * schedulers run a cron pass every second.
 *
 * Keeping it short: pg-boss's cron is minute-granular and an occurrence stays due for the 60
 * seconds after it. The test schedules `<this minute> * * * *` in UTC, so the occurrence at the
 * start of the current minute is due the moment the schedulers start (and no other until the
 * next hour). It waits for the next minute first only when fewer than 20 s of this one are left.
 */
describe.runIf(TEST_DATABASE_URL)('the nightly cron with two schedulers', () => {
  let database: QueueDatabase;
  let work: string;
  const servers: TestSite[] = [];

  beforeAll(async () => {
    database = await createQueueDatabase();
    work = await mkdtemp(path.join(os.tmpdir(), 'gongkai-queue-cron-'));
    // Two sites; their crawls stay queued (this test's worker only works the nightly queue).
    for (let site = 0; site < 2; site++) servers.push(await new TestSite().start());
    await writeSources(
      path.join(work, 'sources.json'),
      servers.map((server, i) => ({ id: ['east', 'west'][i]!, server, entry: server.url('/nb/index.html') })),
    );
  });
  afterAll(async () => {
    await killAll();
    for (const server of servers) await server.stop();
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('enqueues the nightly crawl exactly once per tick', { timeout: 90_000 }, async () => {
    // The schedulers must be running before the occurrence stops being due.
    const secondsLeft = 60 - new Date().getUTCSeconds();
    if (secondsLeft < 20) await sleep(secondsLeft * 1000 + 200);
    const minute = new Date().getUTCMinutes();
    const env = {
      ...FAST_QUEUE_ENV,
      DATABASE_URL: database.url,
      GONGKAI_DATA_DIR: path.join(work, 'data'),
      GONGKAI_SOURCES: path.join(work, 'sources.json'),
      GONGKAI_NIGHTLY_CRON: `${minute} * * * *`,
      GONGKAI_NIGHTLY_TZ: 'UTC',
    };
    const schedulers = [1, 2].map((n) => new GongkaiProcess(`scheduler-${n}`, ['schedule', '--port', '0'], env));
    const worker = new GongkaiProcess('worker', ['worker', '--queues', 'nightly', '--port', '0'], env);
    await Promise.all([...schedulers, worker].map((process) => process.ready()));
    for (const scheduler of schedulers) expect(scheduler.logs.find((line) => line.msg === 'nightly crawl scheduled')).toMatchObject({ cron: `${minute} * * * *`, timezone: 'UTC' });

    const nightlyDone = await worker.waitFor((line) => line.msg === 'job completed' && line.queue === 'nightly', 30_000, 'the nightly job');
    expect(nightlyDone.output).toEqual({ sites: 2, enqueued: 2, alreadyQueued: 0 });
    // Both schedulers keep evaluating the cron every second while the occurrence stays due
    // (crossing into the next minute changes nothing: the next occurrence is an hour away).
    await sleep(6000);
    for (const process of [...schedulers, worker]) process.kill('SIGTERM');
    for (const process of [...schedulers, worker]) expect((await process.exited).code, process.name).toBe(0);

    const { rows: nightly } = await database.handle.query<{ id: string; state: string }>(`select id::text, state::text from pgboss.job where name = 'nightly'`);
    expect(nightly).toEqual([{ id: expect.any(String), state: 'completed' }]);
    const { rows: crawls } = await database.handle.query<{ id: string; site: string; state: string }>(
      `select id::text, data->>'siteId' as site, state::text from pgboss.job where name = 'crawl-site' order by 2`,
    );
    expect(crawls).toEqual([
      { id: derivedJobId('nightly', nightly[0]!.id, 'east'), site: 'east', state: 'created' },
      { id: derivedJobId('nightly', nightly[0]!.id, 'west'), site: 'west', state: 'created' },
    ]);
    expect(worker.jobs('job started')).toHaveLength(1);
    const { rows: runs } = await database.handle.query<{ command: string; status: string }>(`select command, status from runs`);
    expect(runs).toEqual([{ command: 'nightly', status: 'ok' }]);
  });
});
