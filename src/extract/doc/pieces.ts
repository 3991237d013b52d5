import { GongkaiError } from '../../domain/errors.ts';
import { slice, view } from './binary.ts';
import type { Range } from './fib.ts';

/**
 * The piece table (MS-DOC 2.4.1, 2.9.38 Clx): the document's characters, in order, as runs of
 * bytes in the WordDocument stream, each either UTF-16LE or "compressed" 8-bit (cp1252). Edits
 * saved quickly append pieces, so text order is piece order, not byte order.
 */
export interface Piece {
  /** first character position (CP) of the piece */
  cp: number;
  /** the piece's characters, decoded */
  text: string;
  /** byte offset of the first character in WordDocument */
  fc: number;
  /** bytes per character: 1 compressed, 2 UTF-16 */
  width: 1 | 2;
}

const F_COMPRESSED = 0x40000000;
/** A leading U+FEFF is a character of the text, not a byte-order mark: keep it so lengths match CPs. */
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
const CP1252 = new TextDecoder('windows-1252');

/** The PlcPcd of a Clx: property modifier entries (0x01) come first and are skipped. */
function plcPcd(table: Uint8Array, clx: Range): Uint8Array {
  const bytes = slice(table, clx.offset, clx.length, 'the piece table (Clx)');
  const data = view(bytes);
  let pos = 0;
  while (bytes[pos] === 0x01) pos += 3 + data.getUint16(pos + 1, true);
  if (bytes[pos] !== 0x02) throw new GongkaiError('E_DOC_INVALID', 'the piece table has no piece descriptors (Pcdt)');
  return slice(bytes, pos + 5, data.getUint32(pos + 1, true), 'the piece descriptors (PlcPcd)');
}

/** The pieces of the first `ccpText` characters (the main document). */
export function readPieces(wordDocument: Uint8Array, table: Uint8Array, clx: Range, ccpText: number): Piece[] {
  const plc = plcPcd(table, clx);
  const data = view(plc);
  const count = (plc.length - 4) / 12;
  if (!Number.isInteger(count) || count < 1) throw new GongkaiError('E_DOC_INVALID', `the piece descriptors have an odd size (${plc.length} bytes)`);
  const pieces: Piece[] = [];
  for (let i = 0; i < count; i++) {
    const cp = data.getUint32(i * 4, true);
    const end = Math.min(data.getUint32((i + 1) * 4, true), ccpText);
    if (cp >= ccpText) break;
    if (end < cp || cp !== (pieces.length === 0 ? 0 : pieces.at(-1)!.cp + pieces.at(-1)!.text.length)) {
      throw new GongkaiError('E_DOC_INVALID', `piece ${i} does not follow the previous one (characters ${cp}–${end})`);
    }
    const raw = data.getUint32((count + 1) * 4 + i * 8 + 2, true);
    const width = raw & F_COMPRESSED ? 1 : 2;
    const fc = width === 1 ? (raw & (F_COMPRESSED - 1)) / 2 : raw;
    const bytes = slice(wordDocument, fc, (end - cp) * width, `the text of piece ${i}`);
    pieces.push({ cp, text: (width === 1 ? CP1252 : UTF16).decode(bytes), fc, width });
  }
  const read = pieces.length === 0 ? 0 : pieces.at(-1)!.cp + pieces.at(-1)!.text.length;
  if (read < ccpText) throw new GongkaiError('E_DOC_INVALID', `the piece table covers ${read} of the document's ${ccpText} characters`);
  return pieces;
}
