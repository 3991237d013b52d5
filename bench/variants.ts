#!/usr/bin/env node
/**
 * Generalisation check: extracts N synthetic reports per renderer variant (random seeds,
 * both templates, random presentation options) and prints cell accuracy per variant, so
 * layouts beyond the committed samples are exercised.
 *
 *   npm run bench:variants -- [--n 40] [--seed variants]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  crawlerAmbiguities,
  expectedFor,
  generateReport,
  present,
  renderCrawlerText,
  renderHtmlBytes,
  renderMarkdown,
  renderPrintPages,
  renderText,
  type PrintOptions,
  Rng,
  type PresentOptions,
  type PrintedReport,
} from '../scripts/synthetic/index.ts';
import { extractDocument } from '../src/extract/index.ts';
import { layoutBlocks } from '../src/extract/pdf/layout-blocks.ts';
import { failingRules } from '../src/validate/validate.ts';
import type { DocumentModel } from '../src/extract/model.ts';

const { values: flags } = parseArgs({
  options: { n: { type: 'string', default: '40' }, seed: { type: 'string', default: 'variants' }, dump: { type: 'string' } },
});
const count = Number(flags.n);

type Rendered = { bytes: Uint8Array; name: string; pdfToModel?: () => Promise<DocumentModel> };
type Render = (printed: PrintedReport, rng: Rng) => Rendered | undefined;

/**
 * A born-digital PDF page layout (glyphs and rules, scripts/synthetic/render/print.ts) read by the
 * PDF adapter's layout half, as pdfToModel does after pdfjs has read the pages (no PDF writer here).
 */
function printed(p: PrintedReport, options: PrintOptions): Rendered {
  const pages = renderPrintPages(p, options);
  const { blocks, printedTitle } = layoutBlocks(pages);
  const model: DocumentModel = { format: 'pdf', title: printedTitle, blocks, pageCount: pages.length };
  return { bytes: encode('%PDF-1.7\n'), name: 'r.pdf', pdfToModel: async () => model };
}
const encode = (text: string) => new TextEncoder().encode(text);

const VARIANTS: Record<string, Render> = {
  'html-trs': (p, rng) => ({ bytes: renderHtmlBytes(p, { cms: 'trs', splitHeaders: rng.chance(0.5), nbspPadding: rng.chance(0.5) }), name: 'r.html' }),
  'html-hanweb-gbk': (p, rng) => ({ bytes: renderHtmlBytes(p, { cms: 'hanweb', charset: 'gbk', wordPaste: rng.chance(0.5), splitHeaders: rng.chance(0.5) }), name: 'r.html' }),
  'text-tabs': (p, rng) => ({ bytes: encode(renderText(p, { asciiParens: rng.chance(0.5), shiftRate: rng.next() * 0.5 })), name: 'r.txt' }),
  markdown: (p) => ({ bytes: encode(renderMarkdown(p)), name: 'r.md' }),
  'markdown-split': (p) => ({ bytes: encode(renderMarkdown(p, { split: true })), name: 'r.md' }),
  'crawler-glued': (p, rng) =>
    crawlerAmbiguities(p).length ? undefined : { bytes: encode(renderCrawlerText(p, { straySpaceRate: rng.next() * 0.3 })), name: 'r.page.txt' },
  // V-21: Table 3 transposed (applicant types as rows) and Table 4 as a vertical list. Last, so the
  // draws of the variants above stay as they were.
  'html-transposed': (p, rng) => ({
    bytes: renderHtmlBytes(p, { transposed: true, cms: rng.pick(['trs', 'hanweb'] as const), splitHeaders: rng.chance(0.5), nbspPadding: rng.chance(0.5), wordPaste: rng.chance(0.3) }),
    name: 'r.html',
  }),
  'markdown-transposed': (p) => ({ bytes: encode(renderMarkdown(p, { transposed: true })), name: 'r.md' }),
  'text-transposed': (p, rng) => ({ bytes: encode(renderText(p, { transposed: true, asciiParens: rng.chance(0.5) })), name: 'r.txt' }),
  // V-21 in pieces: the transposed Table 3's columns over successive tables, or its rows over two.
  'html-transposed-split': (p, rng) => ({
    bytes: renderHtmlBytes(p, { transposed: true, transposedSplit: rng.pick(['columns', 'rows'] as const), cms: rng.pick(['trs', 'hanweb'] as const), splitHeaders: rng.chance(0.5), nbspPadding: rng.chance(0.5), wordPaste: rng.chance(0.3) }),
    name: 'r.html',
  }),
  'markdown-transposed-split': (p, rng) => ({ bytes: encode(renderMarkdown(p, { transposed: true, transposedSplit: rng.pick(['columns', 'rows'] as const) })), name: 'r.md' }),
  'text-transposed-split': (p, rng) => ({ bytes: encode(renderText(p, { transposed: true, transposedSplit: rng.pick(['columns', 'rows'] as const), asciiParens: rng.chance(0.5) })), name: 'r.txt' }),
  // Born-digital PDF layouts (ruled tables, page breaks inside Table 3), normal and V-21.
  'pdf-layout': (p, rng) => printed(p, { padding: rng.int(0, 12) }),
  'pdf-layout-transposed': (p, rng) => printed(p, { transposed: true, padding: rng.int(0, 12) }),
  // V-21 in a crawler's page text: the transposed rows' numbers glued, with a space at some cell boundaries.
  'crawler-transposed': (p, rng) => {
    const options = { transposed: true, cellSpaceRate: 0.5 + 0.45 * rng.next() };
    return crawlerAmbiguities(p, options).length ? undefined : { bytes: encode(renderCrawlerText(p, options)), name: 'r.page.txt' };
  },
};

