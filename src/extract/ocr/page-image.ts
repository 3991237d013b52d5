/**
 * A rendered page (binary PGM, what `pdftoppm -gray` writes) and its ruling lines. A scanned
 * table's rules are pixels, not PDF paths: found here, they become segments for the same
 * lattice reconstruction ruled PDFs get, and are painted out before OCR (Tesseract reads rules
 * as `|` and `_` and merges the cells they separate).
 */
import type { Segment } from '../pdf/geometry.ts';

export interface GreyImage {
  width: number;
  height: number;
  /** row-major, 0 black … 255 white */
  pixels: Uint8Array;
}

/**
 * Darker than this is ink: a hairline rule of a 200 dpi JPEG scan rendered at 300 dpi is light
 * grey (~200); only rules make long runs of it.
 */
const INK = 224;
/** A run of ink at least this long (in inches) is a rule: longer than a stroke of a heading's bold glyphs. */
const MIN_RULE_INCHES = 0.3;
/** Breaks in a rule up to this many pixels (scan noise, JPEG blocks) do not end it. */
const MAX_GAP_PX = 2;
/** Pixels on either side of a rule painted out with it (its anti-aliased edges). */
const EDGE_PX = 1;

/** Parses a binary PGM (P5, 8-bit). */
export function readPgm(bytes: Uint8Array): GreyImage {
  const header = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  const match = /^P5\s+(?:#.*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/u.exec(header);
  if (!match || Number(match[3]) > 255) throw new Error('not an 8-bit binary PGM image');
  const width = Number(match[1]);
  const height = Number(match[2]);
  const pixels = bytes.subarray(match[0].length, match[0].length + width * height);
  if (pixels.length !== width * height) throw new Error('truncated PGM image');
  return { width, height, pixels };
}

export function writePgm(image: GreyImage): Uint8Array {
  return Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1'), image.pixels]);
}

/**
 * Horizontal and vertical rules in pixel coordinates, one segment per pixel row (column) of a
 * rule: merging them into lines is rules.ts's job, as for the segments of a PDF's paths. Only a
 * grid counts: lines of one direction alone are underlines or strokes of large text, left as ink.
 */
export function findRules(image: GreyImage, dpi: number): Segment[] {
  const { width, height, pixels } = image;
  const minLength = Math.round(MIN_RULE_INCHES * dpi);
  const segments: Segment[] = [];
  const scan = (dir: 'h' | 'v', lines: number, length: number, at: (line: number, k: number) => number) => {
    for (let line = 0; line < lines; line++) {
      let start = -1;
      let last = -1;
      for (let k = 0; k <= length; k++) {
        const ink = k < length && pixels[at(line, k)]! < INK;
        if (ink) {
          if (start < 0 || k - last > MAX_GAP_PX + 1) {
            if (start >= 0 && last - start + 1 >= minLength) segments.push({ dir, at: line + 0.5, from: start, to: last + 1 });
            start = k;
          }
          last = k;
        } else if (k === length && start >= 0 && last - start + 1 >= minLength) {
          segments.push({ dir, at: line + 0.5, from: start, to: last + 1 });
        }
      }
    }
  };
  scan('h', height, width, (y, x) => y * width + x);
  scan('v', width, height, (x, y) => y * width + x);
  const grid = segments.some((s) => s.dir === 'h') && segments.some((s) => s.dir === 'v');
  return grid ? segments : [];
}

/** Paints the rules white (in place), so OCR sees only the text between them. */
export function eraseRules(image: GreyImage, rules: readonly Segment[]): void {
  const { width, height, pixels } = image;
  for (const rule of rules) {
    const across = Math.floor(rule.at);
    for (let a = Math.max(0, across - EDGE_PX); a <= Math.min((rule.dir === 'h' ? height : width) - 1, across + EDGE_PX); a++) {
      for (let k = rule.from; k < rule.to; k++) pixels[rule.dir === 'h' ? a * width + k : k * width + a] = 255;
    }
  }
}

/** A rectangle of pixels. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The part of the image inside `box` (clipped to the image), as a new image. */
export function cropImage(image: GreyImage, box: PixelBox): GreyImage {
  const left = Math.max(0, Math.floor(box.left));
  const top = Math.max(0, Math.floor(box.top));
  const width = Math.max(1, Math.min(image.width, Math.ceil(box.left + box.width)) - left);
  const height = Math.max(1, Math.min(image.height, Math.ceil(box.top + box.height)) - top);
  const pixels = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    const from = (top + row) * image.width + left;
    pixels.set(image.pixels.subarray(from, from + width), row * width);
  }
  return { width, height, pixels };
}
