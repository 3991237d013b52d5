import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractDocument } from './extract-document.ts';
import { xmlNestingDepth } from './xml-depth.ts';

const SAMPLE = new URL('../../samples/docx/v2021-city-gov-utf8.docx', import.meta.url);

describe('xmlNestingDepth', () => {
  it('counts open elements, not self-closing ones, declarations, comments or CDATA', () => {
    expect(xmlNestingDepth('<?xml version="1.0"?><a><b/><!-- <c><d> --><c><![CDATA[<x><y>]]></c></a>', 100)).toBe(2);
    expect(xmlNestingDepth('<a><b><c></c></b><b></b></a>', 100)).toBe(3);
  });

  it('stops counting once past the limit', () => {
    expect(xmlNestingDepth('<a>'.repeat(10_000), 50)).toBe(51);
  });

  it('measures a real Word body at about 10 levels', () => {
    const xml = new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(SAMPLE)))['word/document.xml']);
    expect(xmlNestingDepth(xml, 1000)).toBeLessThan(20);
  });
});

describe('a DOCX whose body lost its end tags', () => {
  it('is refused as damaged (E_DOCX_INVALID), not an overflowed stack (E_INTERNAL)', async () => {
    const parts = unzipSync(new Uint8Array(readFileSync(SAMPLE)));
    const body = new TextDecoder().decode(parts['word/document.xml']);
    parts['word/document.xml'] = new TextEncoder().encode(body.replace('<w:body>', `<w:body>${'<w:sdt><w:sdtContent>'.repeat(20_000)}`));
    const result = await extractDocument(zipSync(parts), { source: 'damaged.docx' });
    expect(result.error?.code).toBe('E_DOCX_INVALID');
    expect(result.error?.message).toMatch(/nests more than \d+ elements deep/);
  });
});
