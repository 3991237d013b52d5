/**
 * Numbers Tesseract was unsure of, read a second time. The page pass reads Chinese and digits
 * together (chi_sim+eng), and on a table row it is least sure of exactly the cells that matter:
 * "27" read as "7", "3" as "38", a 0 as ";" or "oO". Each doubtful word in a value column is
 * cropped, the crops are stacked into one strip image (one Tesseract run a page), and the strip
 * is read by the English model restricted to digits and signs, one crop a line.
 *
 * Behaviour for a low-confidence number: a second reading that agrees confirms it; a trusted
 * second reading (see `settle`) replaces it; otherwise the number keeps its first reading — the
 * mapper sees only cell text, and a null would have to claim a reason (blank, N/A) that is not
 * true — and is reported as a doubt (`OcrDoubt`): the model lists it with both readings and
 * their confidences beside the OCR'd pages (PdfDocumentModel.ocrDoubts), so it does not enter
 * silently as a confident number, just as `ocrPages` marks every cell read by OCR. Pure
 * except for the run of Tesseract, which the caller does.
 */
import type { GreyImage, PixelBox } from './page-image.ts';
import type { OcrWord } from './tsv.ts';

/** A number as a value cell prints it (no units: OCR splits 元 into its own word). */
const NUMBER = /^[+-]?\d[\d,]*(?:\.\d+)?$/u;
/** 1. 2、 — a row label's ordinal, not a value. */
const ORDINAL = /^\d{1,2}[.、．]$/u;
const CJK = /[\u2e80-\u9fff\uf900-\ufaff]/u;
/** At or above this the page pass is trusted as it stands (measured: wrong readings at 82–83). */
const SURE = 90;
/** Under this, a short non-CJK word in a value column is noise where a number stood (";", "oO", "P"). */
const NOISE = 60;
/** A second reading of another length at or above this replaces the first (see settle). */
const REREAD_SURE = 80;
/** …and this for noise, which had no number to agree with. */
const REREAD_NOISE_SURE = 85;
/** A first reading under this is a guess: a second reading with other digits at REREAD_SUBSTITUTE replaces it. */
const GUESS = 50;
const REREAD_SUBSTITUTE = 85;
/** Padding around a word's box in its crop, and white space between crops, in median word heights. */
const PAD = 0.3;
const GAP = 1;

/** Digits and signs, and the space: without it Tesseract joins a line's numbers into one word. */
export const DIGIT_WHITELIST = '0123456789+-., ';

export interface OcrDoubt {
  /** the word as the page pass read it, and the second reading (null when it found nothing) */
  text: string;
  reread: string | null;
  /** Tesseract's confidences (0–100) in the two readings */
  conf: number;
  rereadConf: number | null;
  /** the word's box in page space */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export function isNumberWord(text: string): boolean {
  return NUMBER.test(text);
}

function overlapsX(a: OcrWord, b: OcrWord): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width;
}

/**
 * Words to read again: numbers read with less than SURE confidence, and short non-CJK noise
 * of ordinary height, each where a value cell stands — after the last Chinese word of its line
 * (a row's values follow its label; a year in prose or a label's ordinal is followed by text).
 * Noise must also lie under a number the page pass was sure of on another line (a value
 * column), on a line that holds a number, so headings and labels are left alone.
 */
export function doubtfulNumbers(words: readonly OcrWord[], medianHeight: number): OcrWord[] {
  const lastCjk = new Map<string, number>();
  for (const w of words) if (CJK.test(w.text)) lastCjk.set(w.line, Math.max(lastCjk.get(w.line) ?? -Infinity, w.left));
  const tail = (w: OcrWord) => w.left > (lastCjk.get(w.line) ?? -Infinity);
  const value = (w: OcrWord) => NUMBER.test(w.text) && !ORDINAL.test(w.text) && tail(w);
  const anchors = words.filter((w) => value(w) && w.conf >= SURE);
  const numberLines = new Set(words.filter(value).map((w) => w.line));
  return words.filter((w) => {
    if (value(w)) return w.conf < SURE;
    if (!tail(w) || !numberLines.has(w.line) || !anchors.some((a) => a.line !== w.line && overlapsX(a, w))) return false;
    return !ORDINAL.test(w.text) && !CJK.test(w.text) && w.text.length <= 4 && w.conf < NOISE && w.height <= 1.5 * medianHeight;
  });
}

