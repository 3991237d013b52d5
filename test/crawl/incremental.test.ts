import { afterEach, describe, expect, it } from 'vitest';
import { crawl } from '../../src/crawl/crawl.ts';
import { MemoryFrontier } from '../../src/crawl/frontier-memory.ts';
import { MemorySink, type CrawledDocument, type DocumentSink } from '../../src/crawl/sink.ts';
import type { Site } from '../../src/crawl/sources.ts';
import { TestSite } from './sites/server.ts';
import { buildTrsSite } from './sites/trs-site.ts';
import { testFetcher, testSite } from './helpers.ts';

let server: TestSite;
afterEach(() => server?.stop());

async function run(site: Site, frontier: MemoryFrontier, sink: DocumentSink, options: Partial<Parameters<typeof crawl>[0]> = {}) {
  const fetcher = testFetcher([site]);
  try {
    return await crawl({ sites: [site], frontier, sink, fetcher, ...options });
  } finally {
    await fetcher.close();
  }
}

describe('incremental crawl', () => {
  it('picks up a newly published report and stops paging at the first page with only known items', async () => {
    server = await new TestSite().start();
    const built = buildTrsSite(server, { reports: 9, perPage: 4 });
    const site = testSite('trs', server, built.entry, 'trs');
    const frontier = new MemoryFrontier();
    const sink = new MemorySink();
    await run(site, frontier, sink, { mode: 'backfill' });
    expect(sink.all().filter((d) => d.kind === 'report')).toHaveLength(9);

    const republished = buildTrsSite(server, { reports: 9, perPage: 4, newest: 1 }); // one new report on top
    const fresh = republished.reports.filter((u) => !built.reports.includes(u));
    const mark = server.log.length;
    const stats = await run(site, frontier, sink);
    const requested = server.log.slice(mark).map((r) => r.path);
    expect(requested).toContain('/zfxxgk/zfxxgknb/index_1.html'); // page 1 shifted: all known → stop
    expect(requested).not.toContain('/zfxxgk/zfxxgknb/index_2.html');
    expect(stats.documents).toBe(2); // the new report and its attachment
    expect(sink.all().filter((d) => d.kind === 'report').map((d) => d.url)).toContain(fresh[0]);
    expect(stats.fetchesByKind).toEqual({ list: 2, report: 1, attachment: 1 });
  });

  it('backfill with a year range keeps only reports of those years', async () => {
    server = await new TestSite().start();
    const built = buildTrsSite(server, { reports: 9, perPage: 4 });
    const sink = new MemorySink();
    await run(testSite('trs', server, built.entry, 'trs'), new MemoryFrontier(), sink, { mode: 'backfill', years: { from: 2023, to: 2024 } });
    const reports = sink.all().filter((d) => d.kind === 'report');
    expect(reports.map((d) => d.year).sort()).toEqual([2023, 2023, 2024, 2024]);
    expect(sink.all().filter((d) => d.kind === 'attachment').every((d) => d.year! >= 2023)).toBe(true);
  });
});

/**
 * Stores the document, then "kills" the crawl before the frontier hears about it: the worst
 * moment, since the document is stored but the URL still looks unfetched.
 */
class CrashingSink implements DocumentSink {
  private puts = 0;
  private readonly store: MemorySink;
  private readonly crashAfter: number;
  private readonly kill: AbortController;
  constructor(store: MemorySink, crashAfter: number, kill: AbortController) {
    this.store = store;
    this.crashAfter = crashAfter;
    this.kill = kill;
  }
  async put(doc: CrawledDocument): Promise<void> {
    await this.store.put(doc);
    if (++this.puts === this.crashAfter) {
      this.kill.abort();
      throw new Error('killed');
    }
  }
}

describe('resumability', () => {
  it.each([1, 4, 11])('a crawl killed after %i stored documents and restarted ends with the same documents, each once', async (crashAfter) => {
    server = await new TestSite().start();
    const built = buildTrsSite(server, { reports: 9, perPage: 4 });
    const site = testSite('trs', server, built.entry, 'trs');

    const reference = new MemorySink();
    await run(site, new MemoryFrontier(), reference, { mode: 'backfill' });

    const frontier = new MemoryFrontier();
    const store = new MemorySink();
    const kill = new AbortController();
    await run(site, frontier, new CrashingSink(store, crashAfter, kill), { mode: 'backfill', signal: kill.signal });
    expect(store.documents.size).toBe(crashAfter);
    expect((await frontier.list({ state: 'leased' })).length).toBeGreaterThan(0); // leases left behind by the "dead" run

    await run(site, frontier, store, { mode: 'backfill' });
    const key = (d: CrawledDocument) => `${d.url} ${d.sha256}`;
    expect(store.all().map(key).sort()).toEqual(reference.all().map(key).sort());
    expect(await frontier.list({ state: 'leased' })).toEqual([]);
    const urls = (await frontier.list()).map((e) => e.url);
    expect(new Set(urls).size).toBe(urls.length);

    // and a third run of the unchanged site stores nothing and fetches only the entry list
    const again = await run(site, frontier, store);
    expect(again.documents).toBe(0);
    expect(again.outcomes['not-modified']).toBe(again.fetches);
  });
});
