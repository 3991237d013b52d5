/**
 * Sustained load: the whole crawl → extract → validate → load pipeline (in-process
 * `crawlAndLoad`, the engine of `gongkai run`, with its worker-thread extraction pool) over a
 * local portal of many hosts (distinct ports on 127.0.0.1) serving thousands of synthetic report
 * pages (scripts/synthetic renderers: UTF-8 and GBK HTML, plain text). The portal runs in a child
 * process so this process holds only the pipeline. Every second it samples RSS, the JS heap
 * (after a full GC when run with --expose-gc) and the documents done; it prints throughput and
 * memory over time and, after warm-up, checks that memory stays within bounds:
 *
 *   RSS growth after warm-up        <= --max-rss-growth-mb  (PGlite's WASM heap and caches grow
 *                                                             with the data, then level off)
 *   JS heap (after GC) growth       <= --max-heap-growth-mb (should stay flat: a leak shows here)
 *
 * It also checks that every served document ended up in the warehouse. Exit code 0 when all
 * hold, 1 otherwise (2 on bad flags).
 *
 *   npm run soak                                      # 120 hosts × 25 documents, PGlite
 *   npm run soak -- --hosts 200 --per-host 50         # 10 000 documents
 *   npm run soak -- --database-url postgres://…      # PostgreSQL (an empty database)
 *   node --expose-gc bench/soak.ts --hosts 100 --per-host 5 --json   # the CI-sized run
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { parseSources } from '../src/crawl/index.ts';
import { migrate, openDatabase, type DatabaseHandle } from '../src/db/index.ts';
import { createExtractionPool } from '../src/extract/pool.ts';
import { createBlobStore } from '../src/load/index.ts';
import { crawlAndLoad } from '../src/pipeline/crawl-and-load.ts';

const { values } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    hosts: { type: 'string', default: '120' },
    'per-host': { type: 'string', default: '25' },
    seed: { type: 'string', default: 'soak' },
    workers: { type: 'string', default: '2' },
    'site-concurrency': { type: 'string', default: '8' },
    'database-url': { type: 'string' },
    /** fraction of the documents after which the warm-up ends */
    warmup: { type: 'string', default: '0.25' },
    'max-rss-growth-mb': { type: 'string', default: '192' },
    'max-heap-growth-mb': { type: 'string', default: '48' },
    'max-seconds': { type: 'string', default: '1800' },
    'report-every': { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});

const HOSTS = Number(values.hosts);
const PER_HOST = Number(values['per-host']);
if (!(HOSTS >= 1 && PER_HOST >= 1)) {
  process.stderr.write('--hosts and --per-host must be positive numbers\n');
  process.exit(2);
}

