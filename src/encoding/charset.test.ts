import { describe, expect, it } from 'vitest';
import { decodeBody, normaliseCharset } from './charset.ts';
import { encodeGbk } from '../../test/crawl/sites/gbk.ts';

const TEXT = '平潭综合实验区2023年度政府信息公开工作年度报告（镕）';
const page = (meta: string) => `<html><head>${meta}<title>t</title></head><body>${TEXT}</body></html>`;

describe('decodeBody', () => {
  it('uses a legacy header charset', () => {
    expect(decodeBody(encodeGbk(page('')), 'text/html; charset=GBK')).toMatchObject({ charset: 'gb18030', source: 'header' });
  });

  it('finds a charset declared only in <meta http-equiv>, decoding gb2312 as gb18030 (镕 is GBK-only)', () => {
    const decoded = decodeBody(encodeGbk(page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')), 'text/html');
    expect(decoded).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(decoded.text).toContain(TEXT);
  });

  it('does not believe a utf-8 header over GBK bytes', () => {
    const decoded = decodeBody(encodeGbk(page('<meta charset="gbk">')), 'text/html; charset=utf-8');
    expect(decoded).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(decoded.text).toContain(TEXT);
  });

  it('sniffs GBK without any declaration, and UTF-8 when valid', () => {
    expect(decodeBody(encodeGbk(page('')), null)).toMatchObject({ charset: 'gb18030', source: 'sniff', text: expect.stringContaining(TEXT) });
    expect(decodeBody(Buffer.from(page('')), null)).toMatchObject({ charset: 'utf-8', source: 'sniff', text: expect.stringContaining(TEXT) });
  });

  it('lets a BOM win and strips it', () => {
    const decoded = decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'text/html; charset=gbk');
    expect(decoded).toEqual({ text: TEXT, charset: 'utf-8', source: 'bom' });
  });

  it('reads the XML declaration of data endpoints', () => {
    const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GBK"?><datastore>'), encodeGbk(TEXT), Buffer.from('</datastore>')]);
    expect(decodeBody(xml, 'text/xml')).toMatchObject({ charset: 'gb18030', source: 'meta', text: expect.stringContaining(TEXT) });
  });

  it('normalises labels', () => {
    expect(['GB2312', 'x-gbk', 'cp936', 'GB18030'].map(normaliseCharset)).toEqual(['gb18030', 'gb18030', 'gb18030', 'gb18030']);
    expect(normaliseCharset('utf8')).toBe('utf-8');
    expect(normaliseCharset('no-such-charset')).toBeNull();
  });
});

describe('meta charsets an ASCII prescan cannot mean', () => {
  it('reads a page declaring utf-16 in <meta> as UTF-8, as browsers do', () => {
    const bytes = new TextEncoder().encode('<html><head><meta charset="utf-16"></head><body>政府信息公开</body></html>');
    expect(decodeBody(bytes, null).text).toContain('政府信息公开');
  });
});
