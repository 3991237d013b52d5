/**
 * Two readings of a ruled table's cells, one verdict a cell: the page pass (Tesseract on the
 * whole page) and the cell strip (cell-strip.ts) fail differently — the page pass garbles rows
 * whose lines it merged, the strip now and then reads a label in Latin letters or drops a digit
 * — so each cell takes the reading that looks right:
 *
 * - a cell one reading left empty takes the other;
 * - a label (Chinese in either reading) takes the reading with fewer Latin letters (the
 *   templates' labels have none: "Bit" for 总计 is the English model's guess), then the one
 *   nearer a template label, then the strip's;
 * - a cell one reading read as a number takes that number, unless the other reading holds a
 *   label (three Chinese characters or more: a number misread is a stray character or two);
 * - a number both read takes the strip's reading.
 *
 * Where both read a number and they differ, the template's row identity (a Table 3 row's total
 * is the sum of the columns before it) decides: when the strip's numbers break it and choosing
 * the page pass's reading for some of the disputed cells satisfies it in exactly one way, those
 * cells take the page pass's reading. It only chooses between what OCR read, never makes a value.
 * Pure.
 */
import { isNumberWord } from './numbers.ts';
import { labelDistance } from './label-snap.ts';
import type { OcrWord } from './tsv.ts';

const CJK = /\p{Script=Han}/u;
/** A reading with this many Chinese characters is a label, not a number misread as a character or two. */
const LABEL_MIN_HAN = 3;
const hanCount = (text: string) => text.match(/\p{Script=Han}/gu)?.length ?? 0;
const LATIN = /[A-Za-z]/gu;
/** More disputed numbers in a row than this are not searched (2^n combinations). */
const MAX_DISPUTED = 6;
/** A row identity needs at least this many numbers (two parts and their total). */
const MIN_IDENTITY_CELLS = 3;

/** A cell's text as read: its words in reading order (lines top to bottom, then left to right). */
export function cellText(words: readonly OcrWord[]): string {
  const sorted = [...words].sort((a, b) => (Math.abs(a.top + a.height / 2 - (b.top + b.height / 2)) < Math.min(a.height, b.height) / 2 ? a.left - b.left : a.top - b.top));
  return sorted.map((w) => w.text).join(' ');
}

const compact = (text: string) => text.replace(/\s+/gu, '');
const numberOf = (text: string): number | null => {
  const t = compact(text).replace(/,/gu, '');
  return isNumberWord(t) ? Number(t) : null;
};

function betterLabel(page: string, strip: string): 'page' | 'strip' {
  const latin = (t: string) => t.match(LATIN)?.length ?? 0;
  if (latin(page) !== latin(strip)) return latin(page) < latin(strip) ? 'page' : 'strip';
  return labelDistance(page) < labelDistance(strip) ? 'page' : 'strip';
}

/** Whether the row's numbers end in their total: the last is the sum of the others. */
function totalHolds(values: readonly number[]): boolean {
  if (values.length < MIN_IDENTITY_CELLS) return false;
  const parts = values.slice(0, -1).reduce((a, b) => a + b, 0);
  return Math.abs(parts - values[values.length - 1]!) < 1e-9;
}

/**
 * @param rows the table's grid rows, each its cells (indices) left to right
 * @param page the page pass's words by cell
 * @param strip the strip's words by cell (a cell it did not read is absent)
 * @returns the words each cell keeps
 */
