/**
 * Ruled tables read cell by cell. Reading a whole page, Tesseract groups text into lines across
 * the table: a row label wrapped onto two lines beside numbers centred in their cells becomes
 * one "line" whose baseline fits neither, and the recogniser returns nonsense for the label and
 * wrong digits for the values (0 read as 6, a label read as "=."). The rules say where every
 * cell is, so each cell's text lines are cut out (a horizontal ink profile) and laid out again
 * on white: the lines of one cell one after another, the cells of a grid row side by side with
 * wide gaps, the grid rows one under another. Every text line of the table is then a line of
 * its own in that strip, and the words read there are put back where their piece came from.
 * A wrapped label's lines follow each other in the strip too, so it reads in order.
 *
 * Pure: the caller renders the page, runs Tesseract on the strip and merges the words.
 */
import type { Box, Segment } from '../pdf/geometry.ts';
import { buildLatticeTable } from '../pdf/lattice.ts';
import { groupRules } from '../pdf/rules.ts';
import type { GreyImage, PixelBox } from './page-image.ts';
import type { OcrWord } from './tsv.ts';

/** Darker than this is ink when looking for text lines (rules are already painted out). */
const DARK = 160;
/** A pixel row with fewer dark pixels than this is blank (JPEG specks). */
const MIN_ROW_INK = 2;
/** Margin inside a cell's rules left out of its crop (px, and in text heights): remains of a rule. */
const INSET_PX = 3;
const INSET = 0.08;
/** Runs of ink rows closer than this (text heights) are one line: the strokes of 二 or 三. */
const JOIN_GAP = 0.25;
/** …and two runs that together are no taller than this (text heights) are one line too. */
const ONE_LINE = 1.35;
/** A run of ink rows thinner than this (text heights) with no other run to join is a speck. */
const SPECK = 0.2;
/** White above and below the text lines of a strip line (text heights). */
const PAD = 0.4;
/**
 * White between two cells, and between the lines of one cell, in the strip (text heights).
 * Measured on samples/pdf-scanned (v2019 ruled / v2021 ruled cells right): 0.8 100% / 97.0%,
 * 1.2 99.5% / 96.0%, 1.6 99.0% / 96.5%, 2.0 97.5% / 99.0%. Wider gaps make Tesseract see quote
 * marks in the white and read short labels in Latin letters; narrower ones join cells' words.
 */
const GAP = 0.8;
const JOIN = 0.5;

/** Where one cell's text lines were laid out in the strip, and the page box its words go back to. */
export interface CellPlace {
  /** the table cell (an index the caller chose) */
  cell: number;
  /** the cell's lines in the strip, one after another: its span there */
  place: PixelBox;
  /** the cell's text on the page image: its lines' left and right, its first line's height */
  target: PixelBox;
}

export interface CellStrip {
  image: GreyImage;
  cells: CellPlace[];
  /** the white space between two cells in the strip (px) */
  gap: number;
}

/** The strip's reading by cell (cell index → its words on the page). */
export interface StripReading {
  read: Map<number, OcrWord[]>;
  /** cells a word of the strip ran over from a neighbour: not read */
  spanned: Set<number>;
}

