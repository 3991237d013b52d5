import type { Segment } from './geometry.ts';

/**
 * Which drawn lines and filled rectangles are table rules, shared by the PDF and OFD readers so
 * both feed the lattice builder the same segments.
 */

/** Filled rectangles at most this thick (pt) are rules; thicker ones are cell shading. */
const MAX_RULE_THICKNESS = 2.5;
/** Shorter segments (pt) are ticks, underlines of single glyphs or noise. */
const MIN_RULE_LENGTH = 2;
/** How far from axis-aligned (pt) a line or corner may be. */
const SLACK = 0.5;

/** The rule a straight line from (xa, ya) to (xb, yb) draws, if it is horizontal or vertical and long enough. */
function lineRule(xa: number, ya: number, xb: number, yb: number): Segment | undefined {
  const dx = Math.abs(xb - xa);
  const dy = Math.abs(yb - ya);
  if (dy < SLACK && dx >= MIN_RULE_LENGTH) return { dir: 'h', at: (ya + yb) / 2, from: Math.min(xa, xb), to: Math.max(xa, xb) };
  if (dx < SLACK && dy >= MIN_RULE_LENGTH) return { dir: 'v', at: (xa + xb) / 2, from: Math.min(ya, yb), to: Math.max(ya, yb) };
  return undefined;
}

/** The rule a filled polygon draws when it is an axis-aligned rectangle no thicker than MAX_RULE_THICKNESS (`pts`: x, y pairs). */
function thinRectRule(pts: readonly number[]): Segment | undefined {
  const n = pts.length / 2;
  if (n < 4 || n > 5) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let p = 0; p < n; p++) {
    const x = pts[p * 2]!;
    const y = pts[p * 2 + 1]!;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  // every corner must sit on the bounding box, or the shape is not an axis-aligned rectangle
  for (let p = 0; p < n; p++) {
    const x = pts[p * 2]!;
    const y = pts[p * 2 + 1]!;
    const onX = Math.abs(x - x0) < SLACK || Math.abs(x - x1) < SLACK;
    const onY = Math.abs(y - y0) < SLACK || Math.abs(y - y1) < SLACK;
    if (!onX || !onY) return undefined;
  }
  const w = x1 - x0;
  const h = y1 - y0;
  if (h <= MAX_RULE_THICKNESS && w >= MIN_RULE_LENGTH && w > h) return { dir: 'h', at: (y0 + y1) / 2, from: x0, to: x1 };
  if (w <= MAX_RULE_THICKNESS && h >= MIN_RULE_LENGTH && h > w) return { dir: 'v', at: (x0 + x1) / 2, from: y0, to: y1 };
  return undefined;
}

/**
 * The rules a drawn subpath makes (`pts`: x, y pairs in page space): each straight edge when it is
 * stroked (the closing edge too when `closed`), and the whole shape when it is a filled thin rectangle.
 */
export function subpathRules(pts: readonly number[], { closed, stroke, fill }: { closed: boolean; stroke: boolean; fill: boolean }): Segment[] {
  const rules: Segment[] = [];
  if (stroke) {
    const n = pts.length / 2;
    const edges = closed ? n : n - 1;
    for (let e = 0; e < edges; e++) {
      const a = e * 2;
      const b = ((e + 1) % n) * 2;
      const rule = lineRule(pts[a]!, pts[a + 1]!, pts[b]!, pts[b + 1]!);
      if (rule) rules.push(rule);
    }
  }
  const rule = fill ? thinRectRule(pts) : undefined;
  if (rule) rules.push(rule);
  return rules;
}
