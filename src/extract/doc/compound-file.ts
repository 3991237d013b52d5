import * as CFB from 'cfb';
import { GongkaiError } from '../../domain/errors.ts';

/**
 * The OLE compound file (CFB) container of Word 97–2003 documents, which WPS Office also writes
 * for its .wps files. Other Office binaries share the container, so a CFB that holds no
 * WordDocument stream is named for what it is (an .xls, a .ppt, a password-protected OOXML file).
 * The container is read by `cfb` (SheetJS); only the streams the Word reader needs are kept.
 */
const MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((byte, i) => bytes[i] === byte);
}

/** Streams of a Word binary document (MS-DOC 2.1); the Data stream is absent from plain documents. */
export interface WordStreams {
  wordDocument: Uint8Array;
  /** `0Table` and `1Table`: the FIB says which one is live */
  tables: Record<'0Table' | '1Table', Uint8Array | undefined>;
  data: Uint8Array | undefined;
}

/** Top-level streams that name the other Office binaries (their documented stream names). */
const OTHER_FORMATS: [stream: string, what: string][] = [
  ['Workbook', 'an Excel workbook (.xls)'],
  ['Book', 'an Excel 5.0/95 workbook (.xls)'],
  ['PowerPoint Document', 'a PowerPoint presentation (.ppt)'],
  ['VisioDocument', 'a Visio drawing (.vsd)'],
  ['CONTENTS', 'a Microsoft Works document (its own .wps format, not Word-compatible)'],
];

function parse(bytes: Uint8Array): CFB.CFB$Container {
  try {
    return CFB.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new GongkaiError('E_DOC_INVALID', `the OLE compound file could not be read (truncated or corrupt): ${(error as Error).message}`, { cause: error });
  }
}

/** Streams directly under the root storage, by name (embedded objects keep theirs in sub-storages). */
function rootStreams(container: CFB.CFB$Container): Map<string, CFB.CFB$Entry> {
  const root = container.FullPaths[0] ?? '';
  const streams = new Map<string, CFB.CFB$Entry>();
  container.FileIndex.forEach((entry, i) => {
    if (entry.type === 2 && container.FullPaths[i] === root + entry.name) streams.set(entry.name, entry);
  });
  return streams;
}

function content(entry: CFB.CFB$Entry | undefined): Uint8Array | undefined {
  if (!entry) return undefined;
  const bytes = Uint8Array.from(entry.content ?? []);
  // The directory records each stream's size; a shorter chain of sectors means the file was cut off.
  if (bytes.length < entry.size) {
    throw new GongkaiError('E_DOC_INVALID', `the ${entry.name} stream has ${bytes.length} of its ${entry.size} bytes: the file is truncated`);
  }
  return bytes;
}

/** The Word streams of a compound file, or the error that says what else it is. */
export function openWordStreams(bytes: Uint8Array): WordStreams {
  const streams = rootStreams(parse(bytes));
  if (!streams.has('WordDocument')) {
    if (streams.has('EncryptionInfo') && streams.has('EncryptedPackage')) {
      throw new GongkaiError('E_DOC_ENCRYPTED', 'a password-protected Office Open XML file (an encrypted .docx, .xlsx or .pptx)');
    }
    const other = OTHER_FORMATS.find(([stream]) => streams.has(stream));
    const what = other ? other[1] : `an OLE compound file without a WordDocument stream (it holds ${[...streams.keys()].join(', ') || 'no streams'})`;
    throw new GongkaiError('E_UNSUPPORTED_FORMAT', `${what}: not a Word document`);
  }
  return {
    wordDocument: content(streams.get('WordDocument'))!,
    tables: { '0Table': content(streams.get('0Table')), '1Table': content(streams.get('1Table')) },
    data: content(streams.get('Data')),
  };
}
