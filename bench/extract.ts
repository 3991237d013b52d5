#!/usr/bin/env node
/**
 * PDF extraction throughput: gongkai (pdfjs → document model → canonical cells, i.e. the full
 * `extractDocument`) against poppler's `pdftotext -layout`, in the same run.
 *
 * 1. One thread: every PDF once per round, gongkai and pdftotext alternating (R rounds, after a
 *    warm-up), pages/s and the ratio; peak RSS of this process and of one pdftotext.
 * 2. Batch: N PDFs (the inputs repeated) through the 2-worker extraction pool
 *    (src/extract/pool.ts) against pdftotext run as 2 parallel processes: both cores busy.
 *    The batch runs in slices that alternate between the two, so load from other processes
 *    on the machine affects both alike.
 *
 *   npm run bench:extract -- [DIR|FILE ...] [--batch 500] [--rounds 3] [--workers 2] [--json]
 *
 * Defaults: ../shared/corpus/real and samples/ (PDFs only, without samples/broken/). Needs
 * pdftotext: apt-get install poppler-utils poppler-data.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractDocument } from '../src/extract/extract-document.ts';
import { createExtractionPool } from '../src/extract/pool.ts';
import { pdfToModel } from '../src/extract/pdf/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    workers: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log('usage: npm run bench:extract -- [DIR|FILE ...] [--batch 500] [--rounds 3] [--workers 2] [--json]');
  process.exit(0);
}

function pdfsUnder(target: string): string[] {
  if (!existsSync(target)) return [];
  if (statSync(target).isFile()) return target.endsWith('.pdf') ? [target] : [];
  return readdirSync(target, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.pdf'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !file.split(path.sep).includes('broken'))
    .sort();
}

const targets = positionals.length ? positionals : [path.resolve(ROOT, '../shared/corpus/real'), path.join(ROOT, 'samples')];
const files = targets.flatMap(pdfsUnder);
if (files.length === 0) {
  console.error(`no PDFs under ${targets.join(', ')}`);
  process.exit(2);
}
try {
  execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
} catch {
  console.error('pdftotext is missing: apt-get install poppler-utils poppler-data');
  process.exit(2);
}

const rounds = Number(flags.rounds);
const batchSize = Number(flags.batch);
const workers = Number(flags.workers);
const docs = files.map((file) => ({ file, bytes: new Uint8Array(readFileSync(file)) }));

/** pdftotext on one file, text thrown away (as a pipeline would read it from stdout). */
function pdftotext(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-layout', file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pdftotext ${file} exited ${code}`))));
  });
}

/** Peak RSS (KiB) of one pdftotext run, by GNU time (null without /usr/bin/time). */
function pdftotextPeakKb(file: string): number | null {
  const run = spawnSync('/usr/bin/time', ['-f', '%M', 'pdftotext', '-layout', file, '/dev/null'], { encoding: 'utf8' });
  const kb = Number(run.stderr?.trim().split('\n').pop());
  return run.status === 0 && kb > 0 ? kb : null;
}

