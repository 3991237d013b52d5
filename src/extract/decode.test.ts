import { describe, expect, it } from 'vitest';
import { decodeText } from './decode.ts';
import { sniffFormat } from './sniff.ts';

// "政府信息公开" in GBK.
const GBK = [0xd5, 0xfe, 0xb8, 0xae, 0xd0, 0xc5, 0xcf, 0xa2, 0xb9, 0xab, 0xbf, 0xaa];
const html = (meta: string, body: number[]) =>
  new Uint8Array([...new TextEncoder().encode(`<html><head>${meta}</head><body>`), ...body, ...new TextEncoder().encode('</body></html>')]);

describe('decodeText', () => {
  it('decodes a GBK page whose charset is only in <meta>, gb2312 label included', () => {
    const { text, charset } = decodeText(html('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', GBK));
    expect(charset).toBe('gb18030');
    expect(text).toContain('政府信息公开');
  });

  it('falls back to GB18030 when a page claims nothing and is not UTF-8', () => {
    expect(decodeText(html('', GBK)).text).toContain('政府信息公开');
  });

  it('does not trust a utf-8 header for bytes that are not UTF-8', () => {
    expect(decodeText(html('', GBK), 'utf-8').text).toContain('政府信息公开');
  });

  it('honours a BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('年报')]);
    expect(decodeText(bytes, 'gbk').text).toBe('年报');
  });
});

describe('sniffFormat', () => {
  it('recognises formats by content', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(sniffFormat(encode('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffFormat(encode('<!DOCTYPE html><html>'))).toBe('html');
    expect(sniffFormat(encode('| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n'))).toBe('markdown');
    expect(sniffFormat(encode('一、总体情况\n'))).toBe('text');
    expect(sniffFormat(new Uint8Array())).toBe('empty');
    expect(sniffFormat(new Uint8Array([0, 1, 2, 3, 200, 17, 5]))).toBe('binary');
  });
});
