/**
 * The properties every extraction must have, whatever the input: a result within the time
 * budget, never a throw or a rejection (synchronous or not), an error code from ERROR_CODES,
 * cells with vocabulary keys and finite-or-null values, and a JSON-serialisable record.
 */
import { createHash } from 'node:crypto';
import { ERROR_CODES } from '../../../src/domain/errors.ts';
import type { ExtractResult } from '../../../src/domain/types.ts';
import { keysFor } from '../../../src/domain/vocabulary.ts';
import type { RunOutcome } from './runner.ts';

const KEYS = { v2021: new Set(keysFor('v2021')), v2019: new Set(keysFor('v2019')) };
const FORMATS = new Set(['pdf', 'html', 'text', 'markdown', 'docx', 'doc', 'ofd', 'unknown']);
const TEMPLATES = new Set(['v2021', 'v2019', 'pre2019', 'unknown']);

export interface Budget {
  /** time budget for an input of up to `perMegabyte` bytes… */
  baseMs: number;
  /** …plus this much per further MB: extraction should stay roughly linear in the input size */
  perMegabyteMs: number;
  /** E_INTERNAL (an unexpected exception, e.g. a stack overflow) counts as a failure */
  strictInternal: boolean;
}

export const CI_BUDGET: Budget = { baseMs: 2000, perMegabyteMs: 1000, strictInternal: true };

export function budgetMs(budget: Budget, size: number): number {
  return budget.baseMs + Math.max(0, size / 1_000_000 - 1) * budget.perMegabyteMs;
}

/**
 * The watchdog (wall clock) gives a slow input room to finish, so its time is reported rather than a
 * hang, and leaves headroom for a loaded machine: the budget itself is checked in CPU time.
 */
export function watchdogMs(budget: Budget, size: number): number {
  return 4 * budgetMs(budget, size) + 4000;
}

function resultViolations(result: ExtractResult, input: { bytes: Uint8Array; source: string }, budget: Budget): string[] {
  const problems: string[] = [];
  if (result.source !== input.source) problems.push(`source ${JSON.stringify(result.source)} is not the one given`);
  const sha = createHash('sha256').update(input.bytes).digest('hex');
  if (result.sha256 !== sha) problems.push('sha256 is not the digest of the input bytes');
  if (!FORMATS.has(result.format)) problems.push(`format ${JSON.stringify(result.format)} is not a DocumentFormat`);
  if (!Array.isArray(result.cells) || !Array.isArray(result.checks)) problems.push('cells/checks are not arrays');
  if (result.error !== null) {
    const { code, message } = result.error ?? {};
    if (typeof code !== 'string' || !(code in ERROR_CODES)) problems.push(`error code ${JSON.stringify(code)} is not in ERROR_CODES`);
    if (typeof message !== 'string' || message.length === 0) problems.push('error without a message');
    if (budget.strictInternal && code === 'E_INTERNAL') problems.push(`E_INTERNAL: ${String(message).slice(0, 300)}`);
    if (result.report !== null || result.cells.length > 0) problems.push('a failed document carries a report or cells');
    return problems;
  }
  const report = result.report;
  if (!report) return [...problems, 'no error and no report'];
  if (!TEMPLATES.has(report.template)) problems.push(`template ${JSON.stringify(report.template)} is unknown`);
  if (report.year !== null && !(Number.isInteger(report.year) && report.year >= 1900 && report.year <= 2099)) problems.push(`year ${report.year} is not a year`);
  const keys = report.template === 'v2021' || report.template === 'v2019' ? KEYS[report.template] : new Set<string>();
  const seen = new Set<string>();
  for (const cell of result.cells) {
    if (!keys.has(cell.key)) problems.push(`cell key ${JSON.stringify(cell.key)} is not in keysFor(${report.template})`);
    if (seen.has(cell.key)) problems.push(`cell key ${cell.key} appears twice`);
    seen.add(cell.key);
    if (cell.value !== null && !(typeof cell.value === 'number' && Number.isFinite(cell.value))) problems.push(`cell ${cell.key} has value ${cell.value} (raw ${JSON.stringify(String(cell.raw).slice(0, 40))})`);
    if (typeof cell.raw !== 'string') problems.push(`cell ${cell.key} raw is not a string`);
    if (cell.page !== null && !(Number.isInteger(cell.page) && cell.page >= 1)) problems.push(`cell ${cell.key} page ${cell.page}`);
    if (cell.page !== null && result.format !== 'pdf' && result.format !== 'ofd') problems.push(`cell ${cell.key} has a page in a ${result.format} document`);
  }
  for (const check of result.checks) {
    if (typeof check.rule !== 'string' || typeof check.ok !== 'boolean' || typeof check.detail !== 'string') problems.push(`malformed check ${JSON.stringify(check).slice(0, 100)}`);
  }
  try {
    JSON.stringify(result);
  } catch (error) {
    problems.push(`result is not JSON-serialisable: ${String(error)}`);
  }
  return problems.slice(0, 20);
}

/** Every property the outcome of one input breaks (empty when it holds them all). */
export function violations(outcome: RunOutcome, input: { bytes: Uint8Array; source: string }, budget: Budget): string[] {
  const limit = budgetMs(budget, input.bytes.length);
  if (outcome.kind === 'hang') return [`hang: no result after ${Math.round(outcome.elapsedMs)} ms (budget ${Math.round(limit)} ms); the worker was terminated`];
  if (outcome.kind === 'crash') return [`worker died after ${Math.round(outcome.elapsedMs)} ms: ${outcome.message}`];
  const { reply } = outcome;
  const problems: string[] = [];
  if (reply.thrown) problems.push(`extractDocument ${reply.thrown.how === 'sync' ? 'threw synchronously' : 'rejected'}: ${reply.thrown.message.slice(0, 300)}`);
  for (const reason of reply.unhandled) problems.push(`unhandled rejection: ${reason.slice(0, 300)}`);
  if (reply.cpuMs > limit) problems.push(`slow: ${Math.round(reply.cpuMs)} ms CPU (${Math.round(reply.elapsedMs)} ms wall) > budget ${Math.round(limit)} ms`);
  if (reply.result) problems.push(...resultViolations(reply.result, input, budget));
  else if (!reply.thrown) problems.push('no result');
  return problems;
}
