/**
 * Fuzzing the extractors within the CI budget: a fixed, seeded set of mutated documents (the real
 * corpus beside the project when present, samples/, documents built from the vocabulary) through
 * `extractDocument` in a worker thread. Every input must resolve within its time budget (thread
 * CPU time; a wall-clock watchdog catches hangs), to a result with a known error code or
 * vocabulary cells with finite-or-null values, without a throw, a rejection or an unhandled
 * rejection, and the worker heap must not grow across the runs.
 *
 * Longer runs, other seeds and replays of a failure: `npm run fuzz -- --help`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatFailure, formatReport, planAt, runCampaign, type CampaignReport } from './lib/campaign.ts';
import { campaignArbitrary, type CampaignName } from './lib/campaigns.ts';
import { applyPlan, SCALES } from './lib/mutate.ts';
import { CI_BUDGET, violations, watchdogMs } from './lib/oracle.ts';
import { FuzzRunner } from './lib/runner.ts';
import { loadSeeds } from './lib/seeds.ts';

/** The CI seed: change it only on purpose (a new seed is a new set of inputs). */
const SEED = 20_241_126;
const RUNS: Record<CampaignName, number> = { mutate: 80, pathological: 40, encoding: 40, pdf: 40, word: 40 };
const MAX_HEAP_GROWTH = 64 * 2 ** 20;

const seeds = loadSeeds({ samplesPerKind: 6 });
const runner = new FuzzRunner({ maxHeapMb: 1024 });
const reports: CampaignReport[] = [];
afterAll(async () => {
  await runner.close();
  const tried = reports.reduce((n, report) => n + report.tried, 0);
  console.log(`fuzz: ${tried} inputs tried in CI (seed ${SEED})`);
});

async function campaign(name: CampaignName): Promise<CampaignReport> {
  const report = await runCampaign({ name, arbitrary: campaignArbitrary(name, seeds, SCALES.ci), runs: RUNS[name], seed: SEED, budget: CI_BUDGET, runner, heapEvery: 20, replayFlags: '--scale ci' });
  reports.push(report);
  console.log(formatReport(report));
  return report;
}

function expectNoFailures(report: CampaignReport): void {
  expect(report.failures.map(formatFailure), `${report.failures.length} of ${report.tried} inputs failed`).toEqual([]);
}

describe('fuzz: extractDocument on mutated documents', () => {
  it('reads every seed document unmutated', async () => {
    const failures: string[] = [];
    for (const seed of seeds) {
      const outcome = await runner.run({ bytes: seed.bytes, source: seed.source }, watchdogMs(CI_BUDGET, seed.bytes.length));
      const problems = violations(outcome, seed, CI_BUDGET);
      if (problems.length) failures.push(`${seed.name}: ${problems.join('; ')}`);
    }
    console.log(`fuzz seeds: ${seeds.length} seed documents read (${seeds.filter((s) => s.kind === 'pdf').length} PDF, ${seeds.filter((s) => s.kind === 'word').length} Word)`);
    expect(failures).toEqual([]);
  });

  it('survives byte damage, wrong encodings, structure, number and label mutations (up to 3 at once)', async () => {
    expectNoFailures(await campaign('mutate'));
  });

  it('survives pathological inputs: huge tables and spans, deep nesting, absurd numbers, long glued runs', async () => {
    expectNoFailures(await campaign('pathological'));
  });

  it('survives wrong and mixed encodings, BOMs, bogus charsets and truncation', async () => {
    expectNoFailures(await campaign('encoding'));
  });

  it('survives damaged Word files: truncated, flipped, inserted and deleted bytes in DOCX and .doc containers', async () => {
    expectNoFailures(await campaign('word'));
  });

  it('keeps the worker heap bounded across the runs', () => {
    const samples = reports.flatMap((report) => report.heap);
    expect(samples.length).toBeGreaterThan(2);
    const growth = Math.max(...samples.slice(1)) - samples[0]!;
    expect(growth, `heap ${samples.map((bytes) => Math.round(bytes / 2 ** 20)).join('→')} MB`).toBeLessThan(MAX_HEAP_GROWTH);
  });

  it('replays an input from its campaign, seed and index', () => {
    const arbitrary = campaignArbitrary('mutate', seeds, SCALES.ci);
    // a fresh cache each time: the plan is drawn again from the seed
    const [first, again] = [0, 1].map(() => applyPlan(planAt(arbitrary, SEED, 7)));
    expect(Buffer.from(first!.bytes).equals(Buffer.from(again!.bytes))).toBe(true);
    expect(first!.recipe).toEqual(again!.recipe);
  });
});

// ------------------------------------------------------------------ PDF section
// Mutated real and sample PDFs (truncation, byte flips, huge /Count, cut xref) and built ones
// (deep or cyclic page trees, many pages, pathological content streams).
describe('fuzz: extractDocument on mutated PDFs', () => {
  it('survives truncation, byte flips, huge /Count page trees and pathological content streams', async () => {
    expectNoFailures(await campaign('pdf'));
  });
});