/** CPU time (ms) of this process's finished children, from /proc (null elsewhere). */
function childrenCpuMs(): number | null {
  try {
    // fields after the parenthesised command name; cutime and cstime are fields 16 and 17
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

const mb = (kb: number) => Math.round(kb / 1024);

// ---------------------------------------------------------------- one thread

const pages = new Map<string, number>();
let failures = 0;
async function gongkaiPass(): Promise<number> {
  const start = performance.now();
  for (const { file, bytes } of docs) {
    const result = await extractDocument(bytes, { source: file, pdfToModel });
    if (result.error) failures++;
    pages.set(file, result.pages ?? pages.get(file) ?? 0);
  }
  return performance.now() - start;
}
async function pdftotextPass(): Promise<number> {
  const start = performance.now();
  for (const { file } of docs) await pdftotext(file);
  return performance.now() - start;
}

await gongkaiPass(); // warm-up: pdfjs module, JIT
let gongkaiMs = 0;
let popplerMs = 0;
let gongkaiCpuMs = 0;
// CPU time hardly depends on what else the machine runs: the steadier comparison on a busy box
let popplerCpuMs: number | null = 0;
for (let r = 0; r < rounds; r++) {
  const cpu = process.cpuUsage();
  gongkaiMs += await gongkaiPass();
  const used = process.cpuUsage(cpu);
  gongkaiCpuMs += (used.user + used.system) / 1000;
  const children = childrenCpuMs();
  popplerMs += await pdftotextPass();
  const childrenAfter = childrenCpuMs();
  popplerCpuMs = children === null || childrenAfter === null || popplerCpuMs === null ? null : popplerCpuMs + childrenAfter - children;
}
const pagesPerRound = [...pages.values()].reduce((a, b) => a + b, 0);
const single = {
  documents: docs.length,
  pages: pagesPerRound,
  rounds,
  gongkaiPagesPerSecond: (pagesPerRound * rounds) / (gongkaiMs / 1000),
  pdftotextPagesPerSecond: (pagesPerRound * rounds) / (popplerMs / 1000),
  gongkaiCpuMsPerPage: gongkaiCpuMs / (pagesPerRound * rounds),
  pdftotextCpuMsPerPage: popplerCpuMs === null ? null : popplerCpuMs / (pagesPerRound * rounds),
  gongkaiPeakRssMb: mb(process.resourceUsage().maxRSS),
  pdftotextPeakRssMb: mb(Math.max(...docs.map((d) => pdftotextPeakKb(d.file) ?? 0))),
  failures: failures / (rounds + 1),
};

// ---------------------------------------------------------------- batch on both cores

const batch = Array.from({ length: batchSize }, (_, i) => docs[i % docs.length]!);
const batchPages = batch.reduce((n, d) => n + (pages.get(d.file) ?? 0), 0);

const pool = createExtractionPool({ size: workers, timeoutMs: 120_000 });
// warm both workers (module load) outside the timing
await Promise.all(docs.slice(0, workers).map((d) => pool.extract(d.bytes, { source: d.file })));
let batchFailures = 0;
let poolMs = 0;
let popplerBatchMs = 0;
// slices alternate between the two tools, so a load change on the machine hits both alike
const sliceSize = Math.max(workers * 10, Math.ceil(batch.length / 5));
for (let from = 0; from < batch.length; from += sliceSize) {
  const slice = batch.slice(from, from + sliceSize);
  const poolStart = performance.now();
  await Promise.all(
    slice.map(async (d) => {
      const result = await pool.extract(d.bytes, { source: d.file });
      if (result.error) batchFailures++;
    }),
  );
  poolMs += performance.now() - poolStart;
  let next = 0;
  const popplerStart = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < slice.length) await pdftotext(slice[next++]!.file);
    }),
  );
  popplerBatchMs += performance.now() - popplerStart;
}
await pool.close();
// worker threads live in this process: its peak RSS covers the whole pool
const poolPeakKb = process.resourceUsage().maxRSS;

const parallel = {
  documents: batch.length,
  pages: batchPages,
  workers,
  gongkaiPagesPerSecond: batchPages / (poolMs / 1000),
  pdftotextPagesPerSecond: batchPages / (popplerBatchMs / 1000),
  gongkaiPeakRssMb: mb(poolPeakKb),
  failures: batchFailures,
};

const report = {
  node: process.version,
  cpus: os.availableParallelism(),
  inputs: files.map((f) => path.relative(ROOT, f)),
  single: {
    ...single,
    ratio: single.gongkaiPagesPerSecond / single.pdftotextPagesPerSecond,
    cpuRatio: single.pdftotextCpuMsPerPage === null ? null : single.pdftotextCpuMsPerPage / single.gongkaiCpuMsPerPage,
  },
  batch: { ...parallel, ratio: parallel.gongkaiPagesPerSecond / parallel.pdftotextPagesPerSecond },
};

if (flags.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const f = (n: number) => n.toFixed(1).padStart(8);
  console.log(`PDF extraction: gongkai (extractDocument, cells included) vs pdftotext -layout — ${report.cpus} CPUs, Node ${report.node}`);
  console.log(`inputs: ${files.length} PDFs, ${pagesPerRound} pages\n`);
  const cpu = (n: number | null) => (n === null ? '       –' : n.toFixed(2).padStart(8));
  console.log('                               pages/s   peak RSS MB   CPU ms/page');
  console.log(
    `one thread   gongkai          ${f(single.gongkaiPagesPerSecond)}   ${String(single.gongkaiPeakRssMb).padStart(6)}     ${cpu(single.gongkaiCpuMsPerPage)}   (${rounds} rounds after a warm-up)`,
  );
  console.log(
    `             pdftotext        ${f(single.pdftotextPagesPerSecond)}   ${String(single.pdftotextPeakRssMb).padStart(6)}     ${cpu(single.pdftotextCpuMsPerPage)}   (one process per file)`,
  );
  console.log(`             ratio            ${report.single.ratio.toFixed(3).padStart(8)}                 ${cpu(report.single.cpuRatio)}   (gongkai ÷ pdftotext speed)`);
  console.log(`batch ${String(batch.length).padEnd(6)} gongkai pool     ${f(parallel.gongkaiPagesPerSecond)}   ${String(parallel.gongkaiPeakRssMb).padStart(6)}   (${workers} worker threads, ${batchPages} pages)`);
  console.log(`             pdftotext ×${workers}     ${f(parallel.pdftotextPagesPerSecond)}`);
  console.log(`             ratio            ${report.batch.ratio.toFixed(3).padStart(8)}`);
  if (single.failures || parallel.failures) console.log(`\nfailed documents: ${single.failures} per pass, ${parallel.failures} in the batch`);
}
