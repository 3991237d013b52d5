import { describe, expect, it } from 'vitest';
import { readParagraphs } from './paragraphs.ts';
import type { PropertyRun } from './property-runs.ts';
import { SPRM } from './sprm.ts';

/** One compressed piece (one byte per character, so a character's byte offset is its position). */
const piece = (text: string) => ({ cp: 0, text, fc: 0, width: 1 as const });
const sprm = (id: number, ...operand: number[]) => [id & 0xff, id >> 8, ...operand];
const run = (fcStart: number, fcEnd: number, ...grpprl: number[][]): PropertyRun => ({ fcStart, fcEnd, grpprl: Uint8Array.from(grpprl.flat()) });
const read = (text: string, paragraphRuns: PropertyRun[] = [], deletedRuns: PropertyRun[] = []) =>
  readParagraphs({ pieces: [piece(text)], paragraphRuns, deletedRuns, data: undefined });

describe('readParagraphs', () => {
  it('shows a field by its result, not its code, and drops anchors of pictures and footnotes', () => {
    const [paragraph] = read('\u0013 HYPERLINK "../zwgk/"\u0014政务\u0013 PAGE \u00141\u0015公开\u0015\u0001\u0002 >\r');
    expect(paragraph!.text).toBe('政务1公开 >');
  });

  it('drops line breaks inside a paragraph, as the DOCX reader drops <w:br/>', () => {
    expect(read('本年处理\u000b决定数量\r')[0]!.text).toBe('本年处理决定数量');
  });

  it('ends paragraphs at paragraph marks and cells at U+0007, with the properties of the run holding the mark', () => {
    const inTable = [sprm(SPRM.PFInTable, 1)];
    const rowEnd = [sprm(SPRM.PFInTable, 1), sprm(SPRM.PFTtp, 1)];
    const paragraphs = read('表\r规章\u00072\u0007\u0007', [run(0, 2), run(2, 5, ...inTable), run(5, 7, ...inTable), run(7, 8, ...rowEnd)]);
    expect(paragraphs.map((p) => [p.text, p.cellMark, p.props.depth, p.props.rowEnd])).toEqual([
      ['表', false, 0, false],
      ['规章', true, 1, false],
      ['2', true, 1, false],
      ['', true, 1, true],
    ]);
  });

  it('leaves out text deleted with change tracking on', () => {
    expect(read('5\u00077\u0007', [], [run(0, 1)]).map((p) => p.text)).toEqual(['', '7']);
  });
});
