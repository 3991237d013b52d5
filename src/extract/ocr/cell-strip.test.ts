import { describe, expect, it } from 'vitest';
import { cellLines, layoutCellStrip, placeStripWords, ruledTables } from './cell-strip.ts';
import type { GreyImage, PixelBox } from './page-image.ts';
import type { OcrWord } from './tsv.ts';

const H = 30; // text height (px)

function blank(width: number, height: number): GreyImage {
  return { width, height, pixels: new Uint8Array(width * height).fill(255) };
}

function ink(image: GreyImage, left: number, top: number, width: number, height: number, value = 0): void {
  for (let y = top; y < top + height; y++) for (let x = left; x < left + width; x++) image.pixels[y * image.width + x] = value;
}

const word = (text: string, left: number, top: number, width: number, height = H, conf = 90): OcrWord => ({ line: '1.1.1', left, top, width, height, conf, text });

describe('cellLines', () => {
  it('finds each text line of a wrapped cell as a tight box, and leaves an empty cell empty', () => {
    const image = blank(400, 200);
    ink(image, 20, 20, 300, H); // first line
    ink(image, 20, 70, 120, H); // second, shorter line
    const cell: PixelBox = { left: 10, top: 10, width: 380, height: 120 };
    expect(cellLines(image, cell, H)).toEqual([
      { left: 20, top: 20, width: 300, height: H },
      { left: 20, top: 70, width: 120, height: H },
    ]);
    expect(cellLines(image, { left: 10, top: 140, width: 380, height: 50 }, H)).toEqual([]);
  });

  it('keeps a line whose strokes leave blank rows (二, 三) in one piece', () => {
    const image = blank(200, 100);
    ink(image, 20, 20, 40, 4);
    ink(image, 20, 42, 40, 4); // 18 px apart, but 26 px tall together: one line
    expect(cellLines(image, { left: 0, top: 0, width: 200, height: 100 }, H)).toEqual([{ left: 20, top: 20, width: 40, height: 26 }]);
  });

  it('ignores faint grey left of a painted-out rule and specks smaller than a character', () => {
    const image = blank(200, 100);
    ink(image, 0, 0, 200, 100, 200); // light grey everywhere: not ink
    ink(image, 50, 30, 60, H);
    ink(image, 150, 80, 2, 2); // a speck, far below
    expect(cellLines(image, { left: 0, top: 0, width: 200, height: 100 }, H)).toEqual([{ left: 50, top: 30, width: 60, height: H }]);
  });
});

describe('the cell strip', () => {
  const image = blank(1000, 300);
  ink(image, 20, 20, 300, H); // a label wrapped onto two lines
  ink(image, 20, 70, 100, H);
  ink(image, 600, 45, 20, H); // a number centred in its cell
  const rows = [[[0, cellLines(image, { left: 10, top: 10, width: 500, height: 100 }, H)], [1, cellLines(image, { left: 510, top: 10, width: 200, height: 100 }, H)]] as const];
  const strip = layoutCellStrip(image, rows, H);

  it('lays a wrapped label out on one line with its row\'s numbers, and copies the ink', () => {
    expect(strip.cells.map((c) => c.cell)).toEqual([0, 1]);
    const [label, number] = strip.cells;
    expect(label!.place.top).toBe(number!.place.top);
    expect(label!.place.width).toBeGreaterThan(400); // both lines, one after the other
    expect(number!.place.left).toBeGreaterThan(label!.place.left + label!.place.width);
    const at = (x: number, y: number) => strip.image.pixels[y * strip.image.width + x];
    expect(at(number!.place.left + 5, number!.place.top + number!.place.height / 2)).toBe(0);
    expect(at(number!.place.left - 5, number!.place.top + number!.place.height / 2)).toBe(255);
  });

  it('puts the words read back in their cells, in reading order, inside the cell', () => {
    const [label, number] = strip.cells;
    const y = label!.place.top + 10;
    const read = [
      word('第一行', label!.place.left, y, 300),
      word('第二行', label!.place.left + label!.place.width - 100, y, 100),
      word('27', number!.place.left, y, 20),
      word('"', number!.place.left + number!.place.width + strip.gap * 0.6, y, 4), // in the white after the last cell
    ];
    const { read: byCell, spanned } = placeStripWords(strip, read, 't');
    expect(spanned.size).toBe(0);
    const labelWords = byCell.get(0)!;
    expect(labelWords.map((w) => w.text)).toEqual(['第一行', '第二行']);
    expect(new Set(labelWords.map((w) => w.line)).size).toBe(1);
    expect(labelWords[0]!.left).toBeLessThan(labelWords[1]!.left);
    for (const w of labelWords) expect(w.left + w.width).toBeLessThanOrEqual(20 + 300 + 1);
    expect(byCell.get(1)!.map((w) => [w.text, w.left])).toEqual([['27', 600]]);
  });

  it('drops a word that runs over two cells and reports both cells as not read', () => {
    const [label, number] = strip.cells;
    const left = label!.place.left + label!.place.width - 10;
    const { read, spanned } = placeStripWords(strip, [word('行27', left, label!.place.top + 10, number!.place.left + 15 - left)], 't');
    expect(read.size).toBe(0);
    expect([...spanned].sort()).toEqual([0, 1]);
  });

  it('drops quote marks read in the white before a number, not other text', () => {
    const [label, number] = strip.cells;
    const y = number!.place.top + 10;
    const { read } = placeStripWords(strip, [word('“三安全', label!.place.left, y, 100), word('”27', number!.place.left, y, 20)], 't');
    expect(read.get(0)![0]!.text).toBe('“三安全');
    expect(read.get(1)![0]!.text).toBe('27');
  });
});

describe('ruledTables', () => {
  it('finds the cells of a ruled grid in pixels, and no table in a one-cell frame', () => {
    const scale = 0.24; // 300 dpi pixels → points
    const h = (y: number) => ({ dir: 'h' as const, at: y * scale, from: 100 * scale, to: 700 * scale });
    const v = (x: number) => ({ dir: 'v' as const, at: x * scale, from: 100 * scale, to: 300 * scale });
    const [table, ...rest] = ruledTables([h(100), h(200), h(300), v(100), v(400), v(700)], scale);
    expect(rest).toEqual([]);
    expect(table!.rows.map((row) => row.length)).toEqual([2, 2]);
    const cell = table!.rows[1]![1]!;
    expect(cell.left).toBeCloseTo(400);
    expect(cell.top).toBeCloseTo(200);
    expect(cell.width).toBeCloseTo(300);
    expect(ruledTables([h(100), h(300), v(100), v(700)], scale)).toEqual([]);
  });
});
