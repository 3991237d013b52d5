/**
 * Geometry shared by the PDF modules. Every coordinate is in "page space": PDF points with
 * the origin at the top-left corner of the page as displayed (rotation applied) and y growing
 * downwards, so sorting by `y` is reading order.
 */

/** A 2D affine matrix `[a, b, c, d, e, f]` in PDF's row-vector convention: `p' = p × M`. */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The matrix that applies `first`, then `second`. */
export function multiply(first: ArrayLike<number>, second: ArrayLike<number>): Matrix {
  const [a1, b1, c1, d1, e1, f1] = first as Matrix;
  const [a2, b2, c2, d2, e2, f2] = second as Matrix;
  return [
    a1 * a2 + b1 * c2,
    a1 * b2 + b1 * d2,
    c1 * a2 + d1 * c2,
    c1 * b2 + d1 * d2,
    e1 * a2 + f1 * c2 + e2,
    e1 * b2 + f1 * d2 + f2,
  ];
}

export function applyX(m: Matrix, x: number, y: number): number {
  return x * m[0] + y * m[2] + m[4];
}

export function applyY(m: Matrix, x: number, y: number): number {
  return x * m[1] + y * m[3] + m[5];
}

/** An axis-aligned box in page space. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One painted character. */
export interface Glyph extends Box {
  /** Unicode text of the glyph (may be several code points for ligatures) */
  text: string;
  /** font size in page space (the glyph box height for horizontal text) */
  size: number;
  /** written top-to-bottom (an Identity-V / vertical font) */
  vertical: boolean;
}

/** A ruling line: horizontal when `y0 === y1` after normalisation, vertical when `x0 === x1`. */
export interface Segment {
  /** 'h' lines run along x at height `y0`; 'v' lines run along y at abscissa `x0` */
  dir: 'h' | 'v';
  /** position across the line (y for 'h', x for 'v') */
  at: number;
  /** start and end along the line (from < to) */
  from: number;
  to: number;
}

export function centreX(box: Box): number {
  return (box.x0 + box.x1) / 2;
}

export function centreY(box: Box): number {
  return (box.y0 + box.y1) / 2;
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
