import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { GongkaiError } from '../../domain/errors.ts';
import type { Block, DocumentModel } from '../model.ts';
import { isValueText } from '../tables/values.ts';
import { findBodyRoot } from './body-root.ts';
import { buildGrid, rowCells } from './grid.ts';
import { MAX_HTML_NESTING, nestingDepth } from './nesting.ts';
import { textContent, trimmedTextShorterThan } from './text-content.ts';

/**
 * HTML report page → document model: the report body found among page furniture, its
 * paragraphs as text blocks and its tables as rows of a rowspan/colspan grid.
 */
const DROP = 'script, style, noscript, template, iframe, object, embed, svg, select, button, textarea';
const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article',
  'header', 'footer', 'blockquote', 'pre', 'hr', 'center', 'form', 'address', 'tr', 'td', 'th', 'table',
]);
const TITLE_SELECTORS = [
  'meta[name="ArticleTitle" i]',
  'meta[name="title" i]',
  'meta[property="og:title" i]',
];

function titleCandidates($: CheerioAPI): string[] {
  const candidates: string[] = [];
  for (const selector of TITLE_SELECTORS) {
    $(selector).each((_, el) => void candidates.push($(el).attr('content') ?? ''));
  }
  // Texts of 200 characters or more are no titles: their reading stops there (nested title elements were quadratic).
  $('h1, h2, h3, title, .title, [class*="title" i]').each((_, el) => void candidates.push(trimmedTextShorterThan(el, 200) ?? ''));
  return candidates.map((text) => text.trim()).filter((text) => text.length > 0 && text.length < 200);
}

const isLabel = (text: string) => text.trim() !== '' && !isValueText(text);

function emitTable($: CheerioAPI, table: Element, index: number, blocks: Block[]): void {
  const grid = buildGrid($, table, (cell) => textContent(cell));
  grid.origins.forEach((_, r) => {
    const cells = rowCells(grid, r, isLabel);
    if (cells.some((cell) => cell.trim() !== '')) blocks.push({ kind: 'row', cells, page: null, table: index });
  });
}

function walk($: CheerioAPI, root: AnyNode): Block[] {
  const blocks: Block[] = [];
  let buffer = '';
  let tables = 0;
  const flush = () => {
    const text = buffer.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
    if (text) blocks.push({ kind: 'text', cells: [text], page: null });
    buffer = '';
  };
  const visit = (node: AnyNode) => {
    if (node.type === 'text') {
      buffer += (node as unknown as { data: string }).data;
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const element = node as Element;
    const tag = element.name?.toLowerCase();
    // A table holding tables is page layout (Hanweb, old TRS templates): read through it.
    if (tag === 'table' && $(element).find('table').length === 0) {
      flush();
      emitTable($, element, tables++, blocks);
      return;
    }
    const isBlock = tag !== undefined && BLOCK_TAGS.has(tag);
    if (isBlock) flush();
    for (const child of element.children ?? []) visit(child);
    if (isBlock) flush();
  };
  visit(root);
  flush();
  return blocks;
}

/** A page cut off mid-table: more <table> openings than closings and no end of document. */
export function looksTruncated(html: string): boolean {
  const tail = html.slice(-4096).toLowerCase();
  if (tail.includes('</html>') || tail.includes('</body>')) return false;
  const opened = html.match(/<table[\s>]/gi)?.length ?? 0;
  const closed = html.match(/<\/table>/gi)?.length ?? 0;
  return opened > closed;
}

export function htmlToModel(html: string): DocumentModel {
  // Refused before parsing: the parser is quadratic in the nesting and the walkers recurse (see nesting.ts).
  const depth = nestingDepth(html, MAX_HTML_NESTING);
  if (depth > MAX_HTML_NESTING) {
    throw new GongkaiError('E_BUDGET', `the HTML nests more than ${MAX_HTML_NESTING} elements deep: too deep to parse within the budget`);
  }
  const $ = cheerio.load(html);
  const title = titleCandidates($);
  $(DROP).remove();
  const root = findBodyRoot($);
  return { format: 'html', title: title[0] ?? null, blocks: walk($, root), titleCandidates: title };
}
