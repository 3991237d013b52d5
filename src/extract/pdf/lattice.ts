/**
 * Ruled ("lattice") tables: a group of crossing rules → a grid of row and column boundaries →
 * cells, where a missing rule segment between two grid units merges them (rowspan/colspan) →
 * glyphs assigned to cells by their centre.
 */
import { centreX, centreY, type Box, type Glyph } from './geometry.ts';
import { SAME_LINE_TOLERANCE, TOUCH_TOLERANCE, type Rule, type RuleGroup } from './rules.ts';
import { buildLines, isValueText, joinCellLines, lineText, type Line } from './text-lines.ts';

/** Grid bands thinner than this (pt) are artefacts of double or offset borders, not rows. */
const MIN_BAND = 3;
/**
 * A separator exists between two units when rules cover at least this share of their border
 * (dashed borders cover about half; a merged cell's border is missing entirely).
 */
const MIN_COVERAGE = 0.3;

export interface Cell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  box: Box;
  text: string;
}

export interface LatticeTable {
  box: Box;
  /** column boundaries, left to right */
  xs: number[];
  /** row boundaries, top to bottom */
  ys: number[];
  /** cells by the row of their top-left unit, each row left to right */
  rows: Cell[][];
}

/** Sorted boundary positions: the rule positions, clustered, with too-thin bands collapsed. */
function boundaries(positions: number[]): number[] {
  const sorted = [...positions].sort((a, b) => a - b);
  const out: number[] = [];
  let sum = 0;
  let count = 0;
  for (const p of sorted) {
    if (count > 0 && p - sum / count > Math.max(SAME_LINE_TOLERANCE, MIN_BAND)) {
      out.push(sum / count);
      sum = 0;
      count = 0;
    }
    sum += p;
    count++;
  }
  if (count > 0) out.push(sum / count);
  return out;
}

/** Share of [from, to] covered by the rules lying at `at`. */
function coverage(rules: readonly Rule[], at: number, from: number, to: number): number {
  const span = to - from;
  if (span <= 0) return 1;
  const parts: [number, number][] = [];
  for (const r of rules) {
    if (Math.abs(r.at - at) > Math.max(SAME_LINE_TOLERANCE, MIN_BAND)) continue;
    const a = Math.max(from, r.from);
    const b = Math.min(to, r.to);
    if (b > a) parts.push([a, b]);
  }
  parts.sort((p, q) => p[0] - q[0]);
  let covered = 0;
  let end = from;
  for (const [a, b] of parts) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return covered / span;
}

/** Builds the grid of a rule group (a single ruled box is a 1×1 grid); null for degenerate groups. */
export function buildGrid(group: RuleGroup): Omit<LatticeTable, 'rows'> & { units: Int32Array } | null {
  const ys = boundaries(group.h.map((r) => r.at));
  const xs = boundaries(group.v.map((r) => r.at));
  // open tables: horizontal rules running past the outermost verticals (no left/right border),
  // verticals running past the outermost horizontals (no top/bottom border)
  const hFrom = Math.min(...group.h.map((r) => r.from));
  const hTo = Math.max(...group.h.map((r) => r.to));
  const vFrom = Math.min(...group.v.map((r) => r.from));
  const vTo = Math.max(...group.v.map((r) => r.to));
  if (xs[0]! - hFrom > MIN_BAND * 2) xs.unshift(hFrom);
  if (hTo - xs[xs.length - 1]! > MIN_BAND * 2) xs.push(hTo);
  if (ys[0]! - vFrom > MIN_BAND * 2) ys.unshift(vFrom);
  if (vTo - ys[ys.length - 1]! > MIN_BAND * 2) ys.push(vTo);
  const nRows = ys.length - 1;
  const nCols = xs.length - 1;
  if (nRows < 1 || nCols < 1) return null;

  // union-find over grid units; units not separated by a rule belong to the same cell
  const units = new Int32Array(nRows * nCols).map((_, k) => k);
  const find = (k: number): number => {
    while (units[k] !== k) {
      units[k] = units[units[k]!]!;
      k = units[k]!;
    }
    return k;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    // keep the top-left unit as the root, so a cell is reported at its first row/column
    if (ra !== rb) units[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const k = r * nCols + c;
      if (c + 1 < nCols && coverage(group.v, xs[c + 1]!, ys[r]!, ys[r + 1]!) < MIN_COVERAGE) union(k, k + 1);
      if (r + 1 < nRows && coverage(group.h, ys[r + 1]!, xs[c]!, xs[c + 1]!) < MIN_COVERAGE) union(k, k + nCols);
    }
  }
  for (let k = 0; k < units.length; k++) units[k] = find(k);
  const box = { x0: xs[0]!, y0: ys[0]!, x1: xs[nCols]!, y1: ys[nRows]! };
  return { box, xs, ys, units };
}

