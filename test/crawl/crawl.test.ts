import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, type CrawlStats } from '../../src/crawl/crawl.ts';
import { MemoryFrontier } from '../../src/crawl/frontier-memory.ts';
import { MemorySink } from '../../src/crawl/sink.ts';
import { startFamilies, meanStartGap, type Families } from './families.ts';
import { testFetcher } from './helpers.ts';

const HOUR = 3_600_000;
let f: Families;
const frontier = new MemoryFrontier();
const sink = new MemorySink();
let first: CrawlStats;

/** request starts per host as the fetcher made them (client side, exact) */
const starts = new Map<string, number[]>();

async function run(sites: Parameters<typeof testFetcher>[0], options: Partial<Parameters<typeof crawl>[0]> = {}) {
  const fetcher = testFetcher(sites, { onRequestStart: (host, at) => void starts.set(host, [...(starts.get(host) ?? []), at]) });
  try {
    return await crawl({ sites, frontier, sink, fetcher, retryDelayMs: () => HOUR, ...options });
  } finally {
    await fetcher.close();
  }
}

beforeAll(async () => {
  f = await startFamilies();
  first = await run(Object.values(f.sites), { mode: 'backfill' });
});

afterAll(() => f.stop());

describe('full crawl of every CMS family', () => {
  it('stores every report and every attachment, once', () => {
    const docs = sink.all();
    const expectedReports = [...f.built.trs.reports, ...f.built.hanweb.reports, ...f.built.gkmlpt.reports, ...f.built.zhejiang.reports];
    const expectedAttachments = [...f.built.trs.attachments, ...f.built.hanweb.attachments, ...f.built.gkmlpt.attachments, ...f.built.zhejiang.attachments];
    const familyDocs = docs.filter((d) => d.siteId !== 'faults');
    expect(familyDocs.filter((d) => d.kind === 'report').map((d) => d.url).sort()).toEqual(expectedReports.sort());
    expect(familyDocs.filter((d) => d.kind === 'attachment').map((d) => d.url).sort()).toEqual(expectedAttachments.sort());
    // binary Word attachments (.doc, served as application/msword) are fetched like PDFs and DOCX
    expect(expectedAttachments.some((url) => url.endsWith('.doc'))).toBe(true);
    expect(sink.puts).toBe(docs.length);
  });

  it('ties each attachment to the report page that links it, with its year', () => {
    const reports = new Set(sink.all().filter((d) => d.kind === 'report').map((d) => d.url));
    for (const doc of sink.all().filter((d) => d.kind === 'attachment')) {
      expect(reports.has(doc.parentUrl!)).toBe(true);
      expect(doc.year).toBeGreaterThanOrEqual(2019);
    }
  });

  it('decodes GBK report pages and records the charset', () => {
    const trs = sink.all().filter((d) => d.siteId === 'trs' && d.kind === 'report');
    expect(trs.every((d) => d.charset === 'gb18030')).toBe(true);
    expect(trs[0]!.title).toMatch(/\d{4}年政府信息公开工作年度报告$/);
  });

  it('does not store the empty Zhejiang year page', async () => {
    const empty = await frontier.get(f.servers.zhejiang.url('/module/xxgk/xxgkAnnualReport.jsp?area=001008003015001&fbtime=2019'));
    expect(empty?.outcome).toBe('ok');
    expect(sink.all().some((d) => d.url === empty!.url)).toBe(false);
  });

  it('records each injected fault in the frontier and still finishes the crawl', async () => {
    for (const fault of f.faults) {
      const entry = await frontier.get(f.servers.faults.url(fault.path));
      const code = entry?.errorCode === fault.orCode ? fault.code : entry?.errorCode;
      expect({ path: fault.path, outcome: entry?.outcome, code }).toEqual({ path: fault.path, outcome: fault.outcome, code: fault.code });
      expect(entry!.state).toBe(fault.outcome === 'down' ? 'retry' : 'done');
    }
    expect(first.outcomes.down).toBe(f.faults.filter((x) => x.outcome === 'down').length);
    expect(f.servers.offsite.log).toHaveLength(0);
  });

  it('never fetches robots-disallowed URLs', async () => {
    for (const url of f.built.trs.forbidden) {
      expect(f.servers.trs.requestsFor(new URL(url).pathname)).toHaveLength(0);
      expect((await frontier.get(url))?.outcome).toBe('robots-denied');
    }
    expect(f.servers.faults.requestsFor('/private/secret.html')).toHaveLength(0);
  });

  it('keeps every host within its concurrency and delay', () => {
    for (const name of ['trs', 'hanweb', 'gkmlpt', 'zhejiang'] as const) expect(f.servers[name].maxInFlight).toBe(1);
    // (The fault site is left out: a server notices a client-aborted request only when the
    // socket closes, after the client has moved on, so its count overshoots by design.)
    // Every gap between request starts, as made by the fetcher: exact.
    const gaps = (host: string) => (starts.get(host) ?? []).slice(1).map((t, i) => t - starts.get(host)![i]!);
    expect(Math.min(...gaps(f.servers.trs.host))).toBeGreaterThanOrEqual(49); // robots.txt Crawl-delay: 0.05
    expect(Math.min(...gaps(f.servers.hanweb.host))).toBeGreaterThanOrEqual(29); // configured delayMs: 30
    // As seen by the server, each start is late by however long the shared event loop was busy,
    // so single gaps jitter under load; the mean over the whole crawl is the server-side check.
    expect(meanStartGap(f.servers.trs)).toBeGreaterThanOrEqual(45);
    expect(meanStartGap(f.servers.hanweb)).toBeGreaterThanOrEqual(27);
  });

  it('fetches robots.txt once per host', () => {
    for (const server of Object.values(f.servers).filter((s) => s !== f.servers.offsite)) expect(server.requestsFor('/robots.txt')).toHaveLength(1);
  });
});

describe('re-crawl', () => {
  it('revalidates everything with conditional GETs and stores nothing new', async () => {
    const sites = [f.sites.trs, f.sites.hanweb, f.sites.gkmlpt, f.sites.zhejiang];
    const before = sink.puts;
    const marks = sites.map((s) => f.servers[s.id as 'trs'].log.length);
    const stats = await run(sites, { mode: 'backfill', revalidate: 'all' });
    expect(sink.puts).toBe(before);
    expect(stats.documents).toBe(0);
    expect(stats.outcomes.ok).toBe(0);
    expect(stats.outcomes['not-modified']).toBeGreaterThan(40);
    sites.forEach((s, i) => {
      const after = f.servers[s.id as 'trs'].log.slice(marks[i]).filter((r) => r.path !== '/robots.txt');
      expect(after.filter((r) => r.status !== 304).map((r) => `${r.status} ${r.path}`)).toEqual([]);
    });
  });

  it('in incremental mode fetches only the entry lists when nothing changed', async () => {
    const stats = await run([f.sites.trs, f.sites.hanweb, f.sites.gkmlpt]);
    // TRS column, Hanweb column, gkmlpt shell + its API page 1
    expect(stats.fetchesByKind).toEqual({ list: 4, report: 0, attachment: 0 });
    expect(stats.outcomes['not-modified']).toBe(4);
  });
});