export interface Strip {
  image: GreyImage;
  /** each word's place in the strip (px) */
  places: PixelBox[];
}

/** Crops per line of the strip: a long line is read as well as a short one, but not a very long one. */
const CROPS_PER_LINE = 16;

/**
 * The words' crops (padded) laid out on white in lines of CROPS_PER_LINE, wide gaps between
 * them: Tesseract reads a lone digit poorly (a 0 as 6, or nothing) but a line of numbers well.
 */
export function stackCrops(image: GreyImage, words: readonly OcrWord[], medianHeight: number): Strip {
  const pad = Math.max(4, Math.round(PAD * medianHeight));
  const gap = Math.max(16, Math.round(GAP * medianHeight));
  const boxes: PixelBox[] = words.map((w) => {
    const left = Math.max(0, w.left - pad);
    const top = Math.max(0, w.top - pad);
    return { left, top, width: Math.min(image.width, w.left + w.width + pad) - left, height: Math.min(image.height, w.top + w.height + pad) - top };
  });
  const lineHeight = Math.max(1, ...boxes.map((b) => b.height));
  const places: PixelBox[] = [];
  let x = gap;
  let y = gap;
  let width = 1;
  boxes.forEach((b, k) => {
    if (k > 0 && k % CROPS_PER_LINE === 0) {
      x = gap;
      y += lineHeight + gap;
    }
    places.push({ left: x, top: y + Math.floor((lineHeight - b.height) / 2), width: b.width, height: b.height });
    x += b.width + gap;
    width = Math.max(width, x);
  });
  const height = y + lineHeight + gap;
  const pixels = new Uint8Array(width * height).fill(255);
  boxes.forEach((b, k) => {
    const place = places[k]!;
    for (let r = 0; r < b.height; r++) {
      const from = (b.top + r) * image.width + b.left;
      pixels.set(image.pixels.subarray(from, from + b.width), (place.top + r) * width + place.left);
    }
  });
  return { image: { width, height, pixels }, places };
}

/** The strip's second readings, one per crop (null: nothing read there), by each word's centre. */
export function readStrip(strip: Strip, words: readonly OcrWord[]): ({ text: string; conf: number } | null)[] {
  return strip.places.map((place) => {
    const inside = words
      .filter((w) => {
        const x = w.left + w.width / 2;
        const y = w.top + w.height / 2;
        return x >= place.left && x < place.left + place.width && y >= place.top && y < place.top + place.height;
      })
      .sort((a, b) => a.left - b.left);
    if (inside.length === 0) return null;
    return { text: inside.map((w) => w.text).join(''), conf: Math.min(...inside.map((w) => w.conf)) };
  });
}

/**
 * Settles one doubtful word: the word to keep (its text replaced when the second reading is
 * trusted) and whether it stays a doubt. The two readings fail differently: the page pass,
 * reading a row of Chinese and digits, drops or adds digits ("27" → "7", "3" → "38"), which
 * the digits-only reading of the lone number gets right; but the English model misreads some
 * fonts' glyphs (this sample's "1" as "4", confidently). So a reading of another length
 * replaces the first when it is fairly sure; one of the same length with other digits only
 * when the first was a guess; any other disagreement is a doubt.
 */
export function settle(word: OcrWord, reread: { text: string; conf: number } | null): { word: OcrWord; doubt: boolean } {
  const second = reread && NUMBER.test(reread.text) ? reread : null;
  if (second && second.text === word.text) return { word: { ...word, conf: Math.max(word.conf, second.conf) }, doubt: false };
  const replace = (by: { text: string; conf: number }) => ({ word: { ...word, text: by.text, conf: by.conf }, doubt: false });
  if (!isNumberWord(word.text)) return second && second.conf >= REREAD_NOISE_SURE ? replace(second) : { word, doubt: false };
  if (second && second.text.length !== word.text.length && second.conf >= REREAD_SURE) return replace(second);
  if (second && word.conf < GUESS && second.conf >= REREAD_SUBSTITUTE) return replace(second);
  return { word, doubt: true };
}
