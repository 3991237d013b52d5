/**
 * OFD (GB/T 33190, China's fixed-layout format) → document model. An OFD is a ZIP: OFD.xml names
 * each document's root (DocBody › DocRoot → Document.xml), whose Pages list the pages'
 * Content.xml. Each page's text objects and path objects are read as glyphs and ruling segments
 * (./ofd-page.ts) and laid out by the PDF adapter's own layout code (../pdf/layout-blocks.ts), so
 * an OFD report gives the same blocks as the same report printed to PDF. Only XML parts are
 * inflated, each under a size cap and all of them under a total cap, so a ZIP bomb costs nothing.
 */
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { unzipSync } from 'fflate';
import { GongkaiError } from '../../domain/errors.ts';
import { xmlNestingDepth } from '../xml-depth.ts';
import type { DocumentModel } from '../model.ts';
import { layoutBlocks, type PagedContent } from '../pdf/layout-blocks.ts';
import { readZipParts } from '../zip-parts.ts';
import { localName, parseBox, readOfdPage, type OfdBox } from './ofd-page.ts';

const ROOT = 'OFD.xml';
/** One part: real page contents are a few hundred KB; 32 MB is far beyond any report's. */
const MAX_PART_BYTES = 32 * 1024 * 1024;
/** All XML parts together. */
const MAX_TOTAL_BYTES = 128 * 1024 * 1024;
/** Real parts nest under 10 levels; far deeper ones are damaged (and the DOM parser recurses). */
const MAX_XML_NESTING = 500;
/** Fewer characters than this in the blocks: no text layer (a scan) or nothing but furniture. */
const MIN_BODY_CHARACTERS = 10;
/** A4 portrait, the default page area when the document declares none. */
const A4: OfdBox = { x: 0, y: 0, w: 210, h: 297 };

export interface OfdToModelOptions {
  /** refuse documents with more pages than this (E_BUDGET) @default Infinity */
  maxPages?: number;
}

export interface OfdDocumentModel extends DocumentModel {
  format: 'ofd';
  pageCount: number;
}

function invalid(message: string, cause?: unknown): GongkaiError {
  return new GongkaiError('E_OFD_INVALID', message, cause === undefined ? {} : { cause });
}

/** True when the ZIP holds an OFD.xml entry (its central directory is read; nothing is inflated). */
export function isOfdArchive(bytes: Uint8Array): boolean {
  let found = false;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (normalisePath(file.name) === ROOT.toLowerCase()) found = true;
        return false;
      },
    });
  } catch {
    // a damaged ZIP: its local headers still name its entries
    return new TextDecoder('latin1').decode(bytes.subarray(0, 4096)).includes(ROOT);
  }
  return found;
}

