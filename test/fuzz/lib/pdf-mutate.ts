/**
 * The PDF section of the harness: small PDFs built here (a valid one-pager, a huge or cyclic
 * /Count page tree, pathological content streams) and PDF-aware mutations of the real and
 * sample PDFs.
 */
import fc from 'fast-check';
import type { Doc, Mutation, Scale } from './mutate.ts';
import type { Seed } from './seeds.ts';

const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff);
const asLatin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

/** Assembles objects (object i is `i + 1 0 obj`) with a correct xref table; `root` is the catalog. */
export function buildPdf(objects: readonly string[], root = 1): Uint8Array {
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${root} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(out);
}

const stream = (content: string) => `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const page = (parent: number, contents: number, font: number) =>
  `<< /Type /Page /Parent ${parent} 0 R /MediaBox [0 0 595 842] /Contents ${contents} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`;

/** Catalog, page tree, one page with `content`, font. */
export function onePagePdf(content: string, count = 1): Uint8Array {
  return buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [3 0 R] /Count ${count} >>`, page(2, 4, 5), stream(content), FONT]);
}

const TEXT = 'BT /F1 12 Tf 72 760 Td (2023 Annual Report) Tj ET';

export function builtPdfSeeds(): Seed[] {
  const seeds: [string, Uint8Array][] = [
    ['one-page', onePagePdf(TEXT)],
    ['count-huge', onePagePdf(TEXT, 2147483647)],
    ['count-negative', onePagePdf(TEXT, -5)],
    // a page tree whose Kids point back at itself
    ['tree-cycle', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', page(2, 4, 5), stream(TEXT), FONT])],
  ];
  return seeds.map(([name, bytes]) => ({ name: `built/${name}.pdf`, source: `${name}.pdf`, bytes, kind: 'pdf' as const }));
}

/** A page tree `depth` levels deep (each Pages node has one kid) with /Count `count` at the top. */
function deepTree(depth: number, count: number): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
  for (let level = 0; level < depth; level++) {
    const self = level + 2;
    const parent = level === 0 ? '' : `/Parent ${self - 1} 0 R `;
    objects.push(`<< /Type /Pages ${parent}/Kids [${self + 1} 0 R] /Count ${level === 0 ? count : 1} >>`);
  }
  const leaf = depth + 2;
  objects.push(page(leaf - 1, leaf + 1, leaf + 2), stream(TEXT), FONT);
  return buildPdf(objects);
}

/** `pages` real pages, each with a line of text. */
function manyPages(pages: number): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${4 + 2 * i} 0 R`).join(' ')}] /Count ${pages} >>`, FONT];
  for (let i = 0; i < pages; i++) objects.push(page(2, 5 + 2 * i, 3), stream(`BT /F1 9 Tf 72 760 Td (${i + 1}) Tj ET`));
  return buildPdf(objects);
}

const CONTENT_KINDS = ['ops', 'q-nesting', 'text-runs', 'tj-array', 'absurd-numbers', 'inline-image', 'unbalanced', 'glued-digits'] as const;

/** A content stream that is hard on a PDF reader: 10^5-scale operator counts, nesting, absurd operands. */
export function pathologicalContent(kind: (typeof CONTENT_KINDS)[number], size: number): string {
  switch (kind) {
    case 'ops':
      return '1 0 0 1 0 0 cm 0 0 m 1 1 l S\n'.repeat(size);
    case 'q-nesting':
      return `${'q '.repeat(size)}${TEXT}`;
    case 'text-runs':
      // many tiny text items on one line: the grid reconstruction sees them all
      return Array.from({ length: size }, (_, i) => `BT /F1 8 Tf ${(i * 7) % 500} ${760 - Math.floor(i / 70) % 700} Td (${i % 10}) Tj ET`).join('\n');
    case 'tj-array':
      return `BT /F1 10 Tf 72 700 Td [${Array.from({ length: size }, (_, i) => `(${i % 10}) -${i % 300}`).join(' ')}] TJ ET`;
    case 'absurd-numbers':
      return `BT /F1 1e308 Tf 1e308 -1e308 Td (${'9'.repeat(Math.min(size, 5000))}) Tj 1e400 0 Td (x) Tj ET BT /F1 0 Tf 0 0 0 0 0 0 Tm (y) Tj ET`;
    case 'inline-image':
      return `BI /W 100000 /H 100000 /BPC 8 /CS /RGB ID ${'x'.repeat(Math.min(size, 100_000))} EI ${TEXT}`;
    case 'unbalanced':
      return `BT BT BT ${'ET '.repeat(10)}[[[[ (unclosed ${'('.repeat(Math.min(size, 10_000))} <<< /F1 12 Tf Tj TJ ' " ${TEXT}`;
    case 'glued-digits':
      return `BT /F1 10 Tf 72 700 Td (${'本年新收政府信息公开申请数量'}) Tj 300 0 Td (${'9'.repeat(Math.min(size, 400))}) Tj ET`;
  }
}

const replaceAll = (doc: Doc, pattern: RegExp, replacement: string): Doc => ({ ...doc, bytes: latin1(asLatin1(doc.bytes).replace(pattern, replacement)) });

export function pdfMutations(scale: Scale): fc.Arbitrary<Mutation>[] {
  return [
    // a huge /Count on every page-tree node the file prints in clear
    fc.constantFrom(2147483647, 999999999999, 0, -1, 65536).map<Mutation>((count) => ({
      label: `pdf:count=${count}`,
      apply: (doc) => replaceAll(doc, /\/Count\s+-?\d+/g, `/Count ${count}`),
    })),
    fc.constantFrom(0, 999999999, -1).map<Mutation>((length) => ({ label: `pdf:length=${length}`, apply: (doc) => replaceAll(doc, /\/Length\s+\d+/g, `/Length ${length}`) })),
    fc.constantFrom('eof', 'xref', 'startxref', 'trailer').map<Mutation>((what) => ({
      label: `pdf:cut-before-${what}`,
      apply: (doc) => {
        const text = asLatin1(doc.bytes);
        const marker = { eof: '%%EOF', xref: 'xref', startxref: 'startxref', trailer: 'trailer' }[what];
        const at = text.lastIndexOf(marker);
        return at < 0 ? doc : { ...doc, bytes: doc.bytes.slice(0, at) };
      },
    })),
    fc.constant<Mutation>({ label: 'pdf:encrypt-ref', apply: (doc) => replaceAll(doc, /trailer\s*<</g, 'trailer\n<< /Encrypt 9999 0 R ') }),
    // whole replacement documents
    fc.tuple(fc.constantFrom(100, 2000, 10_000), fc.constantFrom(1, 2147483647)).map<Mutation>(([depth, count]) => ({
      label: `pdf:deep-tree(${depth},count=${count})`,
      apply: (doc) => ({ ...doc, bytes: deepTree(depth, count) }),
    })),
    fc.constantFrom(50, 250, scale.maxPdfPages).map<Mutation>((pages) => ({ label: `pdf:pages(${pages})`, apply: (doc) => ({ ...doc, bytes: manyPages(pages) }) })),
    fc.tuple(fc.constantFrom(...CONTENT_KINDS), fc.constantFrom(1000, Math.min(20_000, scale.maxPdfOps), scale.maxPdfOps)).map<Mutation>(([kind, size]) => ({
      label: `pdf:content(${kind},${size})`,
      apply: (doc) => ({ ...doc, bytes: onePagePdf(pathologicalContent(kind, size)) }),
    })),
  ];
}
