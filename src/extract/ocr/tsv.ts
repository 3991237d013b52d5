/**
 * Tesseract TSV (`tesseract … tsv`) → words with their boxes and confidences (pixels), and
 * words → glyphs in page space, the positioned text the PDF layout (text-lines.ts, stream.ts)
 * already reads. Pure.
 *
 * One glyph per OCR word, so the word's box carries the gaps the stream table finder splits
 * columns on. Tesseract has already decided which words share a line; its per-word boxes jitter
 * (a character with a descender or a misread stroke can be twice as tall), which would break
 * the line grouping, so every word of a line gets the line's median height and centre.
 */
import { median, type Glyph } from '../pdf/geometry.ts';

/** TSV levels: 1 page (the image's size), 2 block, 3 paragraph, 4 line, 5 word. */
const PAGE_LEVEL = 1;
const WORD_LEVEL = 5;
/** Ruling lines and box edges that Tesseract reads as characters: not text. */
const RULE_ARTEFACT = /^[|丨｜_＿\[\]【】]+$/u;

/** A number with letters OCR confuses with digits (o O for 0, l I for 1) but at least one real digit. */
const MISREAD_NUMBER = /^(?=.*\d)[\dOoIl]+$/u;

/** Letters in a number were misread digits: `1O0` → `100`, `l2` → `12`. */
function fixMisreadDigits(text: string): string {
  return MISREAD_NUMBER.test(text) ? text.replace(/[Oo]/gu, '0').replace(/[Il]/gu, '1') : text;
}

/** One OCR'd word, in the pixels of the image Tesseract read. */
export interface OcrWord {
  /** Tesseract's line (block.paragraph.line): words of one line share a height and centre */
  line: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Tesseract's confidence in the word, 0–100 */
  conf: number;
  text: string;
}

export interface OcrWords {
  imageWidth: number;
  words: OcrWord[];
}

export function parseTsv(tsv: string): OcrWords {
  let imageWidth = 0;
  const words: OcrWord[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12) continue;
    if (Number(f[0]) === PAGE_LEVEL) imageWidth = Number(f[8]);
    if (Number(f[0]) !== WORD_LEVEL) continue;
    const text = fixMisreadDigits(f.slice(11).join('\t').trim());
    if (!text || RULE_ARTEFACT.test(text)) continue;
    const [left, top, width, height] = f.slice(6, 10).map(Number) as [number, number, number, number];
    if (!(width > 0 && height > 0)) continue;
    const conf = Number(f[10]);
    words.push({ line: f.slice(1, 5).join('.'), left, top, width, height, conf: Number.isFinite(conf) ? conf : 0, text });
  }
  return { imageWidth, words };
}

/**
 * @param words OCR'd words of one page image
 * @param imageWidth the image's width in pixels
 * @param pageWidth the page's width in page space: the image's pixels are scaled to it
 */
export function wordsToGlyphs(words: readonly OcrWord[], imageWidth: number, pageWidth: number): Glyph[] {
  if (!(imageWidth > 0)) return [];
  const scale = pageWidth / imageWidth;
  const lines = Map.groupBy(words, (word) => word.line);
  const glyphs: Glyph[] = [];
  for (const words of lines.values()) {
    const size = median(words.map((w) => w.height)) * scale;
    const middle = median(words.map((w) => w.top + w.height / 2)) * scale;
    for (const w of words) {
      glyphs.push({
        text: w.text,
        x0: w.left * scale,
        x1: (w.left + w.width) * scale,
        y0: middle - size / 2,
        y1: middle + size / 2,
        size,
        vertical: false,
      });
    }
  }
  return glyphs;
}

/**
 * @param tsv Tesseract's TSV output for one page image
 * @param pageWidth the page's width in page space: the image's pixels are scaled to it
 */
export function tsvToGlyphs(tsv: string, pageWidth: number): Glyph[] {
  const { imageWidth, words } = parseTsv(tsv);
  return wordsToGlyphs(words, imageWidth, pageWidth);
}
