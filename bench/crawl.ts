/**
 * Crawl benchmark: a local portal of N hosts × R reports (TRS-style GBK columns, 20 per page,
 * attachments, robots.txt), served from a child process on distinct 127.0.0.1 ports so the
 * crawler's CPU time is measured alone. Reports documents/second for a full backfill crawl and
 * for a re-crawl where every URL is revalidated (all 304), and CPU time per document.
 *
 *   node bench/crawl.ts [--hosts 50] [--reports 200] [--global 16] [--frontier memory|pglite]
 *
 * `--frontier pglite` runs the same crawl on the Postgres frontier over in-memory PGlite, which
 * shares the crawler's thread, so its CPU time is included.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { crawl, type CrawlStats } from '../src/crawl/crawl.ts';
import type { Frontier } from '../src/crawl/frontier.ts';
import { MemoryFrontier } from '../src/crawl/frontier-memory.ts';
import { PgFrontier } from '../src/crawl/frontier-pg.ts';
import { migrate, openPglite } from '../src/db/index.ts';
import { Fetcher } from '../src/crawl/http/fetcher.ts';
import { fetcherOptionsForSites } from '../src/crawl/setup.ts';
import type { CrawledDocument, DocumentSink } from '../src/crawl/sink.ts';
import type { Site } from '../src/crawl/sources.ts';
import { TestSite } from '../test/crawl/sites/server.ts';
import { buildTrsSite } from '../test/crawl/sites/trs-site.ts';

const { values } = parseArgs({
  options: { serve: { type: 'boolean', default: false }, hosts: { type: 'string', default: '50' }, reports: { type: 'string', default: '200' }, global: { type: 'string', default: '16' }, frontier: { type: 'string', default: 'memory' } },
});
const HOSTS = Number(values.hosts);
const REPORTS = Number(values.reports);
/** the whole benchmark is aborted after this, so it always ends */
const DEADLINE_MS = 10 * 60_000;

async function serve() {
  const sites = await Promise.all(Array.from({ length: HOSTS }, () => new TestSite().start()));
  for (const site of sites) {
    buildTrsSite(site, { reports: REPORTS, perPage: 20 });
    site.log.length = 0;
    // The request log is for tests; a benchmark server must not grow without bound.
    site.log.push = () => 0;
  }
  process.stdout.write(`${JSON.stringify(sites.map((s) => s.origin))}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

/** Counts and hashes nothing more: the blob store is not what is measured here. */
class CountingSink implements DocumentSink {
  documents = 0;
  bytes = 0;
  async put(doc: CrawledDocument) {
    this.documents++;
    this.bytes += doc.bytes.byteLength;
  }
}

async function main() {
  const child = spawn(process.execPath, [import.meta.filename, '--serve', '--hosts', String(HOSTS), '--reports', String(REPORTS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const killTimer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS + 30_000);
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const origins = JSON.parse(firstLine) as string[];
    const sites: Site[] = origins.map((origin, i) => ({
      id: `h${i}`,
      agency: `bench host ${i}`,
      hosts: [new URL(origin).host],
      entries: [`${origin}/zfxxgk/zfxxgknb/`],
      adapter: 'trs',
      limits: { concurrency: 1, delayMs: 0 },
    }));
    const db = values.frontier === 'pglite' ? await openPglite('memory://') : null;
    if (db) await migrate(db);
    const frontier: Frontier = db ? new PgFrontier(db.db) : new MemoryFrontier();
    const ua = { product: 'gongkai-bench', version: '0', url: 'https://example.org/bench' };
    // The benchmark's sites listen on 127.0.0.1, which the fetcher refuses unless exempted.
    const options = { ...fetcherOptionsForSites(sites, { concurrency: 1, delayMs: 0 }, ua), globalConcurrency: Number(values.global), allowedAddressRanges: ['127.0.0.1/32'] };
    const signal = AbortSignal.timeout(DEADLINE_MS);

    const measure = async (label: string, run: (fetcher: Fetcher, sink: CountingSink) => Promise<CrawlStats>) => {
      const fetcher = new Fetcher(options);
      const sink = new CountingSink();
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const stats = await run(fetcher, sink);
      const wallMs = performance.now() - t0;
      const cpuMs = (() => {
        const d = process.cpuUsage(cpu);
        return (d.user + d.system) / 1000;
      })();
      await fetcher.close();
      const perDoc = stats.fetches - stats.fetchesByKind.list;
      return {
        run: label,
        fetches: stats.fetches,
        documentsStored: sink.documents,
        documentsChecked: perDoc,
        'docs/s': perDoc > 0 ? Math.round(perDoc / (wallMs / 1000)) : '-',
        'fetches/s': Math.round(stats.fetches / (wallMs / 1000)),
        wallS: +(wallMs / 1000).toFixed(2),
        'cpuMs/doc': perDoc > 0 ? +(cpuMs / perDoc).toFixed(3) : '-',
        'cpuMs/fetch': +(cpuMs / Math.max(1, stats.fetches)).toFixed(3),
        notModified: stats.outcomes['not-modified'],
        ok: stats.outcomes.ok,
        MB: +(sink.bytes / 1e6).toFixed(1),
      };
    };

    const full = await measure('full crawl (backfill)', (fetcher, sink) => crawl({ sites, frontier, sink, fetcher, mode: 'backfill', signal }));
    const re = await measure('re-crawl (revalidate all → 304)', (fetcher, sink) => crawl({ sites, frontier, sink, fetcher, mode: 'backfill', revalidate: 'all', signal }));
    const inc = await measure('incremental (entry lists only)', (fetcher, sink) => crawl({ sites, frontier, sink, fetcher, signal }));
    await db?.close();
    console.log(`\n${HOSTS} hosts × ${REPORTS} reports, ${values.frontier} frontier, global concurrency ${values.global}, per-host concurrency 1, delay 0, node ${process.version}\n`);
    console.table([full, re, inc]);
    if (signal.aborted) console.log('stopped by the benchmark deadline');
  } finally {
    clearTimeout(killTimer);
    child.stdin!.end();
    child.kill();
  }
}

if (values.serve) await serve();
else await main();
