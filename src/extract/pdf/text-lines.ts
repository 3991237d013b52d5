/**
 * Glyphs → lines → strings. Used for running text and for the text inside one table cell.
 */
import { median, type Glyph } from './geometry.ts';

/** A horizontal run of glyphs without a wide gap (a phrase, a number, one column of a row). */
export interface Chunk {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  text: string;
  size: number;
}

export interface Line {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** median glyph size */
  size: number;
  glyphs: Glyph[];
  /** runs split at wide gaps (CHUNK_GAP_EM): phrases and table cells */
  chunks: Chunk[];
  /** runs split at any visible gap (WORD_GAP_EM): finer pieces for column alignment */
  words: Chunk[];
}

/** A gap this many ems wide between two glyphs of a line starts a new chunk. */
export const CHUNK_GAP_EM = 1.5;
/** A gap this many ems wide starts a new word (narrow table columns sit this close). */
export const WORD_GAP_EM = 0.6;
/** Between two non-CJK glyphs a gap this wide (ems) is a space. */
const SPACE_GAP_EM = 0.2;
/** Between two CJK glyphs only a much wider gap is a space (CJK text has no spaces, but is often justified). */
const CJK_SPACE_GAP_EM = 0.9;

/** A table value as printed: a count, amount or signed delta (with a unit), or an N/A marker. */
const VALUE = /^(?:[-+−－]?\d[\d,，]*(?:\.\d+)?%?\s?(?:万元|元|件|个|条|项)?|[/／—–－-]|无)$/u;

export function isValueText(text: string): boolean {
  return VALUE.test(text.trim());
}

/** CJK ideographs, radicals, symbols and punctuation, full-width forms (by code unit: no regex per glyph). */
function isCjkCode(code: number): boolean {
  return (code >= 0x2e80 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef);
}


/**
 * Groups glyphs into lines: glyphs whose vertical centres are within half a glyph height of the
 * line's centre share it. A column of vertical-font glyphs first becomes one tall glyph (read
 * top to bottom), so a vertical label is one word of the line it sits on.
 */
export function buildLines(glyphs: readonly Glyph[]): Line[] {
  const sorted = joinVerticalRuns(glyphs).sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1) || a.x0 - b.x0);
  const groups: Glyph[][] = [];
  let group: Glyph[] = [];
  let centre = 0;
  let height = 0;
  for (const g of sorted) {
    const c = (g.y0 + g.y1) / 2;
    const h = g.vertical ? g.size : g.y1 - g.y0;
    if (group.length > 0 && Math.abs(c - centre) <= Math.min(h, height) * 0.5) {
      group.push(g);
      continue;
    }
    if (group.length > 0) groups.push(group);
    group = [g];
    centre = c;
    height = h;
  }
  if (group.length > 0) groups.push(group);
  return groups.map(makeLine);
}

/** Vertical-font glyphs stacked in one column (centres aligned, no gap of half an em) → one glyph. */
function joinVerticalRuns(glyphs: readonly Glyph[]): Glyph[] {
  const vertical = glyphs.filter((g) => g.vertical);
  if (vertical.length === 0) return [...glyphs];
  const out = glyphs.filter((g) => !g.vertical);
  vertical.sort((a, b) => a.x0 + a.x1 - (b.x0 + b.x1) || a.y0 - b.y0);
  const below = (r: Glyph, g: Glyph) => Math.abs(r.x0 + r.x1 - (g.x0 + g.x1)) / 2 < 0.3 * g.size && g.y0 - r.y1 < 0.5 * g.size && g.y0 >= r.y0;
  const runs: Glyph[] = [];
  for (const g of vertical) {
    const last = runs[runs.length - 1];
    if (last && below(last, g)) {
      runs[runs.length - 1] = { ...last, text: last.text + g.text, x0: Math.min(last.x0, g.x0), x1: Math.max(last.x1, g.x1), y1: Math.max(last.y1, g.y1) };
    } else runs.push({ ...g });
  }
  return [...out, ...runs];
}

function makeLine(glyphs: Glyph[]): Line {
  glyphs.sort((a, b) => a.x0 - b.x0);
  const size = median(glyphs.map((g) => g.size));
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const g of glyphs) {
    x0 = Math.min(x0, g.x0);
    x1 = Math.max(x1, g.x1);
    y0 = Math.min(y0, g.y0);
    y1 = Math.max(y1, g.y1);
  }
  return { x0, x1, y0, y1, size, glyphs, chunks: splitRuns(glyphs, size, CHUNK_GAP_EM), words: splitRuns(glyphs, size, WORD_GAP_EM) };
}

/** Splits x-sorted glyphs wherever the gap exceeds `gapEm` ems. */
function splitRuns(glyphs: readonly Glyph[], size: number, gapEm: number): Chunk[] {
  const runs: Chunk[] = [];
  let run: Glyph[] = [];
  for (const g of glyphs) {
    const prev = run[run.length - 1];
    if (prev && g.x0 - prev.x1 > gapEm * Math.max(size, Math.min(prev.size, g.size))) {
      runs.push(makeChunk(run));
      run = [];
    }
    run.push(g);
  }
  if (run.length > 0) runs.push(makeChunk(run));
  return runs;
}

function makeChunk(glyphs: Glyph[]): Chunk {
  let text = '';
  let prev: Glyph | undefined;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const g of glyphs) {
    if (prev) {
      const gap = g.x0 - prev.x1;
      const em = Math.min(prev.size, g.size);
      const cjkPair = isCjkCode(prev.text.charCodeAt(prev.text.length - 1)) && isCjkCode(g.text.charCodeAt(0));
      // overlapping duplicates (fake bold: the same glyph painted twice, shifted) are dropped
      if (g.text === prev.text && Math.abs(g.x0 - prev.x0) < em * 0.2) continue;
      if (gap > (cjkPair ? CJK_SPACE_GAP_EM : SPACE_GAP_EM) * em) text += ' ';
    }
    text += g.text;
    y0 = Math.min(y0, g.y0);
    y1 = Math.max(y1, g.y1);
    prev = g;
  }
  return {
    x0: glyphs[0]!.x0,
    x1: glyphs[glyphs.length - 1]!.x1,
    y0,
    y1,
    text,
    size: glyphs.length > 2 ? median(glyphs.map((g) => g.size)) : glyphs[0]!.size,
  };
}

export function lineText(line: Line): string {
  return line.chunks.map((c) => c.text).join(' ');
}

/**
 * The text of a table cell: its lines joined without the line breaks (a wrapped label or a
 * number broken over two lines reads as one), with a space only where a Latin word wrapped.
 */
export function joinCellLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const text = raw.trim();
    if (!text) continue;
    if (out && /[A-Za-z]$/.test(out) && /^[A-Za-z]/.test(text)) out += ' ';
    out += text;
  }
  return out;
}
