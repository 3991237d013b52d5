import { describe, expect, it } from 'vitest';
import { planIdentity, type Contender } from '../../src/load/supersession.ts';

const report = (reportId: number, documentSha256: string, documentSeenOrder: number, hasTables = true): Contender => ({
  reportId,
  documentSha256,
  documentSeenOrder,
  hasTables,
});

describe('planIdentity', () => {
  it('makes the only newcomer current when there is none', () => {
    const plan = planIdentity(undefined, [report(1, 'a', 1)]);
    expect(plan.current?.reportId).toBe(1);
    expect(plan.supersededBy.size).toBe(0);
  });

  it('lets a newer document replace the current report', () => {
    const plan = planIdentity(report(1, 'a', 1), [report(2, 'b', 2)]);
    expect(plan.current?.reportId).toBe(2);
    expect([...plan.supersededBy]).toEqual([[1, 2]]);
    expect([...plan.replaced]).toEqual([[2, 1]]);
  });

  it('lets a re-extraction of the current document replace it', () => {
    const plan = planIdentity(report(1, 'a', 5), [report(2, 'a', 5)]);
    expect(plan.current?.reportId).toBe(2);
  });

  it('keeps an older document as history, superseded by the current report', () => {
    const plan = planIdentity(report(1, 'b', 2), [report(3, 'a', 1)]);
    expect(plan.current?.reportId).toBe(1);
    expect([...plan.supersededBy]).toEqual([[3, 1]]);
    expect(plan.replaced.size).toBe(0);
  });

  it('chains several newcomers in load order', () => {
    const plan = planIdentity(report(1, 'a', 1), [report(2, 'b', 2), report(3, 'c', 3), report(4, 'a', 1)]);
    expect(plan.current?.reportId).toBe(3);
    expect(Object.fromEntries(plan.supersededBy)).toEqual({ 1: 2, 2: 3, 4: 3 });
  });

  it('never lets a newer report without tables (an envelope page) replace one with tables', () => {
    const plan = planIdentity(report(1, 'pdf', 1, true), [report(2, 'page-v2', 2, false)]);
    expect(plan.current?.reportId).toBe(1);
    expect([...plan.supersededBy]).toEqual([[2, 1]]);
  });

  it('lets a report with tables replace an earlier one without, whatever their order', () => {
    const plan = planIdentity(report(1, 'page', 2, false), [report(2, 'pdf', 1, true)]);
    expect(plan.current?.reportId).toBe(2);
  });
});