/** Index of the band [bounds[i], bounds[i+1]) containing v, or -1. */
function band(bounds: readonly number[], v: number): number {
  if (v < bounds[0]! || v > bounds[bounds.length - 1]!) return -1;
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Reconstructs a ruled table and fills its cells with the glyphs whose centre falls inside.
 * Returns the table and the glyphs it took, or null when the rules do not form a table.
 */
export function buildLatticeTable(group: RuleGroup, glyphs: readonly Glyph[]): { table: LatticeTable; used: Set<Glyph> } | null {
  const grid = buildGrid(group);
  if (!grid) return null;
  const { xs, ys, units, box } = grid;
  const nCols = xs.length - 1;
  const byRoot = new Map<number, Glyph[]>();
  const used = new Set<Glyph>();
  const slack = TOUCH_TOLERANCE / 2;
  for (const g of glyphs) {
    const cx = centreX(g);
    const cy = centreY(g);
    if (cx < box.x0 - slack || cx > box.x1 + slack || cy < box.y0 - slack || cy > box.y1 + slack) continue;
    const c = Math.max(0, band(xs, Math.min(Math.max(cx, box.x0), box.x1)));
    const r = Math.max(0, band(ys, Math.min(Math.max(cy, box.y0), box.y1)));
    const root = units[r * nCols + c]!;
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push(g);
    used.add(g);
  }

  // extent of every merged cell in grid units, in one pass (roots are top-left units)
  const lastRow = new Int32Array(units.length).fill(-1);
  const lastCol = new Int32Array(units.length).fill(-1);
  for (let k = 0; k < units.length; k++) {
    const root = units[k]!;
    lastRow[root] = Math.max(lastRow[root]!, Math.floor(k / nCols));
    lastCol[root] = Math.max(lastCol[root]!, k % nCols);
  }
  const rows: Cell[][] = Array.from({ length: ys.length - 1 }, () => []);
  const cellLines: Line[][][] = Array.from({ length: ys.length - 1 }, () => []);
  for (let root = 0; root < units.length; root++) {
    if (units[root] !== root) continue;
    const row = Math.floor(root / nCols);
    const col = root % nCols;
    const r1 = lastRow[root]!;
    const c1 = lastCol[root]!;
    const cellGlyphs = byRoot.get(root) ?? [];
    const lines = cellGlyphs.length ? buildLines(cellGlyphs) : [];
    cellLines[row]!.push(lines);
    rows[row]!.push({
      row,
      col,
      rowSpan: r1 - row + 1,
      colSpan: c1 - col + 1,
      box: { x0: xs[col]!, y0: ys[row]!, x1: xs[c1 + 1]!, y1: ys[r1 + 1]! },
      text: joinCellLines(lines.map(lineText)),
    });
  }
  if (cellLines.some(underRuled)) return null;
  for (const row of rows) row.sort((a, b) => a.col - b.col);
  return { table: { box, xs, ys, rows }, used };
}

/**
 * Whether the cells starting in one grid row hold several table rows each: two cells whose
 * lines sit at the same heights (three or more), one of them a column of values. The rules
 * between the rows are missing (only column rules, or a three-line table), so the ruling cannot
 * say where rows are; the text alignment (stream.ts) can.
 */
function underRuled(cells: Line[][]): boolean {
  const tall = cells.filter((lines) => lines.length >= 3);
  const centre = (l: Line) => (l.y0 + l.y1) / 2;
  for (const values of tall) {
    if (values.filter((l) => lineText(l).split(' ').every(isValueText)).length < 3) continue;
    for (const other of tall) {
      if (other === values) continue;
      const aligned = other.filter((l) => values.some((v) => Math.abs(centre(v) - centre(l)) < 0.5 * l.size)).length;
      if (aligned >= 3) return true;
    }
  }
  return false;
}
