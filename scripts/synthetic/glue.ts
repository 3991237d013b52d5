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
