import type { CanonicalCell, CheckResult } from '../domain/types.ts';
import type { TemplateId } from '../domain/vocabulary.ts';
import { RULES, type CellValues } from './rules.ts';

export function cellValues(cells: readonly CanonicalCell[]): CellValues {
  return new Map(cells.map((cell) => [cell.key, cell.value]));
}

/** Runs every within-report identity that applies to the template. Values are flagged, never repaired. */
export function validateReport(cells: readonly CanonicalCell[], template: TemplateId): CheckResult[] {
  if (template !== 'v2021' && template !== 'v2019') return [];
  const values = cellValues(cells);
  return RULES.filter((rule) => rule.templates.includes(template)).flatMap((rule) => rule.check(values, template));
}

export function failingRules(checks: readonly CheckResult[]): string[] {
  return [...new Set(checks.filter((check) => !check.ok).map((check) => check.rule))].sort();
}

export { crossYearChecks } from './rules.ts';