/** A ZIP entry or a BaseLoc as a lower-case path from the archive root ('a/./b/../c' → 'a/c'). */
function normalisePath(name: string): string {
  const out: string[] = [];
  for (const part of name.replace(/\\/gu, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/').toLowerCase();
}

/** BaseLoc-style reference from the folder `base` (absolute when it starts with '/'). */
function resolve(base: string, reference: string): string {
  return normalisePath(reference.trim().startsWith('/') ? reference : `${base}/${reference}`);
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function readParts(bytes: Uint8Array): Map<string, Uint8Array> {
  const entries = readZipParts(bytes, {
    wanted: (name) => /\.xml$/iu.test(name),
    maxPartBytes: MAX_PART_BYTES,
    maxTotalBytes: MAX_TOTAL_BYTES,
    invalid: { code: 'E_OFD_INVALID', format: 'OFD' },
  });
  const parts = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(entries)) parts.set(normalisePath(name), data);
  return parts;
}

/** A part parsed as XML: its root elements. Missing → null; damaged (too deep) → E_OFD_INVALID. */
function parsePart(parts: Map<string, Uint8Array>, path: string): Element[] | null {
  const data = parts.get(path);
  if (!data) return null;
  const xml = new TextDecoder().decode(data);
  if (xmlNestingDepth(xml, MAX_XML_NESTING) > MAX_XML_NESTING) {
    throw invalid(`${path} nests more than ${MAX_XML_NESTING} elements deep: damaged (a real one nests about 10)`);
  }
  const $ = cheerio.load(xml, { xml: true });
  return $.root()
    .children()
    .toArray()
    .filter((node): node is Element => node.type === 'tag');
}

/** Elements under `roots` (breadth-first, no recursion) whose local name is `name`. */
function findAll(roots: readonly Element[], name: string): Element[] {
  const out: Element[] = [];
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const element = queue[i]!;
    if (localName(element) === name) out.push(element);
    for (const child of element.children) if (child.type === 'tag') queue.push(child as Element);
  }
  return out;
}

function textOf(element: Element | undefined): string {
  if (!element) return '';
  return element.children.map((child) => (child.type === 'text' ? (child as unknown as { data: string }).data : '')).join('').trim();
}

export function ofdToModel(bytes: Uint8Array, options: OfdToModelOptions = {}): OfdDocumentModel {
  const { maxPages = Infinity } = options;
  const parts = readParts(bytes);
  const root = parsePart(parts, ROOT.toLowerCase());
  if (!root) throw invalid(`the archive has no ${ROOT}: not an OFD document`);
  if (parts.has('encryptions.xml') || findAll(root, 'Encryptions').length) {
    throw invalid('the OFD is encrypted (Encryptions.xml): its pages cannot be read');
  }
  const body = findAll(root, 'DocBody')[0];
  const docRoot = textOf(findAll(body ? [body] : root, 'DocRoot')[0]);
  if (!docRoot) throw invalid(`${ROOT} names no document (DocBody › DocRoot)`);
  const title = textOf(findAll(body ? [body] : root, 'Title')[0]) || null;
  const documentPath = resolve('', docRoot);
  const document = parsePart(parts, documentPath);
  if (!document) throw invalid(`the document ${docRoot} named by ${ROOT} is not in the archive`);
  const base = folderOf(documentPath);

  const area = findAll(document, 'PageArea')[0];
  const defaultBox = parseBox(textOf(area && findAll([area], 'PhysicalBox')[0])) ?? A4;
  const templates = new Map<string, string>();
  for (const template of findAll(document, 'TemplatePage')) {
    if (template.attribs.ID && template.attribs.BaseLoc) templates.set(template.attribs.ID, resolve(base, template.attribs.BaseLoc));
  }
  const pageRefs = findAll(findAll(document, 'Pages'), 'Page').filter((page) => page.attribs.BaseLoc);
  if (pageRefs.length === 0) throw invalid(`the document ${docRoot} lists no pages`);
  if (pageRefs.length > maxPages) {
    throw new GongkaiError('E_BUDGET', `the OFD has ${pageRefs.length} pages, more than the budget of ${maxPages}`);
  }

  const pages: PagedContent[] = [];
  const missing: string[] = [];
  pageRefs.forEach((ref, index) => {
    const path = resolve(base, ref.attribs.BaseLoc!);
    const content = parsePart(parts, path);
    if (!content) {
      missing.push(path);
      return;
    }
    const pageArea = findAll(content, 'Area')[0];
    const box = parseBox(textOf(pageArea && findAll([pageArea], 'PhysicalBox')[0])) ?? defaultBox;
    // template pages (running headers, footers, the page frame) are part of what the page shows
    const roots: Element[] = [];
    for (const use of findAll(content, 'Template')) {
      const templatePath = templates.get(use.attribs.TemplateID ?? use.attribs.TemplateRef ?? '');
      const template = templatePath && templatePath !== path ? parsePart(parts, templatePath) : null;
      if (template) roots.push(...findAll(template, 'Content'));
    }
    roots.push(...findAll(content, 'Content'));
    pages.push({ page: index + 1, content: readOfdPage(roots, box) });
  });
  if (pages.length === 0) throw invalid(`none of the ${pageRefs.length} pages' content is in the archive (first missing: ${missing[0]})`);
  if (pages.every((p) => p.content.glyphs.length === 0)) {
    throw invalid(`the OFD has no text objects on its ${pageRefs.length} pages (images only: a scan?)`);
  }
  const { blocks, printedTitle } = layoutBlocks(pages);
  if (blocks.reduce((n, b) => n + b.cells.join('').replace(/\s+/gu, '').length, 0) < MIN_BODY_CHARACTERS) {
    throw invalid(`the OFD has almost no text besides page furniture on its ${pageRefs.length} pages (images only: a scan?)`);
  }
  const shown = printedTitle ?? title;
  const titleCandidates = title && title !== shown ? [title] : [];
  return { format: 'ofd', title: shown, titleCandidates, blocks, pageCount: pageRefs.length };
}
