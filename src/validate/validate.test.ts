import { describe, expect, it } from 'vitest';
import type { CanonicalCell } from '../domain/types.ts';
import { keysFor, t3Key, t4Key } from '../domain/vocabulary.ts';
import { cellValues, crossYearChecks, failingRules, validateReport } from './validate.ts';

function zeros(): Map<string, number | null> {
  return new Map(keysFor('v2021').map((key) => [key, 0]));
}
const cells = (values: Map<string, number | null>): CanonicalCell[] =>
  [...values].map(([key, value]) => ({ key, value, raw: String(value ?? ''), page: null }));

describe('validateReport', () => {
  it('passes a consistent report', () => {
    const values = zeros();
    for (const row of ['received.new', 'outcome.granted', 'outcome.total']) {
      values.set(t3Key(row, 'applicant.natural_person'), 5);
      values.set(t3Key(row, 'applicant.total'), 5);
    }
    const checks = validateReport(cells(values), 'v2021');
    expect(failingRules(checks)).toEqual([]);
    expect(checks.filter((check) => check.rule === 'T3-01')).toHaveLength(7);
  });

  it('flags each broken identity without repairing the values', () => {
    const values = zeros();
    values.set(t3Key('received.new', 'applicant.natural_person'), 3);
    values.set(t4Key('review.total'), 2);
    const checks = validateReport(cells(values), 'v2021');
    expect(failingRules(checks)).toEqual(['T3-01', 'T3-02', 'T4-01']);
    expect(checks.find((check) => check.rule === 'T3-01' && !check.ok)).toMatchObject({
      scope: 'applicant.natural_person',
      detail: '3+0 != 0+0',
    });
    expect(values.get(t3Key('received.new', 'applicant.natural_person'))).toBe(3);
  });

  it('counts blank cells as 0 and skips tables that are not printed', () => {
    const values = new Map<string, number | null>([
      [t3Key('received.new', 'applicant.natural_person'), 2],
      [t3Key('received.new', 'applicant.org.commercial'), null],
      [t3Key('received.new', 'applicant.total'), 2],
    ]);
    const checks = validateReport(cells(values), 'v2021');
    expect(checks.some((check) => check.rule.startsWith('T4'))).toBe(false);
    expect(checks.find((check) => check.rule === 'T3-02' && check.scope === 'received.new')?.ok).toBe(true);
  });

  it('checks T3-06 against the previous year', () => {
    const current = cellValues(cells(new Map([[t3Key('received.carried_over', 'applicant.total'), 4]])));
    const previous = cellValues(cells(new Map([[t3Key('carried_forward', 'applicant.total'), 6]])));
    expect(crossYearChecks(current, previous)).toEqual([
      { rule: 'T3-06', scope: 'applicant.total', ok: false, detail: "4 != 6 (previous year's carried_forward)" },
    ]);
  });
});
