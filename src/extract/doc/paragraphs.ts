import { paragraphProps, type ParagraphProps } from './paragraph-props.ts';
import type { Piece } from './pieces.ts';
import { runAt, type PropertyRun } from './property-runs.ts';

/**
 * The main document as paragraphs, each with the text a reader sees and the properties of its
 * mark. Word's special characters (MS-DOC 2.8.25) are resolved here: a field shows its result,
 * not its code ("HYPERLINK …"); anchors of pictures, footnotes and drawings vanish; text deleted
 * with change tracking on is left out, as Word shows it after accepting the changes.
 */
export interface Paragraph {
  text: string;
  /** ended by U+0007 (a cell mark or a row mark) rather than a paragraph mark */
  cellMark: boolean;
  props: ParagraphProps;
}

const CELL_MARK = 0x07;
const PARAGRAPH_MARKS = new Set([0x0d, 0x0c]);
const FIELD_BEGIN = 0x13;
const FIELD_SEPARATOR = 0x14;
const FIELD_END = 0x15;
/**
 * Control characters that are text: a tab stays; a line break is dropped, as the DOCX reader drops
 * <w:br/>, so a label wrapped by hand reads whole; non-breaking and optional hyphens.
 */
const TEXT_CONTROLS: Record<number, string> = { 0x09: '\t', 0x0b: '', 0x1e: '-', 0x1f: '' };
const OUTSIDE_TABLES: ParagraphProps = { depth: 0, rowEnd: false, innerCellEnd: false, mergedAway: [] };

export interface ParagraphSources {
  pieces: readonly Piece[];
  paragraphRuns: readonly PropertyRun[];
  /** byte ranges deleted with change tracking on */
  deletedRuns: readonly PropertyRun[];
  data: Uint8Array | undefined;
}

export function readParagraphs({ pieces, paragraphRuns, deletedRuns, data }: ParagraphSources): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let text = '';
  // Open fields, innermost last: true once past the separator, where the shown result starts.
  const fields: boolean[] = [];
  let hiddenFields = 0;
  for (const piece of pieces) {
    for (let i = 0; i < piece.text.length; i++) {
      const code = piece.text.charCodeAt(i);
      const fc = piece.fc + i * piece.width;
      if (code === CELL_MARK || PARAGRAPH_MARKS.has(code)) {
        const run = runAt(paragraphRuns, fc);
        paragraphs.push({ text, cellMark: code === CELL_MARK, props: run ? paragraphProps(run.grpprl, data) : OUTSIDE_TABLES });
        text = '';
        continue;
      }
      if (deletedRuns.length > 0 && runAt(deletedRuns, fc)) continue;
      if (code === FIELD_BEGIN) {
        fields.push(false);
        hiddenFields++;
      } else if (code === FIELD_SEPARATOR) {
        if (fields.at(-1) === false) {
          fields[fields.length - 1] = true;
          hiddenFields--;
        }
      } else if (code === FIELD_END) {
        if (fields.pop() === false) hiddenFields--;
      } else if (hiddenFields === 0) {
        const replacement = TEXT_CONTROLS[code];
        if (replacement !== undefined) text += replacement;
        else if (code >= 0x20) text += piece.text[i];
      }
    }
  }
  if (text) paragraphs.push({ text, cellMark: false, props: OUTSIDE_TABLES });
  return paragraphs;
}
