import { describe, expect, it } from 'vitest';
import { acceptRereads, cellText, reconcileCells, unreadValueCells } from './reconcile.ts';
import type { OcrWord } from './tsv.ts';

const w = (text: string, left = 0, top = 0): OcrWord => ({ line: 'x', left, top, width: 20, height: 30, conf: 90, text });
const cells = (...texts: string[]) => new Map(texts.map((t, k) => [k, t === '' ? [] : [w(t)]]));
const texts = (kept: Map<number, OcrWord[]>) => [...kept.entries()].sort((a, b) => a[0] - b[0]).map(([, words]) => cellText(words));

describe('reconcileCells', () => {
  it('takes the reading that read something, the label without Latin letters, the one nearer a template label', () => {
    const page = cells('', '三、本HDS理结果', '(一)子以公开', '7', 'Bit');
    const strip = cells('1', '三、本年度办理结果', '(一)予以公开', '', '总计');
    expect(texts(reconcileCells([[0, 1, 2, 3, 4]], page, strip))).toEqual(['1', '三、本年度办理结果', '(一)予以公开', '7', '总计']);
  });

  it('prefers a number to a character or two read where it stood, but keeps a label', () => {
    const page = cells('站', '5.要求行政机关确认', '0');
    const strip = cells('6', '5', 'oO');
    expect(texts(reconcileCells([[0, 1, 2]], page, strip))).toEqual(['6', '5.要求行政机关确认', '0']);
  });

  it('takes the page pass\'s number for a disputed cell when only that satisfies the row total', () => {
    // strip: 159 10 0 1 9 2 | 172 breaks the total; the page pass read the fifth as 0
    const strip = cells('部分公开', '159', '10', '0', '1', '9', '2', '172');
    const page = cells('部分公开', '159', '10', '0', '1', '0', '2', '172');
    expect(texts(reconcileCells([[0, 1, 2, 3, 4, 5, 6, 7]], page, strip))).toEqual(['部分公开', '159', '10', '0', '1', '0', '2', '172']);
  });

  it('keeps the strip\'s numbers when the total holds, or when the identity cannot tell which reading is right', () => {
    const row = [[0, 1, 2, 3]];
    // the strip's reading satisfies the total: kept, though the page pass read otherwise
    expect(texts(reconcileCells(row, cells('1', '2', '3', '6'), cells('1', '2', '4', '7')))).toEqual(['1', '2', '4', '7']);
    // neither choice satisfies it: the strip's reading stays
    expect(texts(reconcileCells(row, cells('5', '2', '3', '8'), cells('1', '2', '4', '9')))).toEqual(['1', '2', '4', '9']);
    // two choices satisfy it (the page pass's first, or its second): ambiguous, the strip's reading stays
    expect(texts(reconcileCells([[0, 1, 2]], cells('2', '2', '3'), cells('1', '1', '3')))).toEqual(['1', '1', '3']);
  });
});

describe('unreadValueCells', () => {
  const all = () => true;
  it('finds value cells with ink that kept no number: empty, or noise', () => {
    const kept = cells('(二)部分公开', '', 'i', '0', '0', '2');
    expect(unreadValueCells([[0, 1, 2, 3, 4, 5]], kept, all)).toEqual([1, 2]);
    // no ink there: a blank cell stays blank
    expect(unreadValueCells([[0, 1, 2, 3, 4, 5]], kept, (cell) => cell !== 1)).toEqual([2]);
  });

  it('leaves labels, placeholders and rows without a number alone', () => {
    expect(unreadValueCells([[0, 1, 2, 3]], cells('行政许可', '—', '/', '3'), all)).toEqual([]);
    expect(unreadValueCells([[0, 1, 2]], cells('结果维持', '', 'ie'), all)).toEqual([]);
    // cells before the row's last label are no values
    expect(unreadValueCells([[0, 1, 2]], cells('', '申请人情况', '5'), all)).toEqual([]);
  });
});

describe('acceptRereads', () => {
  const reread = (text: string, conf: number) => ({ ...w(text), conf });
  it('takes a sure rereading, and a less sure one when the row total then holds', () => {
    const kept = cells('部分公开', '', 'i', '0', '2');
    expect([...acceptRereads([[0, 1, 2, 3, 4]], kept, new Map([[1, reread('1', 63)], [2, reread('1', 63)]]))]).toEqual([1, 2]);
    // the total does not hold: only the sure reading is taken
    expect([...acceptRereads([[0, 1, 2, 3, 4]], kept, new Map([[1, reread('1', 90)], [2, reread('4', 63)]]))]).toEqual([1]);
  });

  it('takes no guess, nor a reading that is no number', () => {
    const kept = cells('部分公开', '', '1', '0', '2');
    expect([...acceptRereads([[0, 1, 2, 3, 4]], kept, new Map([[1, reread('1', 40)]]))]).toEqual([]);
    expect([...acceptRereads([[0, 1, 2, 3, 4]], kept, new Map([[1, reread('.', 95)]]))]).toEqual([]);
  });
});
