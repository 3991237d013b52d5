/**
 * Image-only PDF pages → what a text PDF page gives: glyphs (read by Tesseract) and ruling
 * segments (found in the image). The PDF bytes are written to a private temporary directory
 * (pdftoppm reads files); each page is rendered to a greyscale image, its rules are found and
 * painted out, and the rest is OCR'd. The directory is always removed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GongkaiError } from '../../domain/errors.ts';
import type { Glyph, Segment } from '../pdf/geometry.ts';
import { cellLines, layoutCellStrip, placeStripWords, ruledTables } from './cell-strip.ts';
import { acceptRereads, reconcileCells, unreadValueCells } from './reconcile.ts';
import { cropImage, eraseRules, findRules, readPgm, writePgm, type GreyImage, type PixelBox } from './page-image.ts';
import { runTool, ToolError } from './run-tool.ts';
import { DIGIT_WHITELIST, doubtfulNumbers, readStrip, settle, stackCrops, type OcrDoubt } from './numbers.ts';
import { BAND_MARGIN, medianWordHeight, replaceBand, staggeredBands } from './staggered.ts';
import { parseTsv, wordsToGlyphs, type OcrWord } from './tsv.ts';

export interface OcrOptions {
  /** off: an image-only PDF stays E_PDF_NO_TEXT */
  enabled: boolean;
  /** budget of one document's OCR stage (all its pages), in ms */
  timeoutMs: number;
  /** called when OCR starts, so the pool can extend the document's budget to `timeoutMs` */
  onStart?: () => void;
}

/** What extraction does without configuration (config `ocr`, `ocrTimeoutMs` have the same defaults). */
export const DEFAULT_OCR: OcrOptions = { enabled: true, timeoutMs: 300_000 };

/**
 * Scans coarser than this (dots per inch of the page's largest image) are not OCR'd: body text
 * there is under ~15 px high and Tesseract's misreads (a wrong agency, wrong numbers) would be
 * worse than no reading. samples/broken/scanned.pdf is 60 dpi.
 */
const MIN_SCAN_DPI = 100;
/** Rendering resolution: Tesseract reads best with body text ~30–40 px high, i.e. at 300 dpi. */
const DPI = 300;
/** Simplified Chinese, with English for the digits and Latin letters (measured: far fewer digits misread as 了 or 品). */
const LANGUAGES = ['chi_sim', 'eng'];
/**
 * Tesseract's page segmentation mode "one column of text of variable sizes": each table row stays
 * one line with its numbers. Measured on samples/pdf-scanned (cells right, v2019 ruled / v2021
 * borderless): --psm 4 83.8% / 67.5%, 3 83.3% / 66.5%, 6 80.3% / 67.5%; 11 and 12 lose the rows
 * (20.7% and 18.2% on the v2019 scan).
 */
const PAGE_SEGMENTATION = '4';
/** "Sparse text": every word found at its own height, for bands of staggered lines (staggered.ts). */
const SPARSE_SEGMENTATION = '11';

/** Whether Tesseract with its languages, pdftoppm and pdfimages can be run (looked up on PATH). */
export async function ocrToolsInstalled(signal: AbortSignal): Promise<boolean> {
  try {
    const [languages] = await Promise.all([
      runTool('tesseract', ['--list-langs'], signal),
      runTool('pdftoppm', ['-v'], signal),
      runTool('pdfimages', ['-v'], signal),
    ]);
    const installed = languages.split(/\s+/u);
    return LANGUAGES.every((language) => installed.includes(language));
  } catch (error) {
    if (error instanceof ToolError) return false;
    throw error;
  }
}

export interface PageBox {
  page: number;
  /** page width in page space (points), to scale the image's pixels back */
  width: number;
}

export interface OcrPage {
  glyphs: Glyph[];
  segments: Segment[];
  /** numbers read with low confidence that a second, digits-only reading could not settle */
  doubts: OcrDoubt[];
}

export interface OcrResult {
  read: Map<number, OcrPage>;
  /** pages not OCR'd, with why: no image on them, or an image too coarse to read */
  skipped: { page: number; reason: string }[];
}

/** Resolution of the page's largest image (`pdfimages -list`), null when it has none. */
async function scanResolution(pdf: string, page: number, signal: AbortSignal): Promise<number | null> {
  const list = await runTool('pdfimages', ['-list', '-f', String(page), '-l', String(page), pdf], signal);
  let best: { area: number; dpi: number } | null = null;
  for (const row of list.split('\n').slice(2)) {
    const f = row.trim().split(/\s+/u);
    if (f.length < 14 || f[2] !== 'image') continue;
    const area = Number(f[3]) * Number(f[4]);
    const dpi = Math.min(Number(f[12]), Number(f[13]));
    if (!best || area > best.area) best = { area, dpi };
  }
  return best?.dpi ?? null;
}

