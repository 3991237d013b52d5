/**
 * OCR doubts (numbers.ts) → the canonical cells whose value came from the doubted word, so a
 * researcher can tell a doubtful OCR number from a sure one cell by cell. Pure.
 *
 * The PDF adapter knows where the word is in the blocks (../pdf/doubt-places.ts); only the
 * mapper knows which key a block cell becomes, after label alignment, orientation, transposed
 * tables and the splitting of glued digit runs. Rather than teach every mapper path to carry
 * provenance, the word is replaced in the blocks by a decoy of the same shape (every digit
 * changed, same length) and the tables are mapped again: the cells whose value or raw text
 * changed are the ones that took the word. A word no cell took (prose, Table 1) is kept with a
 * null key.
 */
import type { CanonicalCell, OcrDoubtNote } from '../../domain/types.ts';
import type { Block } from '../model.ts';

export interface PlacedDoubt {
  page: number;
  /** the word as read, its second reading and their confidences (numbers.ts OcrDoubt) */
  text: string;
  reread: string | null;
  conf: number;
  rereadConf: number | null;
  /** the block, its cell, and which match of `text` in the cell's text (../pdf/doubt-places.ts) */
  place: { block: number; cell: number; occurrence: number } | null;
}

const DIGIT = /\d/u;

/**
 * Start offsets of `text` in `cell`: as a whole number (not inside a longer one: 1 in 11 or in
 * 1.5) when it is there so; else anywhere, for a word glued to its neighbour in the cell text.
 */
export function matchesOf(cell: string, text: string): number[] {
  if (text === '') return [];
  const all: number[] = [];
  for (let at = cell.indexOf(text); at >= 0; at = cell.indexOf(text, at + 1)) all.push(at);
  const whole = all.filter((at) => {
    const before = cell.slice(Math.max(0, at - 1), at);
    const after = cell.slice(at + text.length, at + text.length + 2);
    return !DIGIT.test(before) && !/[.,]/u.test(before) && !DIGIT.test(after.charAt(0)) && !/^[.,]\d/u.test(after);
  });
  return whole.length > 0 ? whole : all;
}

/** The same shape with every digit changed (d → d+5 mod 10), so any cell that took the word reads differently. */
export function decoy(text: string): string {
  return text.replace(/\d/gu, (d) => String((Number(d) + 5) % 10));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function changedKeys(before: readonly CanonicalCell[], after: readonly CanonicalCell[]): string[] {
  const was = new Map(before.map((cell) => [cell.key, cell]));
  const now = new Map(after.map((cell) => [cell.key, cell]));
  // only cells the result has: a key the decoy alone produces names no stored cell
  return [...was.keys()].filter((key) => {
    const a = was.get(key)!;
    const b = now.get(key);
    return !b || a.value !== b.value || a.raw !== b.raw;
  });
}

/**
 * @param blocks the blocks the cells were mapped from
 * @param cells the canonical cells mapped from them
 * @param map the mapping (extract/tables mapTables with the report's template)
 */
export function doubtKeys(
  blocks: readonly Block[],
  cells: readonly CanonicalCell[],
  doubts: readonly PlacedDoubt[],
  map: (blocks: readonly Block[]) => CanonicalCell[],
): OcrDoubtNote[] {
  return doubts.flatMap((doubt) => {
    const note = (key: string | null): OcrDoubtNote => ({
      key,
      page: doubt.page,
      read: doubt.text,
      alternative: doubt.reread,
      confidence: round1(doubt.conf),
      alternativeConfidence: doubt.rereadConf === null ? null : round1(doubt.rereadConf),
    });
    const place = doubt.place;
    const block = place ? blocks[place.block] : undefined;
    const text = place ? block?.cells[place.cell] : undefined;
    if (!place || !block || text === undefined || cells.length === 0) return [note(null)];
    const matches = matchesOf(text, doubt.text);
    const at = matches[Math.min(place.occurrence, matches.length - 1)];
    if (at === undefined) return [note(null)];
    const changed = [...block.cells];
    changed[place.cell] = text.slice(0, at) + decoy(doubt.text) + text.slice(at + doubt.text.length);
    const perturbed = blocks.map((b, k) => (k === place.block ? { ...b, cells: changed } : b));
    const keys = changedKeys(cells, map(perturbed));
    return keys.length > 0 ? keys.map(note) : [note(null)];
  });
}
