/**
 * Lines Tesseract merged across staggered text: a borderless table's header whose column
 * labels wrap onto two or three lines at different heights (科研机 / 构 beside 商业企业 beside
 * 社会公 / 益组织), or a row label beside a taller group label. Page segmentation mode 4
 * reads such a band as one text line; its recogniser then sees characters above and below the
 * baseline and returns tall, low-confidence nonsense ("er a asa nae ihe") where the column
 * headers were, so the stream table finder never learns where the blank columns lie.
 *
 * Such a band is read again on its own in mode 11 (sparse text), which finds each word at its
 * own height, and its words replace the first reading's. Pure: the caller crops and OCRs.
 */
import { median } from '../pdf/geometry.ts';
import type { PixelBox } from './page-image.ts';
import type { OcrWord } from './tsv.ts';

/** A word this many times the page's median word height spans several text lines. */
const TALL = 1.8;
/** …and read with a confidence under this, it is a merged band misread. */
const LOW_CONFIDENCE = 60;
/**
 * Words of one line that must be tall and unsure: one alone is often a single character
 * whose box Tesseract stretched (a heading's 人 or 之 read right, but twice as tall).
 */
const MIN_MISREAD_WORDS = 2;
/** Margin (in median word heights) around a band when it is cropped for the second reading. */
export const BAND_MARGIN = 0.5;

function overlaps(a: PixelBox, b: PixelBox): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

function union(a: PixelBox, b: PixelBox): PixelBox {
  const left = Math.min(a.left, b.left);
  const top = Math.min(a.top, b.top);
  return {
    left,
    top,
    width: Math.max(a.left + a.width, b.left + b.width) - left,
    height: Math.max(a.top + a.height, b.top + b.height) - top,
  };
}

/** The page's median word height (px), the unit of TALL and BAND_MARGIN. */
export function medianWordHeight(words: readonly OcrWord[]): number {
  return median(words.map((w) => w.height));
}

/** Boxes (px) of the lines that merged staggered text, overlapping ones joined. */
export function staggeredBands(words: readonly OcrWord[]): PixelBox[] {
  const height = medianWordHeight(words);
  if (!(height > 0)) return [];
  const bands: PixelBox[] = [];
  for (const line of Map.groupBy(words, (w) => w.line).values()) {
    const misread = line.filter((w) => w.height >= TALL * height && w.conf < LOW_CONFIDENCE).length;
    if (misread < MIN_MISREAD_WORDS) continue;
    let box: PixelBox = { left: line[0]!.left, top: line[0]!.top, width: line[0]!.width, height: line[0]!.height };
    for (const w of line) box = union(box, w);
    bands.push(box);
  }
  // joined until no two overlap: a wide band can bridge two that did not
  for (let merged = true; merged; ) {
    merged = false;
    search: for (let i = 0; i < bands.length; i++) {
      for (let j = i + 1; j < bands.length; j++) {
        if (!overlaps(bands[i]!, bands[j]!)) continue;
        bands[i] = union(bands[i]!, bands[j]!);
        bands.splice(j, 1);
        merged = true;
        break search;
      }
    }
  }
  return bands;
}

function centreInside(w: OcrWord, box: PixelBox): boolean {
  const x = w.left + w.width / 2;
  const y = w.top + w.height / 2;
  return x >= box.left && x <= box.left + box.width && y >= box.top && y <= box.top + box.height;
}

/**
 * The page's words with those centred in `band` replaced by `reread`, the second reading of
 * the band (in the band crop's pixels, whose top-left corner is `origin`). Words of the second
 * reading centred outside the band belong to the lines around it, already read: dropped.
 */
export function replaceBand(words: readonly OcrWord[], band: PixelBox, reread: readonly OcrWord[], origin: { left: number; top: number }, tag: string): OcrWord[] {
  const kept = words.filter((w) => !centreInside(w, band));
  const placed = reread
    .map((w) => ({ ...w, left: w.left + origin.left, top: w.top + origin.top, line: `${tag}.${w.line}` }))
    .filter((w) => centreInside(w, band));
  return [...kept, ...placed];
}