/** The portal child: serves the sites, prints their origins and document count, exits when stdin closes. */
async function serve(): Promise<void> {
  const { startSyntheticPortal } = await import('../test/reliability/lib/portal.ts');
  const portal = await startSyntheticPortal({ hosts: HOSTS, perHost: PER_HOST, seed: values.seed });
  process.stdout.write(`${JSON.stringify({ registry: portal.registry(), documents: portal.documents.size })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

interface Sample {
  t: number;
  docs: number;
  rssMb: number;
  heapMb: number;
  externalMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

function sample(started: number, docs: number): Sample {
  gc?.();
  const memory = process.memoryUsage();
  return { t: Math.round((performance.now() - started) / 100) / 10, docs, rssMb: mb(memory.rss), heapMb: mb(memory.heapUsed), externalMb: mb(memory.external + memory.arrayBuffers) };
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

async function warehouseCounts(db: DatabaseHandle) {
  const { rows } = await db.query<{ documents: number; reports: number; failed: number; cells: number }>(
    `select (select count(*) from documents)::int as documents, (select count(*) from reports)::int as reports,
            (select count(*) from reports where status = 'failed')::int as failed, (select count(*) from cells)::int as cells`,
  );
  return rows[0]!;
}

async function main(): Promise<number> {
  const child = spawn(process.execPath, [import.meta.filename, '--serve', '--hosts', String(HOSTS), '--per-host', String(PER_HOST), '--seed', values.seed!], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const maxMs = Number(values['max-seconds']) * 1000;
  const killTimer = setTimeout(() => child.kill('SIGKILL'), maxMs + 60_000);
  const work = await mkdtemp(path.join(os.tmpdir(), 'gongkai-soak-'));
  let db: DatabaseHandle | undefined;
  const pool = createExtractionPool({ size: Number(values.workers) });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`portal exited with ${code}`)));
    });
    const served = JSON.parse(first) as { registry: unknown; documents: number };
    const registry = parseSources(served.registry);

    const databaseUrl = values['database-url'] ?? undefined;
    db = await openDatabase({ databaseUrl, dataDir: path.join(work, 'pglite') });
    await migrate(db);
    const blobs = createBlobStore(path.join(work, 'blobs'));

    let docs = 0;
    const started = performance.now();
    const samples: Sample[] = [sample(started, 0)];
    const every = Number(values['report-every']);
    const log = (line: string) => {
      if (!values.json) process.stdout.write(`${line}\n`);
    };
    log(`soak: ${HOSTS} hosts × ${PER_HOST} = ${served.documents} documents, ${values.workers} extraction workers, ${databaseUrl ? 'PostgreSQL' : 'PGlite (file)'}, node ${process.version}${gc ? ', heap sampled after GC' : ' (run with --expose-gc for heap after GC)'}`);
    log('     t s    docs   docs/s    rss MB   heap MB   ext MB');
    let lastPrinted = samples[0]!;
    const timer = setInterval(() => {
      const now = sample(started, docs);
      samples.push(now);
      if (now.t - lastPrinted.t >= every - 0.05) {
        const rate = (now.docs - lastPrinted.docs) / (now.t - lastPrinted.t || 1);
        log(`${now.t.toFixed(1).padStart(6)} ${String(now.docs).padStart(7)} ${rate.toFixed(1).padStart(8)} ${now.rssMb.toFixed(1).padStart(9)} ${now.heapMb.toFixed(1).padStart(9)} ${now.externalMb.toFixed(1).padStart(8)}`);
        lastPrinted = now;
      }
    }, 1000);
    const signal = AbortSignal.timeout(maxMs);
    let result;
    try {
      result = await crawlAndLoad(
        {
          registry,
          sites: registry.sites,
          mode: 'incremental',
          siteConcurrency: Number(values['site-concurrency']),
          signal,
          fetcher: { allowedAddressRanges: ['127.0.0.1/32'] },
          onDocument: () => docs++,
        },
        { db, blobs, logger: pino({ level: 'silent' }), extract: (bytes, options) => pool.extract(bytes, options) },
      );
    } finally {
      clearInterval(timer);
    }
    const end = sample(started, docs);
    samples.push(end);

    const warmDocs = Math.ceil(served.documents * Number(values.warmup));
    const warmIndex = samples.findIndex((s) => s.docs >= warmDocs);
    const after = warmIndex >= 0 ? samples.slice(warmIndex) : [];
    const base = after[0];
    const rssGrowth = base ? Math.max(...after.map((s) => s.rssMb)) - base.rssMb : 0;
    const heapGrowth = base ? Math.max(...after.map((s) => s.heapMb)) - base.heapMb : 0;
    const heapSlope = slope(after.map((s) => ({ x: s.docs / 1000, y: s.heapMb })));
    const counts = await warehouseCounts(db);
    const summary = {
      hosts: HOSTS,
      documents: served.documents,
      processed: docs,
      loaded: result.ingest.loaded + result.ingest.superseded,
      failed: result.ingest.failed,
      siteErrors: result.sites.filter((site) => site.error).length,
      warehouse: counts,
      seconds: end.t,
      docsPerSecond: Math.round((docs / end.t) * 10) / 10,
      rssMb: { start: samples[0]!.rssMb, warm: base?.rssMb ?? null, max: Math.max(...samples.map((s) => s.rssMb)), end: end.rssMb, growthAfterWarmup: Math.round(rssGrowth * 10) / 10 },
      heapMb: { start: samples[0]!.heapMb, warm: base?.heapMb ?? null, max: Math.max(...samples.map((s) => s.heapMb)), end: end.heapMb, growthAfterWarmup: Math.round(heapGrowth * 10) / 10, mbPer1000Docs: Math.round(heapSlope * 100) / 100 },
      heapAfterGc: Boolean(gc),
      timedOut: signal.aborted,
      bounds: { maxRssGrowthMb: Number(values['max-rss-growth-mb']), maxHeapGrowthMb: Number(values['max-heap-growth-mb']) },
      samples: samples.length,
    };
    const failures: string[] = [];
    if (summary.timedOut) failures.push(`did not finish within ${values['max-seconds']} s`);
    if (counts.documents !== served.documents || counts.reports !== served.documents) failures.push(`warehouse holds ${counts.documents} documents / ${counts.reports} reports of ${served.documents} served`);
    if (summary.failed > 0 || counts.failed > 0) failures.push(`${Math.max(summary.failed, counts.failed)} documents failed`);
    if (!base) failures.push('the warm-up never ended');
    if (rssGrowth > summary.bounds.maxRssGrowthMb) failures.push(`RSS grew ${rssGrowth.toFixed(1)} MB after warm-up (bound ${summary.bounds.maxRssGrowthMb} MB)`);
    if (heapGrowth > summary.bounds.maxHeapGrowthMb) failures.push(`JS heap grew ${heapGrowth.toFixed(1)} MB after warm-up (bound ${summary.bounds.maxHeapGrowthMb} MB)`);

    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...summary, failures })}\n`);
    } else {
      log('');
      log(`${docs} documents in ${end.t} s: ${summary.docsPerSecond} documents/s; warehouse: ${counts.reports} reports, ${counts.cells} cells`);
      log(`RSS    start ${summary.rssMb.start} MB, after warm-up (${warmDocs} docs) ${summary.rssMb.warm} MB, max ${summary.rssMb.max} MB, end ${summary.rssMb.end} MB: growth ${summary.rssMb.growthAfterWarmup} MB (bound ${summary.bounds.maxRssGrowthMb})`);
      log(`heap   start ${summary.heapMb.start} MB, after warm-up ${summary.heapMb.warm} MB, max ${summary.heapMb.max} MB, end ${summary.heapMb.end} MB: growth ${summary.heapMb.growthAfterWarmup} MB (bound ${summary.bounds.maxHeapGrowthMb}), trend ${summary.heapMb.mbPer1000Docs} MB per 1000 documents`);
      log(failures.length ? `FAIL: ${failures.join('; ')}` : 'OK: memory stayed within bounds after warm-up, every document loaded');
    }
    return failures.length ? 1 : 0;
  } finally {
    clearTimeout(killTimer);
    child.stdin!.end();
    await pool.close();
    await db?.close();
    await rm(work, { recursive: true, force: true });
  }
}

if (values.serve) await serve();
else process.exitCode = await main();