function presentation(rng: Rng): PresentOptions {
  return {
    blankZeros: rng.pick(['none', 'none', 't3-org', 't3', 'all'] as const),
    blankDetailTotals: rng.next() < 0.15,
    naMarker: rng.pick(['/', '—', '-', '无', '／'] as const),
    plusSign: rng.chance(0.5),
    minusSign: rng.pick(['-', '−', '－'] as const),
    amountUnitSuffix: rng.chance(0.5),
    thousands: rng.next() < 0.3,
  };
}

const rng = new Rng(flags.seed!);
let right = 0;
let total = 0;
for (const [variant, render] of Object.entries(VARIANTS)) {
  let vRight = 0;
  let vTotal = 0;
  let documentsOk = 0;
  let documents = 0;
  const failures: string[] = [];
  for (let i = 0; i < count; i++) {
    const seed = `${flags.seed}-${variant}-${i}`;
    const data = generateReport({ seed, template: rng.chance(0.5) ? 'v2021' : 'v2019', size: rng.pick(['small', 'medium', 'large'] as const) });
    const printed = present(data, presentation(rng));
    const rendered = render(printed, rng);
    if (!rendered) continue;
    documents++;
    const expected = expectedFor(rendered.name, printed);
    const result = await extractDocument(rendered.bytes, { source: rendered.name, ...(rendered.pdfToModel ? { pdfToModel: rendered.pdfToModel } : {}) });
    const got = new Map(result.cells.map((cell) => [cell.key, cell.value]));
    const wrong = Object.entries(expected.cells).filter(([key, value]) => (got.get(key) ?? null) !== value);
    const metaOk = result.report?.template === expected.template && result.report?.year === expected.year && result.report?.agency === expected.agency;
    const checksOk = JSON.stringify(failingRules(result.checks)) === JSON.stringify([...expected.failing_rules].sort());
    vRight += Object.keys(expected.cells).length - wrong.length;
    vTotal += Object.keys(expected.cells).length;
    if (wrong.length === 0 && metaOk && checksOk) documentsOk++;
    else if (flags.dump) writeFileSync(`${flags.dump}/${seed}-${rendered.name}`, rendered.bytes);
    if (!(wrong.length === 0 && metaOk && checksOk) && failures.length < 3) failures.push(`${seed}: ${wrong.length} wrong${metaOk ? '' : ' (meta)'}${checksOk ? '' : ' (checks)'} ${wrong.slice(0, 2).map(([k, v]) => `${k}=${v}→${got.get(k) ?? null}`).join(' ')}`);
  }
  right += vRight;
  total += vTotal;
  console.log(`${variant.padEnd(20)} documents ${documentsOk}/${documents} fully right, cells ${(100 * vRight / Math.max(1, vTotal)).toFixed(2)}%`);
  for (const failure of failures) console.log(`    ${failure}`);
}
console.log(`overall cell accuracy ${(100 * right / Math.max(1, total)).toFixed(3)}% (${right}/${total})`);
