import { describe, expect, it } from 'vitest';
import { labelScore, normalizeLabel, specificLabel } from './labels.ts';
import { splitRunningText } from './records.ts';

describe('label normalisation', () => {
  it('folds width, spaces, quotes and brackets', () => {
    expect(normalizeLabel('（二） 部分公开 ')).toBe('(二)部分公开');
    expect(normalizeLabel('3.危及“三安全一稳定”')).toBe('3.危及"三安全一稳定"');
    expect(normalizeLabel('商业\u3000企业\u00a0')).toBe('商业企业');
  });

  it('takes the label after the last ordinal, so a group label sharing the row is ignored (V-02)', () => {
    expect(specificLabel(normalizeLabel('（三）不予公开 1.属于国家秘密'))).toEqual({ label: '属于国家秘密', ordinal: '1.' });
    expect(specificLabel('562.0678').label).toBe('562.0678');
  });

  it('prefers the specific template label over a short one contained in it', () => {
    const observed = normalizeLabel('其他法律行政法规禁止公开');
    expect(labelScore(observed, '其他法律行政法规禁止公开')).toBe(1);
    expect(labelScore(observed, '其他')).toBeLessThan(0.5);
    expect(labelScore(normalizeLabel('其他法律行政止公开'), '其他法律行政法规禁止公开')).toBeGreaterThan(0.6);
  });
});

describe('splitRunningText', () => {
  it('tells a glued ordinal from the numbers before it', () => {
    const pieces = splitRunningText('1.属于国家秘密00000002.其他法律行政法规禁止公开 0000000');
    expect(pieces).toEqual([
      { text: '1.属于国家秘密', isNumber: false },
      { text: '0000000', isNumber: true },
      { text: '2.其他法律行政法规禁止公开 ', isNumber: false },
      { text: '0000000', isNumber: true },
    ]);
  });

  it('keeps decimals and money units with their number', () => {
    expect(splitRunningText('行政事业性收费9116.36 三、')[1]).toEqual({ text: '9116.36', isNumber: true });
    expect(splitRunningText('政府集中采购13575394432.52元三、')[1]).toEqual({ text: '13575394432.52元', isNumber: true });
  });
});

describe('full-width digits (V-10)', () => {
  it('reads full-width digits in running text as numbers', () => {
    expect(splitRunningText('行政许可４３９件')).toEqual([
      { text: '行政许可', isNumber: false },
      { text: '439', isNumber: true },
      { text: '件', isNumber: false },
    ]);
  });
});
