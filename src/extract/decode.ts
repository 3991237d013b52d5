/**
 * Bytes → text with the charset Chinese government sites actually use: BOM, then the
 * transport header's charset, then a `<meta>` prescan, then strict UTF-8, then GB18030
 * (a superset of GBK/GB2312, so labels saying gb2312 decode GBK-only characters too).
 */
const GB_FAMILY = new Set(['gb2312', 'gbk', 'x-gbk', 'gb_2312-80', 'gb18030', 'csgb2312', 'chinese', 'iso-ir-58']);

export function canonicalCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const name = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (GB_FAMILY.has(name)) return 'gb18030';
  if (name === 'utf8') return 'utf-8';
  try {
    return new TextDecoder(name).encoding;
  } catch {
    return null;
  }
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** `<meta charset=…>` or `<meta http-equiv=Content-Type content="…; charset=…">` in the first 2 KB. */
export function metaCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return canonicalCharset(match?.[1]);
}

function decodeStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export interface Decoded {
  text: string;
  charset: string;
}

export function decodeText(bytes: Uint8Array, headerCharset?: string | null): Decoded {
  const bom = bomCharset(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), charset: bom };
  const declared = canonicalCharset(headerCharset) ?? metaCharset(bytes);
  // Servers often declare utf-8 for GBK bodies: trust a utf-8 label only if the bytes are valid UTF-8.
  if (declared && declared !== 'utf-8') return { text: new TextDecoder(declared).decode(bytes), charset: declared };
  const utf8 = decodeStrictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, charset: 'utf-8' };
  return { text: new TextDecoder('gb18030').decode(bytes), charset: 'gb18030' };
}