export function reconcileCells(rows: readonly (readonly number[])[], page: ReadonlyMap<number, OcrWord[]>, strip: ReadonlyMap<number, OcrWord[]>): Map<number, OcrWord[]> {
  const out = new Map<number, OcrWord[]>();
  for (const row of rows) {
    const disputed: number[] = [];
    for (const cell of row) {
      const p = page.get(cell) ?? [];
      const s = strip.get(cell) ?? [];
      const pt = cellText(p);
      const st = cellText(s);
      let pick: 'page' | 'strip';
      const pn = numberOf(pt);
      const sn = numberOf(st);
      if (compact(st) === '') pick = 'page';
      else if (compact(pt) === '') pick = 'strip';
      else if ((pn === null) !== (sn === null)) pick = hanCount(pn === null ? pt : st) >= LABEL_MIN_HAN ? (pn === null ? 'page' : 'strip') : pn === null ? 'strip' : 'page';
      else if (CJK.test(pt) || CJK.test(st)) pick = betterLabel(pt, st);
      else {
        pick = 'strip';
        if (pn !== null && sn !== null && pn !== sn) disputed.push(cell);
      }
      out.set(cell, pick === 'page' ? p : s);
    }
    if (disputed.length === 0 || disputed.length > MAX_DISPUTED) continue;
    // the row's numeric cells after its last label: a Table 3 row's seven values
    const values = row.filter((cell) => numberOf(cellText(out.get(cell)!)) !== null);
    const current = values.map((cell) => numberOf(cellText(out.get(cell)!))!);
    if (totalHolds(current)) continue;
    const fits: number[] = [];
    for (let mask = 1; mask < 1 << disputed.length; mask++) {
      const swapped = values.map((cell, k) => {
        const at = disputed.indexOf(cell);
        return at >= 0 && mask & (1 << at) ? numberOf(cellText(page.get(cell)!))! : current[k]!;
      });
      if (totalHolds(swapped)) fits.push(mask);
    }
    if (fits.length !== 1) continue;
    disputed.forEach((cell, at) => {
      if (fits[0]! & (1 << at)) out.set(cell, page.get(cell)!);
    });
  }
  return out;
}

/** What a report prints for "not applicable" or "none": a reading, not a number lost. */
const PLACEHOLDER = /^[-—–－―~～/／\\*×xX]+$/u;

/**
 * Value cells neither reading read a number in: cells after a row's last label that hold ink
 * (`inked`) but kept no number — nothing at all, or a character or two of noise (a lone "1"
 * beside a long wrapped label is lost by both readings, or read as "i"). The row must hold a
 * number after its label too (a value row). Such a cell left as it is would make the row's
 * values shift a column, so the caller reads it again, digits only. Placeholders (—, /) and
 * labels are left alone.
 */
export function unreadValueCells(rows: readonly (readonly number[])[], kept: ReadonlyMap<number, OcrWord[]>, inked: (cell: number) => boolean): number[] {
  const out: number[] = [];
  for (const row of rows) {
    const texts = row.map((cell) => compact(cellText(kept.get(cell) ?? [])));
    let lastLabel = -1;
    texts.forEach((t, k) => {
      if (CJK.test(t)) lastLabel = k;
    });
    const values = row.slice(lastLabel + 1);
    const read = texts.slice(lastLabel + 1);
    if (!read.some((t) => numberOf(t) !== null)) continue;
    values.forEach((cell, k) => {
      const t = read[k]!;
      if (numberOf(t) === null && !PLACEHOLDER.test(t) && inked(cell)) out.push(cell);
    });
  }
  return out;
}

/** A digits-only reading this sure is taken on its own (numbers.ts takes noise's rereading at 85). */
const REREAD_SURE = 85;
/** Under this a digits-only reading is a guess, whatever the row's total says. */
const REREAD_GUESS = 50;

/**
 * Which digits-only readings of unread value cells (`unreadValueCells`) to keep: a number read
 * at REREAD_SURE or above; one read less surely (a lone digit in a small crop reads at ~60)
 * only when, with the row's other readings, its row's total holds (the last value is the sum
 * of the others), so the row's identity vouches for what OCR read.
 *
 * @param reads the rereading of each unread cell (a number or not)
 * @returns the cells to take their rereading
 */
export function acceptRereads(rows: readonly (readonly number[])[], kept: ReadonlyMap<number, OcrWord[]>, reads: ReadonlyMap<number, OcrWord>): Set<number> {
  const out = new Set<number>();
  for (const row of rows) {
    const candidates = row.filter((cell) => {
      const r = reads.get(cell);
      return r !== undefined && numberOf(r.text) !== null && r.conf >= REREAD_GUESS;
    });
    if (candidates.length === 0) continue;
    const texts = row.map((cell) => (candidates.includes(cell) ? reads.get(cell)!.text : cellText(kept.get(cell) ?? [])));
    let lastLabel = -1;
    texts.forEach((t, k) => {
      if (CJK.test(t)) lastLabel = k;
    });
    const values = texts.slice(lastLabel + 1).map(numberOf);
    const holds = values.every((v) => v !== null) && totalHolds(values as number[]);
    for (const cell of candidates) if (holds || reads.get(cell)!.conf >= REREAD_SURE) out.add(cell);
  }
  return out;
}
