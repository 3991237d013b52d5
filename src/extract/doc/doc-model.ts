import { GongkaiError } from '../../domain/errors.ts';
import type { Block, DocumentModel } from '../model.ts';
import { paragraphBlock, tableBlocks } from '../word-table.ts';
import { openWordStreams } from './compound-file.ts';
import { readFib } from './fib.ts';
import { readParagraphs } from './paragraphs.ts';
import { readPieces } from './pieces.ts';
import { characterRuns, paragraphRuns, type PropertyRun } from './property-runs.ts';
import { forEachSprm, SPRM } from './sprm.ts';
import { nestTables, type Item } from './table-tree.ts';

/**
 * Word 97–2003 binary (.doc, and WPS files saved in that format) → document model, with the
 * same rows as the DOCX reader gives for the same table.
 *
 * Why not word-extractor (1.0.4): its getBody() turns cell marks into tabs (a tab inside a cell
 * reads as a cell boundary) and row marks into newlines (as are paragraph breaks inside cells),
 * and its row-end detection reads only the properties on the property page, so rows whose
 * properties moved to the Data stream (sprmPHugePapx: wide rows, like Table 3) ran into the next
 * row on LibreOffice's output. So the container is read with `cfb`, and the piece table, the text
 * and the paragraph properties that carry table structure are read here (MS-DOC).
 *
 * The document's Title property is not read: in Word files it is often a stale one, kept from
 * the template or last year's report; the title line of the body is what report-meta reads.
 */

/** Character runs deleted with change tracking on (sprmCFRMarkDel). */
function deletedRuns(runs: readonly PropertyRun[]): PropertyRun[] {
  return runs.filter((run) => {
    let deleted = false;
    // Toggle operand: 1 on, 0x81 "the opposite of the style", and a style never deletes.
    forEachSprm(run.grpprl, (sprm, operand) => (deleted ||= sprm === SPRM.CFRMarkDel && (operand[0]! & 1) === 1));
    return deleted;
  });
}

const cellText = (cell: readonly Item[]) => cell.map((item) => (item.kind === 'paragraph' ? item.text : '')).join('');

/** A table whose cells hold tables is page layout (a web page saved as Word): read through it. */
const holdsTables = (rows: readonly { cells: Item[][] }[]) => rows.some((row) => row.cells.some((cell) => cell.some((item) => item.kind === 'table')));

function emit(items: readonly Item[], blocks: Block[], tables: { count: number }): void {
  for (const item of items) {
    if (item.kind === 'paragraph') {
      const block = paragraphBlock(item.text);
      if (block) blocks.push(block);
    } else if (holdsTables(item.rows)) {
      for (const row of item.rows) for (const cell of row.cells) emit(cell, blocks, tables);
    } else {
      const rows = item.rows.map((row) => row.cells.map((cell, i) => ({ text: cellText(cell), mergedAway: row.mergedAway[i] ?? false })));
      blocks.push(...tableBlocks(rows, tables.count++));
    }
  }
}

function readModel(bytes: Uint8Array): DocumentModel {
  const { wordDocument, tables, data } = openWordStreams(bytes);
  const fib = readFib(wordDocument);
  const table = tables[fib.tableStream];
  if (!table) throw new GongkaiError('E_DOC_INVALID', `the ${fib.tableStream} stream that the file information block names is missing`);
  const paragraphs = readParagraphs({
    pieces: readPieces(wordDocument, table, fib.clx, fib.ccpText),
    paragraphRuns: paragraphRuns(wordDocument, table, fib.papxBins),
    deletedRuns: deletedRuns(characterRuns(wordDocument, table, fib.chpxBins)),
    data,
  });
  const blocks: Block[] = [];
  emit(nestTables(paragraphs), blocks, { count: 0 });
  return { format: 'doc', title: null, blocks };
}

export function docToModel(bytes: Uint8Array): DocumentModel {
  try {
    return readModel(bytes);
  } catch (error) {
    if (error instanceof GongkaiError) throw error;
    // A structure that points outside its stream (RangeError) is a truncated or corrupt file.
    throw new GongkaiError('E_DOC_INVALID', `the Word document could not be read (truncated or corrupt): ${(error as Error).message}`, { cause: error });
  }
}
