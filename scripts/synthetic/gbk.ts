/**
 * A GBK encoder (Node ships a GBK decoder only). The table is built once by decoding every
 * double-byte code with the platform's WHATWG `gbk` decoder, so encoding round-trips through
 * any conforming decoder. Characters outside GBK become HTML numeric references.
 */
let table: Map<number, number> | null = null;

function buildTable(): Map<number, number> {
  const map = new Map<number, number>();
  const decoder = new TextDecoder('gbk', { fatal: false });
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const s = decoder.decode(pair);
      if (s.length !== 1 || s === '\ufffd') continue;
      const cp = s.codePointAt(0) as number;
      if (!map.has(cp)) map.set(cp, (lead << 8) | trail);
    }
  }
  return map;
}

/** Encode a string as GBK bytes; code points GBK lacks are written as `&#x…;` (HTML only). */
export function encodeGbk(text: string): Uint8Array {
  table ??= buildTable();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const code = table.get(cp);
    if (code !== undefined) {
      out.push(code >> 8, code & 0xff);
    } else {
      for (const c of `&#x${cp.toString(16)};`) out.push(c.charCodeAt(0));
    }
  }
  return Uint8Array.from(out);
}