/** Quote marks and the like read in the white before a number. */
const STRAY_BEFORE_NUMBER = /^[”“"'‘’《》〈〉。，、·•]+(?=[+-]?\d)/u;

function darkRows(image: GreyImage, box: PixelBox): number[] {
  const rows: number[] = [];
  for (let y = box.top; y < box.top + box.height; y++) {
    let ink = 0;
    const from = y * image.width + box.left;
    for (let x = 0; x < box.width; x++) if (image.pixels[from + x]! < DARK) ink++;
    rows.push(ink);
  }
  return rows;
}

function inkColumns(image: GreyImage, left: number, right: number, top: number, bottom: number): { from: number; to: number } | null {
  let from = -1;
  let to = -1;
  for (let x = left; x < right; x++) {
    for (let y = top; y < bottom; y++) {
      if (image.pixels[y * image.width + x]! < DARK) {
        if (from < 0) from = x;
        to = x + 1;
        break;
      }
    }
  }
  return from < 0 ? null : { from, to };
}

/**
 * The text lines inside a cell (its box in pixels, rules included), as tight boxes around their
 * ink; none for an empty cell. `textHeight` is the page's median word height.
 */
export function cellLines(image: GreyImage, cell: PixelBox, textHeight: number): PixelBox[] {
  const inset = Math.max(INSET_PX, Math.round(INSET * textHeight));
  const left = Math.max(0, Math.floor(cell.left + inset));
  const top = Math.max(0, Math.floor(cell.top + inset));
  const right = Math.min(image.width, Math.ceil(cell.left + cell.width - inset));
  const bottom = Math.min(image.height, Math.ceil(cell.top + cell.height - inset));
  if (right - left < 2 || bottom - top < 2) return [];
  const rows = darkRows(image, { left, top, width: right - left, height: bottom - top });
  // runs of ink rows, [first, last + 1) in cell-crop rows
  let runs: [number, number][] = [];
  for (let k = 0, start = -1; k <= rows.length; k++) {
    const ink = k < rows.length && rows[k]! >= MIN_ROW_INK;
    if (ink && start < 0) start = k;
    if (!ink && start >= 0) {
      runs.push([start, k]);
      start = -1;
    }
  }
  const joined: [number, number][] = [];
  for (const run of runs) {
    const last = joined[joined.length - 1];
    if (last && (run[0] - last[1] < JOIN_GAP * textHeight || run[1] - last[0] <= ONE_LINE * textHeight)) last[1] = run[1];
    else joined.push([...run]);
  }
  runs = joined.filter(([a, b]) => b - a >= SPECK * textHeight || joined.length === 1);
  const lines: PixelBox[] = [];
  for (const [a, b] of runs) {
    const columns = inkColumns(image, left, right, top + a, top + b);
    if (columns) lines.push({ left: columns.from, top: top + a, width: columns.to - columns.from, height: b - a });
  }
  return lines;
}

/**
 * Lays out the cells' lines: `rows` holds, for each grid row, its cells left to right as
 * [cell index, the cell's lines top to bottom]. A cell's lines are joined with a narrow gap (a
 * wrapped label reads on), cells are set apart by a wide one.
 */
export function layoutCellStrip(image: GreyImage, rows: readonly (readonly (readonly [number, readonly PixelBox[]])[])[], textHeight: number): CellStrip {
  const gap = Math.max(12, Math.round(GAP * textHeight));
  const join = Math.max(6, Math.round(JOIN * textHeight));
  const pad = Math.max(4, Math.round(PAD * textHeight));
  const cells: CellPlace[] = [];
  const copies: { source: PixelBox; left: number; top: number }[] = [];
  let y = gap;
  let width = 1;
  for (const row of rows) {
    const filled = row.filter(([, lines]) => lines.length > 0);
    if (filled.length === 0) continue;
    const height = Math.max(...filled.flatMap(([, lines]) => lines.map((l) => l.height))) + 2 * pad;
    let x = gap;
    for (const [cell, lines] of filled) {
      const start = x;
      lines.forEach((source, k) => {
        if (k > 0) x += join;
        copies.push({ source, left: x, top: y + Math.floor((height - source.height) / 2) });
        x += source.width;
      });
      const left = Math.min(...lines.map((l) => l.left));
      const right = Math.max(...lines.map((l) => l.left + l.width));
      cells.push({ cell, place: { left: start, top: y, width: x - start, height }, target: { left, top: lines[0]!.top, width: right - left, height: lines[0]!.height } });
      x += gap;
    }
    width = Math.max(width, x);
    y += height + gap;
  }
  const height = Math.max(1, y);
  const pixels = new Uint8Array(width * height).fill(255);
  for (const { source, left, top } of copies) {
    for (let r = 0; r < source.height; r++) {
      const from = (source.top + r) * image.width + source.left;
      pixels.set(image.pixels.subarray(from, from + source.width), (top + r) * width + left);
    }
  }
  return { image: { width, height, pixels }, cells, gap };
}

/**
 * The strip's words put back on the page, by cell: a word belongs to the cell whose span in the
 * strip (and half the gaps beside it) holds its centre. The cell's words become one line (`tag`
 * and the cell) across the cell's text on the page, in the order they were read: squeezed into
 * the cell's width when its lines together were wider, so a wrapped label reads in order and
 * stays inside its cell. Words between cells are dropped, and so are words over two cells or
 * more: those cells are `spanned`, and have no reading. Quote marks Tesseract sees in the white
 * before a cell's number are dropped.
 */
export function placeStripWords(strip: CellStrip, words: readonly OcrWord[], tag: string): StripReading {
  const read = new Map<number, OcrWord[]>();
  const spanned = new Set<number>();
  const half = strip.gap / 2;
  const inBand = (y: number, p: PixelBox) => y >= p.top - half && y < p.top + p.height + half;
  for (const w of words) {
    const x = w.left + w.width / 2;
    const y = w.top + w.height / 2;
    // a word over two cells joined their text (a row of lone digits evenly spaced reads as one number)
    const over = strip.cells.filter(({ place: p }) => inBand(y, p) && w.left < p.left + p.width && p.left < w.left + w.width);
    if (over.length > 1) {
      for (const c of over) spanned.add(c.cell);
      continue;
    }
    const found = strip.cells.find(({ place: p }) => inBand(y, p) && x >= p.left - half && x < p.left + p.width + half);
    if (!found) continue;
    const { cell, place, target } = found;
    const squeeze = Math.min(1, target.width / Math.max(1, place.width));
    const moved: OcrWord = {
      ...w,
      line: `${tag}.${cell}`,
      left: target.left + Math.max(0, w.left - place.left) * squeeze,
      width: Math.max(1, w.width * squeeze),
      top: target.top + target.height / 2 - w.height / 2,
    };
    let list = read.get(cell);
    if (!list) read.set(cell, (list = []));
    list.push(moved);
  }
  for (const cell of spanned) read.delete(cell);
  for (const list of read.values()) {
    const first = list[0]!;
    const text = first.text.replace(STRAY_BEFORE_NUMBER, '');
    if (text !== first.text) list[0] = { ...first, text };
  }
  return { read, spanned };
}

/** A ruled table's cells (pixels), found by the same lattice reconstruction the page layout uses. */
export interface RuledTable {
  box: PixelBox;
  /** grid rows, each its cells left to right (a merged cell in the row it starts in) */
  rows: PixelBox[][];
}

/**
 * The ruled tables of a page from its rules (segments in page space; `scale` is page space per
 * pixel): one-cell frames are left out (a box around a paragraph is no table).
 */
export function ruledTables(segments: readonly Segment[], scale: number): RuledTable[] {
  const px = (b: Box): PixelBox => ({ left: b.x0 / scale, top: b.y0 / scale, width: (b.x1 - b.x0) / scale, height: (b.y1 - b.y0) / scale });
  const tables: RuledTable[] = [];
  for (const group of groupRules(segments)) {
    const built = buildLatticeTable(group, []);
    if (!built || (built.table.xs.length === 2 && built.table.ys.length === 2)) continue;
    tables.push({ box: px(built.table.box), rows: built.table.rows.map((row) => row.map((cell) => px(cell.box))) });
  }
  return tables;
}
