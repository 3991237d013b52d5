import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crawl } from '../../src/crawl/crawl.ts';
import { PgFrontier } from '../../src/crawl/frontier-pg.ts';
import type { EnqueueOptions, EnqueueRequest, Frontier } from '../../src/crawl/frontier.ts';
import { MemorySink } from '../../src/crawl/sink.ts';
import type { Site } from '../../src/crawl/sources.ts';
import { testFetcher } from '../crawl/helpers.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';
import { startSyntheticPortal, type Portal } from './lib/portal.ts';

/**
 * Found by the kill -9 test (PostgreSQL, seed 7, 30 kills: 9 reports never loaded although the
 * 12 runs after the last kill all completed). A kill -9 that lands inside the handling of a list
 * page — after its report links are inserted into the frontier, before its "next page" link is —
 * loses every later page for incremental runs: the restarted run re-fetches the still-leased
 * list page, finds all its links already known, concludes "nothing new, stop paging" and never
 * enqueues page 2. Only a backfill found those reports again. Fixed: incremental paging now
 * stops only at a page whose items are all fetched (crawl.ts anyUnfetched).
 *
 * Here the kill is simulated exactly at that point: the frontier performs the insert of page 1's
 * links, then the "process" dies (the crawl is aborted, so nothing after that statement runs).
 */
const REPORTS = 12;
const PER_PAGE = 4;

describe(`a crash between a list page's links and its next page (${driverName})`, () => {
  let portal: Portal;
  let database: TestDatabase;
  let site: Site;

  beforeAll(async () => {
    portal = await startSyntheticPortal({ hosts: 1, perHost: REPORTS, perPage: PER_PAGE, seed: 'crash-window' });
    database = await createTestDatabase();
    const server = portal.sites[0]!;
    site = { id: 'window', agency: 'window', hosts: [server.host], entries: [server.url('/zfxxgk/zfxxgknb/index.html')], adapter: 'generic', limits: { concurrency: 1, delayMs: 0 } };
  });
  afterAll(async () => {
    await portal.stop();
    await database.close();
  });
  beforeEach(() => database.reset());

  /** A PgFrontier whose process "dies" right after the n-th enqueue statement committed. */
  function dyingFrontier(dieAfterEnqueue: (requests: EnqueueRequest[]) => boolean, controller: AbortController): Frontier {
    const frontier = new PgFrontier(database.handle.db);
    return new Proxy(frontier, {
      get(target, property, receiver) {
        if (property !== 'enqueue') return Reflect.get(target, property, receiver);
        return async (requests: EnqueueRequest[], options?: EnqueueOptions) => {
          const added = await target.enqueue(requests, options);
          if (!controller.signal.aborted && dieAfterEnqueue(requests)) {
            controller.abort();
            throw new Error('killed');
          }
          return added;
        };
      },
    });
  }

  async function crashThenRestart(dieAfterEnqueue: (requests: EnqueueRequest[]) => boolean): Promise<number> {
    const sink = new MemorySink();
    const fetcher = testFetcher([site], { maxBodyBytes: 4 << 20 });
    try {
      const controller = new AbortController();
      await crawl({ sites: [site], frontier: dyingFrontier(dieAfterEnqueue, controller), sink, fetcher, mode: 'incremental', signal: controller.signal });
      expect(controller.signal.aborted).toBe(true);
      await crawl({ sites: [site], frontier: new PgFrontier(database.handle.db), sink, fetcher, mode: 'incremental' });
    } finally {
      await fetcher.close();
    }
    return new Set(sink.all().map((document) => document.url)).size;
  }

  const isPageOneLinks = (requests: EnqueueRequest[]) => requests.some((request) => request.kind === 'report') && requests[0]!.parentUrl?.endsWith('/index.html') === true;

  it('a crash after the next-page link is stored loses nothing (control)', async () => {
    const isNextLink = (requests: EnqueueRequest[]) => requests.some((request) => request.via === 'next');
    expect(await crashThenRestart(isNextLink)).toBe(REPORTS);
  });

  it('a crash after the report links, before the next-page link, loses nothing', async () => {
    expect(await crashThenRestart(isPageOneLinks)).toBe(REPORTS);
  });
});
