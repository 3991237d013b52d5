import { describe, expect, it } from 'vitest';
import { candidateRows, fitCells, lastIsTotal } from './split.ts';
import { parseValue } from './values.ts';

const glued = (...runs: string[]) => runs.map((raw) => ({ raw }));
const values = (row: { value: number | null }[]) => row.map((slot) => slot.value);

describe('candidateRows', () => {
  it('splits a glued Table 3 row uniquely under its row total', () => {
    const rows = candidateRows(glued('713000074'), 7, lastIsTotal);
    expect(rows.map(values)).toEqual([[71, 3, 0, 0, 0, 0, 74]]);
  });

  it('respects space boundaries between glued runs', () => {
    const rows = candidateRows(glued('230', '000023'), 7, lastIsTotal);
    expect(rows.map(values)).toEqual([[23, 0, 0, 0, 0, 0, 23]]);
  });

  it('never cuts a number with a leading zero or through a decimal part', () => {
    const rows = candidateRows([{ raw: '13575394432.52', unit: '元' }], 2);
    expect(rows.every((row) => !/^0\d/.test(row[1]!.raw))).toBe(true);
    expect(rows.map((row) => row[1]!.raw)).toContain('75394432.52元');
    expect(rows.find((row) => row[0]!.value === 135)?.[1]?.unit).toBe('元');
  });

  it('keeps cells with real boundaries as printed, blanks and N/A included', () => {
    const cells = ['26', '', '/', '', '', '', '26'].map((text) => parseValue(text)!);
    const [row] = candidateRows(cells.map((parsed) => ({ raw: parsed.raw, parsed })), 7);
    expect(values(row!)).toEqual([26, null, null, null, null, null, 26]);
    expect(row![2]!.nullReason).toBe('na_marker');
    expect(row![1]!.nullReason).toBe('blank');
  });
});

describe('fitCells', () => {
  const parse = (texts: string[]) => texts.map((text) => parseValue(text)!);

  it('drops blanks left by dropped merged cells and anchors from the right (V-01)', () => {
    expect(values(fitCells(parse(['', '0', '1', '2', '3', '4', '5', '15', '']), 7))).toEqual([0, 1, 2, 3, 4, 5, 15]);
  });

  it('marks a missing trailing cell as not printed', () => {
    const row = fitCells(parse(['1', '0', '0', '0', '0', '0']), 7);
    expect(row[6]).toMatchObject({ missing: true, value: null });
  });
});

describe('rows whose blank cells are ambiguous', () => {
  const parsed = (texts: string[]) => texts.map((text) => ({ raw: text, parsed: parseValue(text)! }));

  it('offers both readings of a row with a blank on each side, and only those its total accepts', () => {
    const rows = candidateRows(parsed(['', '211', '4', '2', '', '', '40', '']), 7, lastIsTotal);
    expect(rows.map(values)).toEqual([[211, 4, 2, null, null, 40, null]]);
  });

  it('reads a wide gap in running text as the blank cell it stands for', () => {
    const tokens = [{ raw: '319' }, { raw: '32', wideGapBefore: true }];
    expect(candidateRows(tokens, 3).map(values)).toEqual([[319, null, 32]]);
  });

  it('reads too few numbers from the left when nothing says where the blanks were', () => {
    expect(candidateRows([{ raw: '5' }, { raw: '+1' }], 3).map(values)).toEqual([[5, 1, null]]);
  });
});
