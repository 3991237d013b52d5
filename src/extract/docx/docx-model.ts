import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { GongkaiError } from '../../domain/errors.ts';
import type { Block, DocumentModel } from '../model.ts';
import { paragraphBlock, tableBlocks, type WordCell } from '../word-table.ts';
import { readZipParts } from '../zip-parts.ts';
import { xmlNestingDepth } from '../xml-depth.ts';

/**
 * DOCX (Office Open XML) → document model: paragraphs of word/document.xml as text blocks and
 * its tables (w:tbl) as rows, one string per cell. Cells continuing a vertical merge
 * (w:vMerge without "restart") are left out of their row, like an HTML rowspan; a w:gridSpan
 * cell appears once (blocks are built by ../word-table.ts, shared with the .doc reader). Only
 * the two parts we read are inflated, each under a size cap, so a ZIP bomb costs nothing.
 */
const DOCUMENT = 'word/document.xml';
const CORE = 'docProps/core.xml';
/** Real report bodies are a few hundred KB of XML; 32 MB leaves room for pasted images' markup. */
const MAX_PART_BYTES = 32 * 1024 * 1024;
/** Real bodies nest about 10 levels; far deeper ones are damaged and would overflow the walkers. */
const MAX_XML_NESTING = 500;

function readParts(bytes: Uint8Array): Record<string, Uint8Array> {
  const parts = readZipParts(bytes, {
    wanted: (name) => name === DOCUMENT || name === CORE,
    maxPartBytes: MAX_PART_BYTES,
    invalid: { code: 'E_DOCX_INVALID', format: 'DOCX' },
  });
  if (!parts[DOCUMENT]) throw new GongkaiError('E_DOCX_INVALID', `the archive has no ${DOCUMENT}: not a Word document`);
  return parts;
}

const text = ($: CheerioAPI, node: Cheerio<Element>) =>
  node
    .find('w\\:t, w\\:tab')
    .toArray()
    .map((part) => (part.name === 'w:tab' ? '\t' : $(part).text()))
    .join('');

function cellText($: CheerioAPI, cell: Element): string {
  return $(cell)
    .children('w\\:p')
    .toArray()
    .map((paragraph) => text($, $(paragraph)))
    .join('');
}

function isMergeContinuation($: CheerioAPI, cell: Element): boolean {
  const merge = $(cell).children('w\\:tcPr').children('w\\:vMerge');
  return merge.length > 0 && (merge.attr('w:val') ?? 'continue') !== 'restart';
}

function tableRows($: CheerioAPI, table: Element, index: number): Block[] {
  const rows = $(table)
    .children('w\\:tr')
    .toArray()
    .map((row) =>
      $(row)
        .children('w\\:tc')
        .toArray()
        .map((cell): WordCell => ({ text: cellText($, cell), mergedAway: isMergeContinuation($, cell) })),
    );
  return tableBlocks(rows, index);
}

export function docxToModel(bytes: Uint8Array): DocumentModel {
  const parts = readParts(bytes);
  const xml = new TextDecoder().decode(parts[DOCUMENT]);
  if (xmlNestingDepth(xml, MAX_XML_NESTING) > MAX_XML_NESTING) {
    throw new GongkaiError('E_DOCX_INVALID', `${DOCUMENT} nests more than ${MAX_XML_NESTING} elements deep: damaged (a real one nests about 10)`);
  }
  const $ = cheerio.load(xml, { xml: true });
  const blocks: Block[] = [];
  let tables = 0;
  const walk = (container: Element) => {
    for (const child of $(container).children().toArray()) {
      if (child.name === 'w:p') {
        const block = paragraphBlock(text($, $(child)));
        if (block) blocks.push(block);
      } else if (child.name === 'w:tbl') {
        blocks.push(...tableRows($, child, tables++));
      } else if (child.name === 'w:sdt' || child.name === 'w:sdtContent') {
        walk(child);
      }
    }
  };
  const body = $('w\\:body').get(0);
  if (body) walk(body);
  const core = parts[CORE] ? cheerio.load(new TextDecoder().decode(parts[CORE]), { xml: true }) : undefined;
  const title = core?.('dc\\:title').first().text().trim() || null;
  return { format: 'docx', title, blocks };
}
