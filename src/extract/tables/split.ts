import type { ParsedValue } from './values.ts';
import type { ValueToken } from './records.ts';

/**
 * Recovers a row's cells from its value tokens. Tokens with real boundaries are one cell each;
 * digit runs from flattened text may hold several glued numbers ("713000074" = 71|3|0|0|0|0|74),
 * so every way of cutting them into the row's cell count is enumerated and the caller's
 * constraints (row totals, column identities) and priors choose among them.
 */
export type Slot = ParsedValue & { missing?: boolean };

/**
 * Bounds on the enumeration, so a long glued run (a garbled 300-digit run) cannot stall a
 * document (found by fuzzing: 10^8 nodes, 10 s per row). The cap on accepted candidates alone
 * did not bound the work when the constraint rejects almost every split, and every candidate
 * costs the Table 3 chooser a pass over the identities. Real and sample reports need at most
 * 16 candidates and ~400 nodes per row.
 */
const MAX_CANDIDATES = 500;
const MAX_STEPS = 20_000;

interface Steps {
  left: number;
}

/** All ways to cut a digit string into `parts` numbers without leading zeros; decimals stay whole. */
function cutDigits(digits: string, parts: number, steps: Steps): string[][] {
  const point = digits.indexOf('.');
  const lastCut = point < 0 ? digits.length - 1 : point - 1;
  const plain = /^[+-]?\d[\d.]*$/.test(digits);
  const results: string[][] = [];
  const walk = (start: number, left: number, acc: string[]) => {
    if (results.length >= MAX_CANDIDATES || --steps.left < 0) return;
    if (left === 1) {
      const rest = digits.slice(start);
      if (validNumber(rest, plain)) results.push([...acc, rest]);
      return;
    }
    // Only parts validNumber can accept: a leading 0 stands alone, and more than 309 digits is
    // Infinity. A 3 000-digit run used to try (and parse) 3 000 parts per node: 19 s (fuzzing).
    const maxEnd = Math.min(lastCut, digits.length - left + 1, !plain ? Infinity : digits[start] === '0' ? start + 1 : start + MAX_FINITE_DIGITS + (start === 0 && /[+-]/.test(digits[0]!) ? 1 : 0));
    for (let end = start + 1; end <= maxEnd; end++) {
      const part = digits.slice(start, end);
      if (!validNumber(part, plain)) continue;
      acc.push(part);
      walk(end, left - 1, acc);
      acc.pop();
    }
  };
  walk(0, parts, []);
  return results;
}

/** Digits of the longest integer that can be finite (10^308 is; any 310-digit integer is Infinity). */
const MAX_FINITE_DIGITS = 309;

/**
 * A cut piece of a digit run that is a number without a leading zero. Called for every part the
 * enumeration tries, so a plain run ([+-]?[0-9.]+, what records.ts produces) is judged by its
 * digit count and parsed only when its length could overflow; anything else takes the general check.
 */
function validNumber(text: string, plain = false): boolean {
  if (text.length === 0) return false;
  if (text.startsWith('.') || text.endsWith('.')) return false;
  if (!plain) {
    const integer = text.split('.')[0]!.replace(/^[+-]/, '');
    if (integer.length > 1 && integer.startsWith('0')) return false;
    // "1.2.3" (a run of dotted digits) is NaN and a 400-digit run is Infinity: neither is a cell value.
    return Number.isFinite(Number(text.replace(/,/g, '')));
  }
  const sign = text[0] === '+' || text[0] === '-' ? 1 : 0;
  const point = text.indexOf('.');
  if (point >= 0 && text.indexOf('.', point + 1) >= 0) return false; // NaN
  const integerDigits = (point < 0 ? text.length : point) - sign;
  if (integerDigits < 1) return false; // a lone sign (NaN)
  if (integerDigits > 1 && text[sign] === '0') return false;
  if (integerDigits < MAX_FINITE_DIGITS) return true;
  return integerDigits === MAX_FINITE_DIGITS && Number.isFinite(Number(text)); // else Infinity
}

function glueSlot(raw: string, unit: string | undefined): Slot {
  const value = Number(raw.replace(/,/g, ''));
  // A whole run that is no finite number (NaN from "1.2.3", Infinity from 400 digits) stays printed but unread.
  if (!Number.isFinite(value)) return { value: null, raw: unit ? raw + unit : raw, nullReason: 'unparsed', ...(unit ? { unit } : {}) };
  return unit ? { value, raw: raw + unit, unit } : { value, raw };
}

/** Fits boundary-true cells into `count` slots: leading merged blanks dropped, anchored right (V-01), missing tail padded. */
export function fitCells(values: readonly ParsedValue[], count: number): Slot[] {
  // Indexes rather than pop()/shift() in a loop: shift() is O(length), so a fuzzed row of
  // 10^5 leading blank cells was quadratic.
  let start = 0;
  let end = values.length;
  while (end - start > count && values[end - 1]?.nullReason === 'blank') end--;
  while (end - start > count && values[start]?.nullReason === 'blank') start++;
  const cells = values.slice(start, end);
  const fitted: Slot[] = cells.length > count ? cells.slice(cells.length - count) : cells;
  while (fitted.length < count) fitted.push({ value: null, raw: '', nullReason: 'not_printed', missing: true });
  return fitted;
}

/**
 * Candidate rows for `count` cells from `tokens`. Returns a single candidate when no token
 * is glued; otherwise every split (up to a cap) that passes `accept`.
 */
