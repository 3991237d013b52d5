/**
 * Ruling-line segments → merged rules → groups of crossing rules (one group per ruled table).
 */
import type { Segment } from './geometry.ts';

export interface Rule {
  dir: 'h' | 'v';
  at: number;
  from: number;
  to: number;
}

/** Segments this close across (pt) lie on the same line (borders drawn twice, half-pixel offsets). */
export const SAME_LINE_TOLERANCE = 1.5;
/** Collinear segments separated by at most this gap (pt) are one rule (cell borders drawn per cell). */
const JOIN_GAP = 2.5;
/** A rule reaching this close (pt) to another counts as touching it (borders rarely meet exactly). */
export const TOUCH_TOLERANCE = 3;

/** Merges collinear, overlapping or nearly touching segments of one direction. */
export function mergeSegments(segments: readonly Segment[], dir: 'h' | 'v'): Rule[] {
  const list = segments.filter((s) => s.dir === dir).sort((a, b) => a.at - b.at);
  const rules: Rule[] = [];
  let i = 0;
  while (i < list.length) {
    // one cluster of segments on (almost) the same line
    let j = i + 1;
    while (j < list.length && list[j]!.at - list[j - 1]!.at <= SAME_LINE_TOLERANCE / 2) j++;
    const cluster = list.slice(i, j).sort((a, b) => a.from - b.from);
    let current: Rule | null = null;
    let weight = 0;
    let weighted = 0;
    for (const s of cluster) {
      const len = s.to - s.from;
      if (current && s.from <= current.to + JOIN_GAP) {
        current.to = Math.max(current.to, s.to);
        weight += len;
        weighted += s.at * len;
      } else {
        if (current) rules.push({ ...current, at: weight > 0 ? weighted / weight : current.at });
        current = { dir, at: s.at, from: s.from, to: s.to };
        weight = len;
        weighted = s.at * len;
      }
    }
    if (current) rules.push({ ...current, at: weight > 0 ? weighted / weight : current.at });
    i = j;
  }
  return rules;
}

export interface RuleGroup {
  h: Rule[];
  v: Rule[];
}

function crosses(h: Rule, v: Rule): boolean {
  return (
    v.at >= h.from - TOUCH_TOLERANCE &&
    v.at <= h.to + TOUCH_TOLERANCE &&
    h.at >= v.from - TOUCH_TOLERANCE &&
    h.at <= v.to + TOUCH_TOLERANCE
  );
}

/** Connected groups of crossing horizontal and vertical rules; a table needs ≥ 2 of each. */
export function groupRules(segments: readonly Segment[]): RuleGroup[] {
  const h = mergeSegments(segments, 'h');
  const v = mergeSegments(segments, 'v');
  const parent = new Int32Array(h.length + v.length).map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]!]!;
      k = parent[k]!;
    }
    return k;
  };
  for (let a = 0; a < h.length; a++) {
    for (let b = 0; b < v.length; b++) {
      if (crosses(h[a]!, v[b]!)) parent[find(a)] = find(h.length + b);
    }
  }
  const groups = new Map<number, RuleGroup>();
  const groupOf = (k: number) => {
    const root = find(k);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { h: [], v: [] }));
    return g;
  };
  h.forEach((rule, k) => groupOf(k).h.push(rule));
  v.forEach((rule, k) => groupOf(h.length + k).v.push(rule));
  return [...groups.values()].filter((g) => g.h.length >= 2 && g.v.length >= 2);
}
