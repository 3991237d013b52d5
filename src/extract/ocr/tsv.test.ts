import { describe, expect, it } from 'vitest';
import { tsvToGlyphs } from './tsv.ts';

/** A 600 px wide page image (a 144 pt page at 300 dpi … scaled by 144/600 = 0.24). */
const HEADER = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
const row = (level: number, line: number, word: number, box: [number, number, number, number], text = '') =>
  [level, 1, 1, 1, line, word, ...box, level === 5 ? 95 : -1, text].join('\t');

const TSV = [
  HEADER,
  row(1, 0, 0, [0, 0, 600, 800]),
  row(4, 1, 0, [100, 100, 400, 60]),
  row(5, 1, 1, [100, 110, 80, 40], '行政'),
  // a misread stroke makes this box twice as tall: the line's height and centre win
  row(5, 1, 2, [180, 90, 40, 80], '处罚'),
  row(5, 1, 3, [300, 112, 10, 36], '|'),
  row(5, 1, 4, [400, 114, 30, 36], '1O3'),
  row(5, 1, 5, [450, 114, 30, 36], '   '),
  row(4, 2, 0, [100, 200, 200, 40]),
  row(5, 2, 1, [100, 200, 60, 40], '合计'),
  '',
].join('\n');

describe('tsvToGlyphs', () => {
  const glyphs = tsvToGlyphs(TSV, 144);

  it('keeps words, drops ruling-line artefacts and blanks, reads digits misread as letters', () => {
    expect(glyphs.map((g) => g.text)).toEqual(['行政', '处罚', '103', '合计']);
  });

  it('scales pixels to page space by the page width', () => {
    const [first] = glyphs;
    expect(first!.x0).toBeCloseTo(100 * 0.24);
    expect(first!.x1).toBeCloseTo(180 * 0.24);
  });

  it('gives every word of a line the line’s median height and centre', () => {
    const line = glyphs.slice(0, 3);
    expect(new Set(line.map((g) => g.size)).size).toBe(1);
    expect(line[0]!.size).toBeCloseTo(40 * 0.24);
    expect(new Set(line.map((g) => g.y0)).size).toBe(1);
    expect((line[1]!.y0 + line[1]!.y1) / 2).toBeCloseTo(130 * 0.24);
    expect(glyphs[3]!.y0).toBeCloseTo(200 * 0.24);
    expect(glyphs.every((g) => !g.vertical)).toBe(true);
  });

  it('reads nothing from output without a page row or words', () => {
    expect(tsvToGlyphs(HEADER, 144)).toEqual([]);
    expect(tsvToGlyphs(`${HEADER}\n${row(1, 0, 0, [0, 0, 600, 800])}\n`, 144)).toEqual([]);
  });
});
