/**
 * A fuzz campaign: input plans drawn from an arbitrary with one fast-check seed (in chunks of
 * CHUNK, chunk c from seed + c, so a time-limited run needs no upper bound), applied lazily, run
 * and checked. Input i of seed S replays alone with `npm run fuzz -- --campaign NAME --seed S --only i`.
 * fast-check only generates here: the harness checks, times and collects every failure instead
 * of stopping at the first one.
 */
import fc from 'fast-check';
import { applyPlan, type FuzzInput, type InputPlan } from './mutate.ts';
import { violations, watchdogMs, type Budget } from './oracle.ts';
import type { FuzzRunner, RunOutcome } from './runner.ts';

export interface CampaignOptions {
  name: string;
  arbitrary: fc.Arbitrary<InputPlan>;
  runs: number;
  /** run only input `only` of the seed's sequence (replay) */
  only?: number;
  /** stop after this many seconds even if fewer than `runs` inputs were tried */
  seconds?: number;
  seed: number;
  budget: Budget;
  runner: FuzzRunner;
  /** measure the worker heap (after a full GC) every this many inputs; 0 = at the start and end only */
  heapEvery?: number;
  onInput?: (event: InputEvent) => void;
  /** extra flags a replay needs (the scale), shown in the reproduce line */
  replayFlags?: string;
}

export interface InputEvent {
  index: number;
  input: FuzzInput;
  outcome: RunOutcome;
  problems: string[];
}

export interface Failure {
  campaign: string;
  replayFlags?: string;
  seed: number;
  index: number;
  seedDocument: string;
  source: string;
  size: number;
  recipe: string[];
  problems: string[];
}

export interface CampaignReport {
  name: string;
  tried: number;
  failures: Failure[];
  elapsedMs: number;
  /** error codes (or "ok") → count */
  outcomes: Record<string, number>;
  slowest: { ms: number; recipe: string[]; seed: string } | null;
  /** worker heap after a full GC, in bytes, at each measurement */
  heap: number[];
}

const CHUNK = 500;

/** Plan `index` of the sequence fast-check draws from `seed`. */
export function planAt(arbitrary: fc.Arbitrary<InputPlan>, seed: number, index: number, cache = new Map<number, InputPlan[]>()): InputPlan {
  const chunk = Math.floor(index / CHUNK);
  let plans = cache.get(chunk);
  if (!plans) {
    cache.clear();
    plans = fc.sample(arbitrary, { seed: (seed + chunk) | 0, numRuns: CHUNK });
    cache.set(chunk, plans);
  }
  return plans[index % CHUNK]!;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const started = performance.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const report: CampaignReport = { name: options.name, tried: 0, failures: [], elapsedMs: 0, outcomes: {}, slowest: null, heap: [] };
  const heapEvery = options.heapEvery ?? 0;
  const cache = new Map<number, InputPlan[]>();
  const first = options.only ?? 0;
  const end = options.only === undefined ? options.runs : options.only + 1;
  for (let index = first; index < end && performance.now() < deadline; index++) {
    const input: FuzzInput = applyPlan(planAt(options.arbitrary, options.seed, index, cache));
    const measureHeap = index === first || index === end - 1 || (heapEvery > 0 && index % heapEvery === 0);
    const outcome = await options.runner.run(
      { bytes: input.bytes, source: input.source, ...(input.contentType ? { contentType: input.contentType } : {}), measureHeap },
      watchdogMs(options.budget, input.bytes.length),
    );
    report.tried++;
    const problems = violations(outcome, input, options.budget);
    const key = outcome.kind === 'reply' ? (outcome.reply.result?.error?.code ?? (outcome.reply.result ? 'ok' : 'threw')) : outcome.kind;
    report.outcomes[key] = (report.outcomes[key] ?? 0) + 1;
    if (outcome.kind === 'reply') {
      if (measureHeap) report.heap.push(outcome.reply.heapUsed);
      if (!report.slowest || outcome.reply.cpuMs > report.slowest.ms) report.slowest = { ms: outcome.reply.cpuMs, recipe: input.recipe, seed: input.seed };
    }
    if (problems.length > 0) {
      report.failures.push({ campaign: options.name, ...(options.replayFlags ? { replayFlags: options.replayFlags } : {}), seed: options.seed, index, seedDocument: input.seed, source: input.source, size: input.bytes.length, recipe: input.recipe, problems });
    }
    options.onInput?.({ index, input, outcome, problems });
  }
  report.elapsedMs = performance.now() - started;
  return report;
}

export function formatFailure(failure: Failure): string {
  return [
    `✗ ${failure.campaign} seed ${failure.seed} #${failure.index}: ${failure.seedDocument} (${failure.size} bytes, source ${failure.source})`,
    `    recipe: ${failure.recipe.join(' → ')}`,
    ...failure.problems.map((problem) => `    ${problem}`),
    `    reproduce: npm run fuzz -- --campaign ${failure.campaign} --seed ${failure.seed} --only ${failure.index}${failure.replayFlags ? ` ${failure.replayFlags}` : ''} --save /tmp/gongkai-fuzz`,
  ].join('\n');
}

export function formatReport(report: CampaignReport): string {
  const outcomes = Object.entries(report.outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
  const heap = report.heap.length ? `, heap ${(report.heap[0]! / 2 ** 20).toFixed(0)}→${(report.heap.at(-1)! / 2 ** 20).toFixed(0)} MB` : '';
  const slowest = report.slowest ? `, slowest ${Math.round(report.slowest.ms)} ms CPU (${report.slowest.seed}: ${report.slowest.recipe.join(' → ').slice(0, 120)})` : '';
  return `fuzz ${report.name}: ${report.tried} inputs in ${(report.elapsedMs / 1000).toFixed(1)} s, ${report.failures.length} failing [${outcomes}]${heap}${slowest}`;
}
