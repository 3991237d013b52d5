import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../extract-document.ts';
import { sniffFormat } from '../sniff.ts';

const samples = (relative: string) => new URL(`../../../samples/${relative}`, import.meta.url);
const encode = (text: string) => new TextEncoder().encode(text);
const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const ROOT = `<ofd:OFD ${NS}><ofd:DocBody><ofd:DocInfo><ofd:Title>测试</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`;
const DOCUMENT = `<ofd:Document ${NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`;

describe('OFD sniffing', () => {
  it('tells an OFD (a ZIP with OFD.xml) from a DOCX', () => {
    expect(sniffFormat(new Uint8Array(readFileSync(samples('ofd/v2021-borderless.ofd'))))).toBe('ofd');
    expect(sniffFormat(new Uint8Array(readFileSync(samples('docx/v2021-city-gov-utf8.docx'))))).toBe('docx');
  });
});

describe('OFD samples through extractDocument', () => {
  it.each(['v2021-borderless', 'v2021-ruled-repeated-header'])('%s gives the same cells and report as its PDF twin', async (name) => {
    const ofd = await extractDocument(new Uint8Array(readFileSync(samples(`ofd/${name}.ofd`))), { source: `${name}.ofd` });
    const pdf = await extractDocument(new Uint8Array(readFileSync(samples(`pdf/${name}.pdf`))), { source: `${name}.pdf` });
    expect(ofd.error).toBeNull();
    expect(ofd.format).toBe('ofd');
    expect(ofd.pages).toBe(pdf.pages);
    expect(ofd.report).toEqual(pdf.report);
    expect(ofd.cells.length).toBeGreaterThanOrEqual(200);
    expect(ofd.cells.map((c) => [c.key, c.value, c.page])).toEqual(pdf.cells.map((c) => [c.key, c.value, c.page]));
  });
});

describe('damaged and hostile OFDs', () => {
  it('a truncated archive is E_OFD_INVALID', async () => {
    const bytes = new Uint8Array(readFileSync(samples('ofd/v2021-borderless.ofd')));
    const result = await extractDocument(bytes.subarray(0, bytes.length >> 1), { source: 'cut.ofd' });
    expect(result.error?.code).toBe('E_OFD_INVALID');
  });

  it('an OFD.xml naming no document, or a document whose pages are missing, is E_OFD_INVALID', async () => {
    const noRoot = zipSync({ 'OFD.xml': encode(`<ofd:OFD ${NS}><ofd:DocBody/></ofd:OFD>`) });
    expect((await extractDocument(noRoot, { source: 'x.ofd' })).error?.code).toBe('E_OFD_INVALID');
    const noPages = zipSync({ 'OFD.xml': encode(ROOT), 'Doc_0/Document.xml': encode(DOCUMENT) });
    const result = await extractDocument(noPages, { source: 'x.ofd' });
    expect(result.error?.code).toBe('E_OFD_INVALID');
    expect(result.error?.message).toMatch(/pages/);
  });

  it('pages without text objects (a scan) are E_OFD_INVALID, not an empty report', async () => {
    const scan = zipSync({
      'OFD.xml': encode(ROOT),
      'Doc_0/Document.xml': encode(DOCUMENT),
      'Doc_0/Pages/Page_0/Content.xml': encode(`<ofd:Page ${NS}><ofd:Content><ofd:Layer ID="2"><ofd:ImageObject ID="3" Boundary="0 0 210 297" ResourceID="9"/></ofd:Layer></ofd:Content></ofd:Page>`),
    });
    const result = await extractDocument(scan, { source: 'scan.ofd' });
    expect(result.error?.code).toBe('E_OFD_INVALID');
    expect(result.error?.message).toMatch(/scan/);
  });

  it('a page nested thousands deep is refused as damaged, not an overflowed stack', async () => {
    const deep = `<ofd:Page ${NS}><ofd:Content>${'<ofd:PageBlock>'.repeat(20_000)}</ofd:Content></ofd:Page>`;
    const bytes = zipSync({ 'OFD.xml': encode(ROOT), 'Doc_0/Document.xml': encode(DOCUMENT), 'Doc_0/Pages/Page_0/Content.xml': encode(deep) });
    expect((await extractDocument(bytes, { source: 'deep.ofd' })).error?.code).toBe('E_OFD_INVALID');
  });

  it('a page part that inflates to 64 MB (a ZIP bomb) is refused before it is inflated', async () => {
    const bomb = zipSync(
      { 'OFD.xml': encode(ROOT), 'Doc_0/Document.xml': encode(DOCUMENT), 'Doc_0/Pages/Page_0/Content.xml': new Uint8Array(64 * 1024 * 1024).fill(0x20) },
      { level: 9 },
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const result = await extractDocument(bomb, { source: 'bomb.ofd' });
    expect(result.error?.code).toBe('E_BUDGET');
  });

  it('more pages than the page budget is E_BUDGET', async () => {
    const bytes = new Uint8Array(readFileSync(samples('ofd/v2021-borderless.ofd')));
    expect((await extractDocument(bytes, { source: 'x.ofd', maxPdfPages: 2 })).error?.code).toBe('E_BUDGET');
  });
});
