import type { DocumentFormat } from '../domain/types.ts';
import { isCompoundFile } from './doc/compound-file.ts';
import { isOfdArchive } from './ofd/ofd-model.ts';

/** Bytes (and an optional file name or media type) → format, by magic bytes first, then content. */
export function sniffFormat(bytes: Uint8Array, hint = ''): DocumentFormat | 'binary' | 'empty' {
  if (bytes.length === 0) return 'empty';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.startsWith('%PDF-') || /^[\s\S]{0,1024}%PDF-/.test(head)) return 'pdf';
  // OFD (GB/T 33190) is a ZIP too: its root part is OFD.xml
  if (head.startsWith('PK\u0003\u0004')) return isOfdArchive(bytes) || /\.ofd(\s|$)|application\/ofd/i.test(hint) ? 'ofd' : 'docx';
  // Any OLE compound file: the .doc reader tells Word (and WPS) from .xls, .ppt and encrypted OOXML.
  if (isCompoundFile(bytes)) return 'doc';
  if (looksBinary(bytes)) return 'binary';
  if (/<(!doctype\s+html|html|head|body|table|div|meta)[\s>]/i.test(head) || /\.s?html?$|text\/html/i.test(hint)) return 'html';
  if (/\.(md|markdown)$|text\/markdown/i.test(hint)) return 'markdown';
  const sample = new TextDecoder('utf-8').decode(bytes.subarray(0, 65536));
  const pipeRows = sample.split('\n').filter((line) => /^\s*\|.*\|\s*$/.test(line)).length;
  return pipeRows >= 3 ? 'markdown' : 'text';
}

/** Control bytes other than whitespace, or a NUL, in the first 8 KB mean this is not text. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) control++;
  }
  return control / sample.length > 0.02;
}
