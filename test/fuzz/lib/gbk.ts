/**
 * A GBK (GB18030 two-byte) encoder for the wrong-encoding mutations: Node ships GBK decoders only,
 * so the table is the inverse of the platform decoder over every two-byte code. Characters GBK
 * lacks become '?', as a careless converter would write them.
 */
let table: Map<number, number> | undefined;

function buildTable(): Map<number, number> {
  const map = new Map<number, number>();
  // Decode all two-byte codes in one call: 0x81–0xFE lead × 0x40–0xFE trail (minus 0x7F).
  const codes: number[] = [];
  const bytes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      codes.push((lead << 8) | trail);
      bytes.push(lead, trail);
    }
  }
  const decoder = new TextDecoder('gb18030');
  codes.forEach((code, i) => {
    const text = decoder.decode(Uint8Array.of(bytes[2 * i]!, bytes[2 * i + 1]!));
    const point = text.codePointAt(0)!;
    if (text.length === 1 && text !== '\ufffd' && !map.has(point)) map.set(point, code);
  });
  return map;
}

export function encodeGbk(text: string): Uint8Array {
  table ??= buildTable();
  const out = new Uint8Array(text.length * 2);
  let length = 0;
  for (const char of text) {
    const point = char.codePointAt(0)!;
    if (point < 0x80) {
      out[length++] = point;
      continue;
    }
    const code = table.get(point);
    if (code === undefined) out[length++] = 0x3f;
    else {
      out[length++] = code >> 8;
      out[length++] = code & 0xff;
    }
  }
  return out.slice(0, length);
}
