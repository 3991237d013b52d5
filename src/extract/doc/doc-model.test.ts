import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as CFB from 'cfb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { docxToModel } from '../docx/docx-model.ts';
import { extractDocument } from '../extract-document.ts';
import { ERROR_CODES } from '../../domain/errors.ts';
import { docToModel } from './doc-model.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../samples');
const sample = (file: string) => new Uint8Array(readFileSync(path.join(SAMPLES, file)));
const rows = (file: string, table: number) =>
  docToModel(sample(file))
    .blocks.filter((block) => block.kind === 'row' && block.table === table)
    .map((block) => block.cells);

/** A compound file holding `streams` at its root (cfb adds a marker stream of its own). */
function compoundFile(streams: Record<string, Uint8Array>): Uint8Array {
  const container = CFB.utils.cfb_new();
  for (const [name, content] of Object.entries(streams)) CFB.utils.cfb_add(container, name, Buffer.from(content));
  return new Uint8Array(CFB.write(container, { type: 'buffer' }) as Buffer);
}

/** A sample .doc with its WordDocument stream changed by `edit`, repacked into a valid container. */
function withWordDocument(edit: (stream: Buffer) => Buffer): Uint8Array {
  const container = CFB.parse(Buffer.from(sample('doc/v2021-city-gov-utf8.doc')));
  const entry = CFB.find(container, 'WordDocument')!;
  entry.content = edit(Buffer.from(entry.content as Buffer));
  entry.size = entry.content.length;
  return new Uint8Array(CFB.write(container, { type: 'buffer' }) as Buffer);
}

const errorOf = (bytes: Uint8Array) => {
  try {
    docToModel(bytes);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('no error');
};

describe('docToModel on LibreOffice .doc samples', () => {
  it.each(['v2021-city-gov-utf8', 'v2019-2020-blank-totals'])('gives %s the same blocks as the DOCX of the same page', (name) => {
    const doc = docToModel(sample(`doc/${name}.doc`));
    expect(doc.format).toBe('doc');
    expect(doc.blocks).toEqual(docxToModel(sample(`docx/${name}.docx`)).blocks);
  });

  it('leaves vertically merged continuation cells out of their rows, like a DOCX vMerge', () => {
    const table3 = rows('doc/v2021-city-gov-utf8.doc', 2);
    // 申请人情况's second header row: 总计 spans both rows, so its continuation is not a trailing blank.
    expect(table3[2]).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    // 三、本年度办理结果 spans the outcome rows; only its first row prints it.
    expect(table3[5]).toEqual(['三、本年度办理结果', '（一）予以公开', '481', '42', '2', '0', '1', '1', '527']);
    expect(table3[6]).toEqual(['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '297', '28', '4', '0', '2', '0', '331']);
  });

  it("reads through a saved web page's layout table to the report tables nested in it, a split label whole", () => {
    const model = docToModel(sample('doc/v2021-gbk-split-headers.doc'));
    expect(model.blocks).toContainEqual({ kind: 'text', cells: ['一、总体情况'], page: null });
    // `&nbsp;` padding survives as U+00A0, as in the HTML sample.
    expect(model.blocks).toContainEqual({ kind: 'row', cells: ['规章', '/', '\u00a0/\u00a0', '\u00a0/\u00a0'], page: null, table: 1 });
    // `商业</p><p>企业` in the HTML: two paragraphs of one cell.
    expect(rows('doc/v2021-gbk-split-headers.doc', 2)[2]?.map((cell) => cell.replace(/\s/g, ''))).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
  });

  it('reads a WPS file saved in the Word binary format like a .doc', async () => {
    const result = await extractDocument(sample('doc/v2021-city-gov-utf8.doc'), { source: 'https://example.gov.cn/u/cms/report.wps' });
    expect(result.format).toBe('doc');
    expect(result.cells).toHaveLength(200);
  });
});

describe('docToModel on compound files that are not readable Word documents', () => {
  it.each([
    ['Workbook', /Excel workbook \(\.xls\)/],
    ['PowerPoint Document', /PowerPoint presentation \(\.ppt\)/],
    ['Something', /without a WordDocument stream \(it holds .*Something/],
  ])('names a compound file with a root %s stream and no WordDocument as unsupported', (stream, message) => {
    const error = errorOf(compoundFile({ [stream]: new Uint8Array(600) }));
    expect(error.code).toBe('E_UNSUPPORTED_FORMAT');
    expect(error.message).toMatch(message);
  });

  it('does not take a WordDocument inside an embedded object for the document', () => {
    expect(errorOf(compoundFile({ Workbook: new Uint8Array(600), 'ObjectPool/_1/WordDocument': new Uint8Array(600) })).code).toBe('E_UNSUPPORTED_FORMAT');
  });

  it('reports a password-protected OOXML file (EncryptionInfo + EncryptedPackage) as encrypted', () => {
    expect(errorOf(compoundFile({ EncryptionInfo: new Uint8Array(200), EncryptedPackage: new Uint8Array(5000) })).code).toBe('E_DOC_ENCRYPTED');
  });

  it('reports a password-protected .doc as encrypted', () => {
    expect(errorOf(sample('broken/encrypted.doc')).code).toBe('E_DOC_ENCRYPTED');
  });

  it('names a Word 6.0/95 document as unsupported', () => {
    const error = errorOf(withWordDocument((stream) => (stream.writeUInt16LE(104, 2), stream)));
    expect(error).toMatchObject({ code: 'E_UNSUPPORTED_FORMAT', message: expect.stringMatching(/Word 6\.0\/95/) });
  });

  it.each([0.05, 0.25, 0.4, 0.6, 0.9, 0.99])('reports a .doc cut at %d of its length as invalid', (fraction) => {
    const bytes = sample('doc/v2021-city-gov-utf8.doc');
    expect(errorOf(bytes.subarray(0, Math.floor(bytes.length * fraction))).code).toBe('E_DOC_INVALID');
  });

  it('reports a WordDocument stream cut short inside an intact container as invalid', () => {
    expect(errorOf(withWordDocument((stream) => stream.subarray(0, 1200))).code).toBe('E_DOC_INVALID');
  });

  it('reports a WordDocument stream without a Word header as invalid', () => {
    expect(errorOf(withWordDocument((stream) => stream.fill(0x41, 0, 64))).code).toBe('E_DOC_INVALID');
  });
});

describe('damaged .doc files', () => {
  const original = sample('doc/v2021-city-gov-utf8.doc');
  // Header, directory and FAT sit at the two ends of LibreOffice's files; the text and property pages between.
  const offset = fc.oneof(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: original.length - 4096, max: original.length - 1 }), fc.integer({ min: 0, max: original.length - 1 }));
  const damage = fc.oneof(
    fc.integer({ min: 1, max: original.length - 1 }).map((length) => (bytes: Uint8Array) => bytes.subarray(0, length)),
    fc.array(fc.tuple(offset, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 }).map((flips) => (bytes: Uint8Array) => {
      const copy = bytes.slice();
      for (const [at, value] of flips) copy[at] = value;
      return copy;
    }),
  );

  // How long damaged inputs take is measured by `npm run fuzz` (CPU time per input), not here.
  it('give a result with a known error code, never an internal error (seeded byte damage)', async () => {
    await fc.assert(
      fc.asyncProperty(damage, async (apply) => {
        const result = await extractDocument(apply(original), { source: 'report.doc' });
        if (result.error) expect(Object.keys(ERROR_CODES)).toContain(result.error.code);
        expect(result.error?.code).not.toBe('E_INTERNAL');
      }),
      { numRuns: 150, seed: 20241127 },
    );
  });
});