/** Page segmentation mode of the cell strip (cell-strip.ts): a block of lines, each a table row's cells. */
const STRIP_SEGMENTATION = '6';
/** A value cell's ink is at most this wide (median word heights): a number of a few digits, not a label. */
const NUMBER_WIDTH = 4;

const centredIn = (w: OcrWord, b: PixelBox) => {
  const x = w.left + w.width / 2;
  const y = w.top + w.height / 2;
  return x >= b.left && x < b.left + b.width && y >= b.top && y < b.top + b.height;
};

/**
 * Value cells neither reading got a number in, though they hold ink the size of one (a lone
 * "1" beside a long wrapped label), read again digits only (numbers.ts's crops, one strip a
 * page); `kept` takes the readings `acceptRereads` vouches for.
 */
async function rereadUnreadCells(image: GreyImage, grid: number[][], lines: PixelBox[][], kept: Map<number, OcrWord[]>, height: number, file: string, signal: AbortSignal): Promise<void> {
  const numberInk = (k: number) => lines[k]!.length === 1 && lines[k]![0]!.width <= NUMBER_WIDTH * height;
  const unread = unreadValueCells(grid, kept, numberInk);
  if (unread.length === 0) return;
  const inks: OcrWord[] = unread.map((k) => ({ ...lines[k]![0]!, line: `cells.${k}`, conf: 0, text: '' }));
  const strip = stackCrops(image, inks, height);
  await writeFile(`${file}.pgm`, writePgm(strip.image));
  const tsv = await runTool('tesseract', [`${file}.pgm`, '-', '-l', 'eng', '--psm', '6', '-c', `tessedit_char_whitelist=${DIGIT_WHITELIST}`, 'tsv'], signal);
  const reads = new Map<number, OcrWord>();
  readStrip(strip, parseTsv(tsv).words).forEach((reading, n) => {
    if (reading) reads.set(unread[n]!, { ...inks[n]!, text: reading.text, conf: reading.conf });
  });
  for (const k of acceptRereads(grid, kept, reads)) kept.set(k, [reads.get(k)!]);
}

/**
 * Ruled tables read again cell by cell (cell-strip.ts); each cell keeps the page pass's words
 * or the strip's, whichever reading looks right (reconcile.ts), and a value cell with ink but
 * no number in either is read once more, digits only.
 */
async function rereadRuledTables(image: GreyImage, words: OcrWord[], segments: readonly Segment[], scale: number, file: string, signal: AbortSignal): Promise<OcrWord[]> {
  const tables = ruledTables(segments, scale);
  if (tables.length === 0) return words;
  const height = medianWordHeight(words);
  if (!(height > 0)) return words;
  const cells: PixelBox[] = [];
  const grid = tables.flatMap((table) => table.rows.map((row) => row.map((cell) => cells.push(cell) - 1)));
  const lines = cells.map((cell) => cellLines(image, cell, height));
  const strip = layoutCellStrip(image, grid.map((row) => row.map((k) => [k, lines[k]!] as const)), height);
  if (strip.cells.length === 0) return words;
  await writeFile(`${file}.pgm`, writePgm(strip.image));
  const tsv = await runTool('tesseract', [`${file}.pgm`, '-', '-l', LANGUAGES.join('+'), '--psm', STRIP_SEGMENTATION, 'tsv'], signal);
  const { read } = placeStripWords(strip, parseTsv(tsv).words, 'cells');
  const page = new Map(cells.map((cell, k) => [k, words.filter((w) => centredIn(w, cell))]));
  const kept = reconcileCells(grid, page, read);
  await rereadUnreadCells(image, grid, lines, kept, height, file, signal);
  const outside = words.filter((w) => !tables.some((t) => centredIn(w, t.box)));
  return [...outside, ...[...kept.values()].flat()];
}

/** Bands of staggered lines read again in sparse-text mode, their words replacing the first reading's. */
async function rereadStaggered(image: GreyImage, words: OcrWord[], file: string, signal: AbortSignal): Promise<OcrWord[]> {
  const margin = BAND_MARGIN * medianWordHeight(words);
  let out = words;
  for (const [k, band] of staggeredBands(words).entries()) {
    const left = Math.max(0, Math.floor(band.left - margin));
    const top = Math.max(0, Math.floor(band.top - margin));
    const crop = cropImage(image, { left, top, width: band.width + 2 * margin, height: band.height + 2 * margin });
    await writeFile(`${file}.pgm`, writePgm(crop));
    const tsv = await runTool('tesseract', [`${file}.pgm`, '-', '-l', LANGUAGES.join('+'), '--psm', SPARSE_SEGMENTATION, 'tsv'], signal);
    out = replaceBand(out, band, parseTsv(tsv).words, { left, top }, `band${k}`);
  }
  return out;
}