/**
 * Ways to read `count` cells from a row with more cells than columns, dropping only blanks: a
 * blank can be a merged label column or a column left empty (a blank 总计), so every window
 * the row's own arithmetic accepts is a candidate, the usual reading (fitCells) first.
 */
function blankWindows(cells: readonly ParsedValue[], count: number, accept: (row: Slot[]) => boolean): Slot[][] {
  const usual = fitCells(cells, count);
  const windows: Slot[][] = accept(usual) ? [usual] : [];
  // Only windows that hold every non-blank cell drop nothing but blanks: starts from the last
  // non-blank cell's reach to the first non-blank cell. Checking every start by copying the
  // dropped cells was quadratic in the row length (a fuzzed HTML row of 10^5 cells: 5 s).
  const first = cells.findIndex((cell) => cell.nullReason !== 'blank');
  const last = cells.findLastIndex((cell) => cell.nullReason !== 'blank');
  const from = first < 0 ? 0 : Math.max(0, last - count + 1);
  const to = first < 0 ? cells.length - count : Math.min(first, cells.length - count);
  for (let start = from; start <= to && windows.length < MAX_CANDIDATES; start++) {
    const window = cells.slice(start, start + count);
    if (accept(window) && !windows.some((other) => other.every((slot, i) => slot === window[i]))) windows.push(window);
  }
  return windows.length ? windows : [usual];
}

/**
 * Running text drops blank cells but often leaves their width: two or more spaces before a
 * number ("319  32") stand for one blank cell; cells after the last number are not printed.
 */
function gapReading(tokens: readonly ValueToken[]): Slot[] {
  const blank: Slot = { value: null, raw: '', nullReason: 'blank' };
  return tokens.flatMap((token): Slot[] => [...(token.wideGapBefore ? [blank] : []), token.parsed ?? glueSlot(token.raw, token.unit)]);
}

export function candidateRows(tokens: readonly ValueToken[], count: number, accept: (row: Slot[]) => boolean = () => true): Slot[][] {
  if (tokens.every((token) => token.parsed)) return blankWindows(tokens.map((token) => token.parsed!), count, accept);
  const usable = tokens.length > count ? tokens.slice(tokens.length - count) : tokens;
  const gapped = gapReading(usable);
  if (usable.length < count && gapped.length > usable.length && gapped.length <= count) {
    while (gapped.length < count) gapped.push({ value: null, raw: '', nullReason: 'not_printed', missing: true });
    if (accept(gapped)) return [gapped];
  }
  if (usable.length === count) {
    const row = usable.map((token) => token.parsed ?? glueSlot(token.raw, token.unit));
    return accept(row) ? [row] : [];
  }
  const results: Slot[][] = [];
  const steps: Steps = { left: MAX_STEPS };
  // A token's cuts depend only on the token and the part count: cut (and parse) them once, not once per path.
  const cuts = new Map<string, Slot[][]>();
  const cutsOf = (index: number, token: ValueToken, digits: string, parts: number) => {
    const key = `${index}:${parts}`;
    let found = cuts.get(key);
    if (!found) {
      found = cutDigits(digits, parts, steps).map((cut) => cut.map((piece, i) => glueSlot(piece, i === cut.length - 1 ? token.unit : undefined)));
      cuts.set(key, found);
    }
    return found;
  };
  const walk = (index: number, left: number, acc: Slot[]) => {
    if (results.length >= MAX_CANDIDATES || --steps.left < 0) return;
    if (index === usable.length) {
      if (left === 0 && accept(acc)) results.push([...acc]);
      return;
    }
    const token = usable[index]!;
    const remainingTokens = usable.length - index - 1;
    if (token.parsed) {
      acc.push(token.parsed);
      walk(index + 1, left - 1, acc);
      acc.pop();
      return;
    }
    const digits = token.raw.replace(/,/g, '');
    const maxParts = Math.min(left - remainingTokens, digits.replace('.', '').length);
    for (let parts = 1; parts <= maxParts; parts++) {
      for (const slots of cutsOf(index, token, digits, parts)) {
        acc.push(...slots);
        walk(index + 1, left - parts, acc);
        acc.length -= slots.length;
      }
    }
  };
  walk(0, count, []);
  if (results.length === 0 && usable.length < count && !usable.some((token) => token.raw.replace(/\D/g, '').length > 1)) {
    // Too few digits to fill the row: running text dropped its blank cells. Read what is there from the left.
    const row: Slot[] = usable.map((token) => token.parsed ?? glueSlot(token.raw, token.unit));
    while (row.length < count) row.push({ value: null, raw: '', nullReason: 'not_printed', missing: true });
    if (accept(row)) results.push(row);
  }
  return results;
}

/** Σ of the first n−1 cells equals the last (a row whose last column is its total). Nulls count as 0. */
export function lastIsTotal(row: readonly Slot[]): boolean {
  const total = row.at(-1)?.value;
  if (total === null || total === undefined) return true;
  const sum = row.slice(0, -1).reduce((acc, slot) => acc + (slot.value ?? 0), 0);
  return Math.abs(sum - total) < 1e-9;
}

/** Prefers cuts whose numbers have similar lengths: cells of one row tend to share a magnitude. */
export function balance(row: readonly Slot[]): number {
  const lengths = row.map((slot) => slot.raw.replace(/\D/g, '').length);
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  return -lengths.reduce((acc, length) => acc + (length - mean) ** 2, 0);
}
