import { GongkaiError } from '../../domain/errors.ts';
import { view } from './binary.ts';

/**
 * The File Information Block at the start of the WordDocument stream (MS-DOC 2.5): where the text
 * and its properties are. Only what the reader uses is kept.
 */
export interface Range {
  /** byte offset in the table stream */
  offset: number;
  length: number;
}

export interface Fib {
  tableStream: '0Table' | '1Table';
  /** characters of the main document (the body; footnotes, headers and text boxes follow it) */
  ccpText: number;
  /** the piece table: which bytes of WordDocument hold which characters */
  clx: Range;
  /** bin tables of the paragraph (PAPX) and character (CHPX) property pages */
  papxBins: Range;
  chpxBins: Range;
}

const WORD_IDENT = 0xa5ec;
/** nFib of Word 97; Word 6.0 and 95 wrote smaller ones and a FIB laid out differently. */
const NFIB_WORD97 = 0xc1;
const F_WHICH_TABLE_STREAM = 0x0200;
const F_ENCRYPTED = 0x0100;
/** Indexes of the FcLcb pairs in FibRgFcLcb97. */
const PAIR_CHPX_BINS = 12;
const PAIR_PAPX_BINS = 13;
const PAIR_CLX = 33;

export function readFib(wordDocument: Uint8Array): Fib {
  const fib = view(wordDocument);
  if (wordDocument.length < 34 || fib.getUint16(0, true) !== WORD_IDENT) {
    throw new GongkaiError('E_DOC_INVALID', 'the WordDocument stream does not start with a Word file information block');
  }
  const nFib = fib.getUint16(2, true);
  if (nFib < NFIB_WORD97) throw new GongkaiError('E_UNSUPPORTED_FORMAT', `a Word 6.0/95 document (nFib ${nFib}): only Word 97–2003 binaries are read`);
  const flags = fib.getUint16(0x0a, true);
  if (flags & F_ENCRYPTED) throw new GongkaiError('E_DOC_ENCRYPTED', 'the Word document is password-protected (encrypted or obfuscated)');
  // FibBase (32 bytes), then three arrays each preceded by its count: 16-bit words, 32-bit words, FcLcb pairs.
  const csw = fib.getUint16(32, true);
  const rgLw = 32 + 2 + csw * 2 + 2;
  const cslw = fib.getUint16(rgLw - 2, true);
  const rgFcLcb = rgLw + cslw * 4 + 2;
  const pairs = fib.getUint16(rgFcLcb - 2, true);
  if (cslw < 4 || pairs <= PAIR_CLX) throw new GongkaiError('E_DOC_INVALID', `the file information block is too short (${cslw} longs, ${pairs} FcLcb pairs)`);
  const pair = (index: number): Range => ({
    offset: fib.getUint32(rgFcLcb + index * 8, true),
    length: fib.getUint32(rgFcLcb + index * 8 + 4, true),
  });
  const ccpText = fib.getInt32(rgLw + 12, true);
  if (ccpText < 0) throw new GongkaiError('E_DOC_INVALID', `the file information block gives the text a negative length (${ccpText})`);
  return {
    tableStream: flags & F_WHICH_TABLE_STREAM ? '1Table' : '0Table',
    ccpText,
    clx: pair(PAIR_CLX),
    papxBins: pair(PAIR_PAPX_BINS),
    chpxBins: pair(PAIR_CHPX_BINS),
  };
}
