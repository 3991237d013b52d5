/**
 * Glued number rows, as crawler text extracts print table rows (`713000074` = 71|3|0|0|0|0|74).
 * `countSplits` counts the ways a digit string can be cut into groups of `parts` numbers each
 * followed by their sum (Table 3: one group of 6 + 总计; Table 4: three groups of 4 + 总计).
 * Leading zeros are allowed in every piece, which makes the count an upper bound on what any
 * reader (with or without a no-leading-zero rule) could see: a count of 1 is a unique split.
 */

export interface SplitShape {
  /** numbers before each group total */
  groups: readonly number[];
  /** longest number considered (digits) */
  maxDigits?: number;
}

export const T3_SHAPE: SplitShape = { groups: [6] };
export const T4_SHAPE: SplitShape = { groups: [4, 4, 4] };

/** Number of splits of `digits` into the shape, counting up to `limit`. */
export function countSplits(digits: string, shape: SplitShape, limit = 2): number {
  if (!/^\d*$/.test(digits)) throw new Error(`not a digit string: ${digits}`);
  const max = shape.maxDigits ?? 7;
  const groups = shape.groups;
  let found = 0;
  const walk = (pos: number, g: number, inGroup: number, sum: number): void => {
    if (found >= limit) return;
    if (g === groups.length) {
      if (pos === digits.length) found++;
      return;
    }
    const parts = groups[g] as number;
    if (inGroup < parts) {
      for (let len = 1; len <= max && pos + len <= digits.length; len++) {
        walk(pos + len, g, inGroup + 1, sum + Number(digits.slice(pos, pos + len)));
      }
      return;
    }
    // the group total: any piece whose value equals the sum
    for (let len = 1; len <= max && pos + len <= digits.length; len++) {
      const value = Number(digits.slice(pos, pos + len));
      if (value === sum) walk(pos + len, g + 1, 0, 0);
      if (value > sum) break;
    }
  };
  walk(0, 0, 0, 0);
  return found;
}

/** The unique split of a glued row, or null when there is none or more than one. */
export function uniqueSplit(digits: string, shape: SplitShape): number[] | null {
  const max = shape.maxDigits ?? 7;
  const solutions: number[][] = [];
  const walk = (pos: number, g: number, inGroup: number, sum: number, acc: number[]): void => {
    if (solutions.length > 1) return;
    if (g === shape.groups.length) {
      if (pos === digits.length) solutions.push(acc.slice());
      return;
    }
    const parts = shape.groups[g] as number;
    for (let len = 1; len <= max && pos + len <= digits.length; len++) {
      const value = Number(digits.slice(pos, pos + len));
      acc.push(value);
      if (inGroup < parts) walk(pos + len, g, inGroup + 1, sum + value, acc);
      else if (value === sum) walk(pos + len, g + 1, 0, 0, acc);
      acc.pop();
      if (inGroup === parts && value > sum) break;
    }
  };
  walk(0, 0, 0, 0, []);
  return solutions.length === 1 ? (solutions[0] as number[]) : null;
}

/**
 * Splits of one row of a transposed Table 3 printed as crawler text (V-21): `tokens` are the
 * whitespace-separated digit runs of the row, each holding one or more glued numbers; the row has
 * `cells` numbers — 一, 二, the outcome rows, （七）总计, 四 — with the outcomes summing to 总计 and
 * 一 + 二 = 总计 + 四. A number has no leading zero (a 0 stands alone: with leading zeros nearly every
 * row of 25 glued numbers reads many ways). Counts up to `limit`; a row too costly to count counts as `limit`.
 */
export function countTransposedSplits(tokens: readonly string[], cells: number, limit = 2, maxDigits = 7): number {
  const digits = tokens.join('');
  const ends = new Set<number>();
  let at = 0;
  for (const token of tokens) ends.add((at += token.length));
  const totalAt = cells - 2;
  const memo = new Map<string, number>();
  const count = (pos: number, idx: number, sides: number, sum: number): number => {
    if (idx === cells) return pos === digits.length ? 1 : 0;
    const left = cells - idx;
    if (digits.length - pos < left || digits.length - pos > maxDigits * left) return 0;
    const key = `${pos}:${idx}:${sides}:${sum}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    // too many states to tell: count the row as ambiguous
    if (memo.size > 500_000) return limit;
    let found = 0;
    for (let len = 1; len <= maxDigits && pos + len <= digits.length && found < limit; len++) {
      if (len > 1 && digits[pos] === '0') break;
      const value = Number(digits.slice(pos, pos + len));
      // the outcomes add up to 总计, which is at most 一 + 二: a larger sum is a dead end
      if (idx >= 2 && idx < totalAt && sum + value > sides) break;
      const ok = (idx !== totalAt || value === sum) && (idx !== cells - 1 || value === sides - sum);
      if (ok) found += count(pos + len, idx + 1, idx < 2 ? sides + value : sides, idx >= 2 && idx < totalAt ? sum + value : sum);
      if (ends.has(pos + len)) break;
    }
    found = Math.min(found, limit);
    memo.set(key, found);
    return found;
  };
  return count(0, 0, 0, 0);
}