/**
 * Doubtful numbers (numbers.ts) read again, digits only, in one strip a page: the page's words
 * with the settled readings, and the doubts left (boxes in pixels).
 */
async function rereadNumbers(image: GreyImage, words: OcrWord[], file: string, signal: AbortSignal): Promise<{ words: OcrWord[]; doubts: OcrDoubt[] }> {
  const height = medianWordHeight(words);
  const doubtful = doubtfulNumbers(words, height);
  if (doubtful.length === 0) return { words, doubts: [] };
  const strip = stackCrops(image, doubtful, height);
  await writeFile(`${file}.pgm`, writePgm(strip.image));
  const tsv = await runTool(
    'tesseract',
    [`${file}.pgm`, '-', '-l', 'eng', '--psm', '6', '-c', `tessedit_char_whitelist=${DIGIT_WHITELIST}`, 'tsv'],
    signal,
  );
  const readings = readStrip(strip, parseTsv(tsv).words);
  const replaced = new Map<OcrWord, OcrWord>();
  const doubts: OcrDoubt[] = [];
  doubtful.forEach((word, k) => {
    const reading = readings[k] ?? null;
    const { word: kept, doubt } = settle(word, reading);
    replaced.set(word, kept);
    if (doubt) {
      doubts.push({
        text: word.text,
        reread: reading?.text ?? null,
        conf: word.conf,
        rereadConf: reading?.conf ?? null,
        x0: word.left,
        x1: word.left + word.width,
        y0: word.top,
        y1: word.top + word.height,
      });
    }
  });
  return { words: words.map((w) => replaced.get(w) ?? w), doubts };
}

/** OCRs `pages` of the PDF one after another; rejects with E_OCR_FAILED, or the signal's reason. */
export async function ocrPages(bytes: Uint8Array, pages: readonly PageBox[], signal: AbortSignal): Promise<OcrResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongkai-ocr-'));
  try {
    const pdf = path.join(dir, 'document.pdf');
    await writeFile(pdf, bytes);
    const read = new Map<number, OcrPage>();
    const skipped: OcrResult['skipped'] = [];
    for (const { page, width } of pages) {
      const dpi = await scanResolution(pdf, page, signal);
      if (dpi === null || dpi < MIN_SCAN_DPI) {
        skipped.push({ page, reason: dpi === null ? 'no image on it' : `a ${dpi} dpi scan, too coarse to OCR (under ${MIN_SCAN_DPI} dpi)` });
        continue;
      }
      const file = path.join(dir, `page-${page}`);
      await runTool('pdftoppm', ['-r', String(DPI), '-gray', '-f', String(page), '-l', String(page), '-singlefile', pdf, file], signal);
      const image = readPgm(await readFile(`${file}.pgm`));
      const rules = findRules(image, DPI);
      eraseRules(image, rules);
      await writeFile(`${file}.pgm`, writePgm(image));
      const tsv = await runTool('tesseract', [`${file}.pgm`, '-', '-l', LANGUAGES.join('+'), '--psm', PAGE_SEGMENTATION, 'tsv'], signal);
      const { imageWidth, words } = parseTsv(tsv);
      const scale = width / image.width;
      const segments = rules.map((s) => ({ dir: s.dir, at: s.at * scale, from: s.from * scale, to: s.to * scale }));
      const celled = await rereadRuledTables(image, words, segments, scale, `${file}-cells`, signal);
      const banded = await rereadStaggered(image, celled, `${file}-band`, signal);
      const { words: settled, doubts } = await rereadNumbers(image, banded, `${file}-numbers`, signal);
      read.set(page, {
        glyphs: wordsToGlyphs(settled, imageWidth, width),
        segments,
        doubts: doubts.map((d) => ({ ...d, x0: d.x0 * scale, x1: d.x1 * scale, y0: d.y0 * scale, y1: d.y1 * scale })),
      });
      // a page image is ~9 MB: one at a time on disk, whatever the page count
      await rm(`${file}.pgm`, { force: true });
    }
    return { read, skipped };
  } catch (error) {
    if (error instanceof ToolError) throw new GongkaiError('E_OCR_FAILED', `OCR of an image-only page failed: ${error.message}`, { cause: error });
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

