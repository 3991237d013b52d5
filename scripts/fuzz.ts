#!/usr/bin/env node
/**
 * Fuzzes the extractors for longer than CI does: mutated seed documents (the real corpus beside
 * the project, samples/, documents built from the vocabulary) through `extractDocument`, each
 * checked for a result within the time budget, a known error code, vocabulary keys and finite
 * values, no throw or unhandled rejection, and a bounded heap.
 *
 *   npm run fuzz -- [--campaign mutate|pathological|encoding|pdf|word|all] [--runs N] [--seconds S]
 *                   [--seed N] [--only I] [--scale ci|long] [--budget-ms MS] [--max-heap-mb MB]
 *                   [--max-heap-growth-mb MB] [--save DIR] [--allow-internal] [--verbose]
 *
 * Every failure prints its campaign, seed and index: it replays alone with
 * `--campaign NAME --seed S --only I` (add `--save DIR` to write its bytes). Exits 1 when any
 * input fails, 2 on a usage error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatFailure, formatReport, runCampaign, type CampaignReport } from '../test/fuzz/lib/campaign.ts';
import { CAMPAIGNS, campaignArbitrary, type CampaignName } from '../test/fuzz/lib/campaigns.ts';
import { SCALES } from '../test/fuzz/lib/mutate.ts';
import { CI_BUDGET, type Budget } from '../test/fuzz/lib/oracle.ts';
import { FuzzRunner } from '../test/fuzz/lib/runner.ts';
import { loadSeeds } from '../test/fuzz/lib/seeds.ts';

const USAGE = 'usage: npm run fuzz -- [--campaign mutate|pathological|encoding|pdf|word|all] [--runs N] [--seconds S] [--seed N] [--only I] [--scale ci|long] [--budget-ms MS] [--max-heap-growth-mb MB] [--max-heap-mb MB] [--save DIR] [--allow-internal] [--verbose]';

let flags;
try {
  flags = parseArgs({
    options: {
      campaign: { type: 'string', default: 'all' },
      runs: { type: 'string' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      scale: { type: 'string', default: 'long' },
      'budget-ms': { type: 'string' },
      'max-heap-growth-mb': { type: 'string', default: '64' },
      'max-heap-mb': { type: 'string', default: '1024' },
      save: { type: 'string' },
      'allow-internal': { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const number = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    console.error(`--${name} must be a non-negative number\n${USAGE}`);
    process.exit(2);
  }
  return parsed;
};

if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const campaigns = flags.campaign === 'all' ? [...CAMPAIGNS] : (flags.campaign!.split(',') as CampaignName[]);
if (campaigns.some((name) => !CAMPAIGNS.includes(name)) || (flags.scale !== 'ci' && flags.scale !== 'long')) {
  console.error(USAGE);
  process.exit(2);
}
const seconds = flags.seconds === undefined ? undefined : number('seconds', flags.seconds, 60);
// With only a time limit, run until it is spent; with neither, 300 inputs per campaign.
const runs = number('runs', flags.runs, seconds === undefined ? 300 : Number.MAX_SAFE_INTEGER);
const seed = flags.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : number('seed', flags.seed, 0) | 0;
const budget: Budget = { ...CI_BUDGET, baseMs: number('budget-ms', flags['budget-ms'], CI_BUDGET.baseMs), strictInternal: !flags['allow-internal'] };
const maxHeapGrowth = number('max-heap-growth-mb', flags['max-heap-growth-mb'], 64) * 2 ** 20;
const scale = SCALES[flags.scale];

const seeds = loadSeeds({ samplesPerKind: 40 });
const runner = new FuzzRunner({ maxHeapMb: number('max-heap-mb', flags['max-heap-mb'], 1024) });
console.log(`fuzz: seed ${seed}, ${seeds.length} seed documents (${seeds.filter((s) => s.kind === 'pdf').length} PDF), scale ${flags.scale}, budget ${budget.baseMs} ms/input`);

const reports: CampaignReport[] = [];
for (const name of campaigns) {
  const report = await runCampaign({
    name,
    arbitrary: campaignArbitrary(name, seeds, scale),
    runs,
    ...(flags.only === undefined ? {} : { only: number('only', flags.only, 0) }),
    ...(seconds === undefined ? {} : { seconds: seconds / campaigns.length }),
    seed,
    budget,
    runner,
    heapEvery: 50,
    replayFlags: `--scale ${flags.scale}`,
    onInput: ({ index, input, outcome, problems }) => {
      if (flags.verbose) {
        const ms = outcome.kind === 'reply' ? Math.round(outcome.reply.cpuMs) : Math.round(outcome.elapsedMs);
        const code = outcome.kind === 'reply' ? (outcome.reply.result?.error?.code ?? 'ok') : outcome.kind;
        console.log(`  ${problems.length ? '✗' : '·'} #${index} ${code} ${ms} ms ${input.bytes.length} B ${input.seed}: ${input.recipe.join(' → ').slice(0, 160)}`);
      }
      if (problems.length && flags.save) {
        mkdirSync(flags.save, { recursive: true });
        const base = path.join(flags.save, `${name}-${seed}-${index}`);
        writeFileSync(`${base}.bin`, input.bytes);
        writeFileSync(`${base}.json`, `${JSON.stringify({ campaign: name, seed, index, seedDocument: input.seed, source: input.source, contentType: input.contentType, recipe: input.recipe, problems }, null, 2)}\n`);
      }
    },
  });
  const growth = report.heap.length > 1 ? Math.max(...report.heap.slice(1)) - report.heap[0]! : 0;
  if (growth > maxHeapGrowth) {
    report.failures.push({ campaign: name, seed, index: -1, seedDocument: '(whole campaign)', source: '-', size: 0, recipe: [], problems: [`heap grew by ${(growth / 2 ** 20).toFixed(0)} MB across the campaign (limit ${maxHeapGrowth / 2 ** 20} MB)`] });
  }
  reports.push(report);
  console.log(formatReport(report));
  for (const failure of report.failures) console.log(formatFailure(failure));
}
await runner.close();

const tried = reports.reduce((n, report) => n + report.tried, 0);
const failed = reports.reduce((n, report) => n + report.failures.length, 0);
console.log(`fuzz: ${tried} inputs tried, ${failed} failing, workers started ${runner.workersStarted}${failed && flags.save ? `, failing inputs saved in ${flags.save}` : ''}`);
process.exit(failed > 0 ? 1 : 0);
