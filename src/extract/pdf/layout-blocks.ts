/**
 * Positioned page contents → blocks: the layout half of the PDF adapter (ruled and borderless
 * tables, text lines, page furniture), shared by every fixed-layout format whose pages can be
 * read as glyphs and ruling segments (PDF through pdfjs, OFD through ../ofd/).
 */
import type { Block } from '../model.ts';
import { assembleBlocks, removeFurniture, unboxSingleCells, visualTitle, type BlockSource } from './assemble.ts';
import type { PageContent } from './page-content.ts';
import { layoutPage, scanPage } from './page-layout.ts';

export interface PagedContent {
  /** 1-based page number */
  page: number;
  content: PageContent;
}

export interface LaidOutDocument {
  blocks: Block[];
  /** the title as printed on the first page (largest text at its top), when there is one */
  printedTitle: string | null;
}

/** Pages in order → blocks in reading order; `sources` (optional) receives where each block came from. */
export function layoutBlocks(pages: readonly PagedContent[], sources?: BlockSource[]): LaidOutDocument {
  const scans = pages.map((p) => scanPage(p.page, p.content));
  removeFurniture(scans);
  const layouts = scans.map(layoutPage);
  unboxSingleCells(layouts);
  const printedTitle = visualTitle(layouts[0]);
  const blocks = assembleBlocks(layouts, sources);
  return { blocks, printedTitle };
}
