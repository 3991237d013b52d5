/**
 * Decodes page bytes to text. Government pages often declare GBK only in `<meta>`, or send
 * `charset=utf-8` in the header while the body is GBK, so the header is trusted only when the
 * bytes agree with it (stack-notes §5).
 *
 * Order: BOM (unambiguous, wins as in the WHATWG encoding standard) → header charset → `<meta>` /
 * XML-declaration prescan of the first 1024 bytes → strict UTF-8 → gb18030.
 * gbk/gb2312 are decoded as gb18030, their superset (a gb2312 label on a page using GBK-only
 * characters such as 镕 is common).
 */
export type CharsetSource = 'bom' | 'header' | 'meta' | 'sniff';

export interface DecodedText {
  text: string;
  /** WHATWG encoding name actually used */
  charset: string;
  source: CharsetSource;
}

const GB_LABELS = new Set(['gbk', 'gb2312', 'gb_2312', 'gb_2312-80', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'gb18030', 'euc-cn', 'csgb2312', 'chinese', 'iso-ir-58']);

/** Normalises a charset label to an encoding TextDecoder supports, or null if unknown. */
export function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (GB_LABELS.has(l)) return 'gb18030';
  if (l === 'utf8') return 'utf-8';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null;
  }
}

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return m?.[1] ?? null;
}

/** `<meta charset>`, `<meta http-equiv=Content-Type content="…charset=…">` or `<?xml encoding=…?>`. */
export function charsetFromPrescan(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const xml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return xml[1] ?? null;
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?([\w.:-]+)/i.exec(tag);
    if (direct) return direct[1] ?? null;
  }
  return null;
}

/**
 * A `<meta>` found by an ASCII prescan cannot truly mean UTF-16, so the encoding standard reads
 * it as UTF-8; x-user-defined means windows-1252.
 */
function metaEncoding(charset: string | null): string | null {
  if (charset === 'utf-16le' || charset === 'utf-16be') return 'utf-8';
  if (charset === 'x-user-defined') return 'windows-1252';
  return charset;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Decodes strictly; null when the bytes are not valid in that encoding (only UTF-8 can tell). */
function tryDecode(bytes: Uint8Array, charset: string): string | null {
  try {
    // ignoreBOM:false strips a matching BOM, which is what we want.
    return new TextDecoder(charset, { fatal: charset === 'utf-8' }).decode(bytes);
  } catch {
    return null;
  }
}

export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedText {
  const bom = bomCharset(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), charset: bom, source: 'bom' };

  const header = normaliseCharset(charsetFromContentType(contentType));
  const meta = metaEncoding(normaliseCharset(charsetFromPrescan(bytes)));
  // A header that says UTF-8 is only believed if the bytes are valid UTF-8; a legacy header
  // charset is believed unless the meta prescan says UTF-8 and the bytes agree.
  if (header && header !== 'utf-8' && !(meta === 'utf-8' && tryDecode(bytes, 'utf-8') !== null)) {
    const text = tryDecode(bytes, header);
    if (text !== null) return { text, charset: header, source: 'header' };
  }
  if (header === 'utf-8') {
    const text = tryDecode(bytes, 'utf-8');
    if (text !== null) return { text, charset: 'utf-8', source: 'header' };
  }
  if (meta) {
    const text = tryDecode(bytes, meta);
    if (text !== null) return { text, charset: meta, source: 'meta' };
  }
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== null) return { text: utf8, charset: 'utf-8', source: 'sniff' };
  return { text: new TextDecoder('gb18030').decode(bytes), charset: 'gb18030', source: 'sniff' };
}
