/**
 * Where each OCR doubt (../ocr/numbers.ts) sits in the document's blocks: the block and cell
 * whose text holds the doubted word, and which of the word's matches in that text it is. The
 * mapper sees only block text, so this is the provenance ../ocr/doubt-keys.ts needs to tell
 * which canonical cells took their value from the word. Pure.
 *
 * A doubt is found by its box: the table cell (ruled or borderless) its centre lies in, else the
 * text line at its height. Among the page's words inside that cell or line (OCR makes one glyph
 * a word), the ones with the doubted text that come before it in reading order give its match.
 */
import type { Block } from '../model.ts';
import type { OcrDoubt } from '../ocr/numbers.ts';
import type { BlockSource } from './assemble.ts';
import { centreX, centreY, type Box, type Glyph } from './geometry.ts';

export interface DoubtPlace {
  /** index of the block (PdfDocumentModel.blocks) */
  block: number;
  /** index of the cell in the block (0 for a text block) */
  cell: number;
  /** which match of the doubted text in the cell's text the word is (0-based; see matchesOf) */
  occurrence: number;
}

export type PagedDoubt = OcrDoubt & { page: number };

/** Slack around a cell or line (pt): a word's box and its glyph's are not exactly the same. */
const SLACK = 1;

const inside = (x: number, y: number, box: Box) => x >= box.x0 - SLACK && x <= box.x1 + SLACK && y >= box.y0 - SLACK && y <= box.y1 + SLACK;

/** The block and cell whose source holds the point, or null. */
function container(x: number, y: number, page: number, blocks: readonly Block[], sources: readonly BlockSource[]): { block: number; cell: number; box: Box } | null {
  let line: { block: number; cell: number; box: Box } | null = null;
  for (let k = 0; k < blocks.length; k++) {
    const source = sources[k];
    if (blocks[k]!.page !== page || !source) continue;
    if (source.kind === 'row') {
      const cell = source.cells.findIndex((c) => inside(x, y, c));
      if (cell >= 0) return { block: k, cell, box: source.cells[cell]! };
    } else if (!line && y >= source.item.y0 - SLACK && y <= source.item.y1 + SLACK) {
      line = { block: k, cell: 0, box: { x0: -Infinity, x1: Infinity, y0: source.item.y0, y1: source.item.y1 } };
    }
  }
  return line;
}

/**
 * @param blocks the document's blocks (after label snapping: only the labels change)
 * @param sources what each block was made of (assembleBlocks)
 * @param glyphs each OCR'd page's glyphs
 */
export function placeDoubts(
  doubts: readonly PagedDoubt[],
  blocks: readonly Block[],
  sources: readonly BlockSource[],
  glyphs: ReadonlyMap<number, readonly Glyph[]>,
): (PagedDoubt & { place: DoubtPlace | null })[] {
  return doubts.map((doubt) => {
    const x = centreX(doubt);
    const y = centreY(doubt);
    const found = container(x, y, doubt.page, blocks, sources);
    if (!found) return { ...doubt, place: null };
    // the same text earlier in the cell or line, in reading order (lines top to bottom, then left to right)
    const same = (glyphs.get(doubt.page) ?? [])
      .filter((g) => g.text === doubt.text && inside(centreX(g), centreY(g), found.box))
      .sort((a, b) => (Math.abs(centreY(a) - centreY(b)) < Math.min(a.size, b.size) / 2 ? a.x0 - b.x0 : a.y0 - b.y0));
    const self = same.reduce<{ k: number; d: number }>((best, g, k) => {
      const d = Math.abs(g.x0 - doubt.x0) + Math.abs(centreY(g) - y);
      return d < best.d ? { k, d } : best;
    }, { k: 0, d: Infinity });
    return { ...doubt, place: { block: found.block, cell: found.cell, occurrence: self.k } };
  });
}
