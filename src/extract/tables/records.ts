import type { Block } from '../model.ts';
import { normalizeLabel, specificLabel } from './labels.ts';
import { parseValue, type ParsedValue } from './values.ts';

/**
 * A record is a label followed by its values: one table row, or one label-then-numbers run
 * of flattened text. The mapper aligns records to template rows by label.
 */
export interface ValueToken {
  raw: string;
  /** set for a cell with a real boundary; undefined for a digit run that may hold several glued numbers */
  parsed?: ParsedValue;
  unit?: string;
  /** running text only: two or more spaces before this number, where a layout may have dropped a blank cell */
  wideGapBefore?: boolean;
}

export interface LabelledRecord {
  /** normalised text of all label parts */
  label: string;
  /** the label after its last ordinal */
  specific: string;
  ordinal: string | null;
  values: ValueToken[];
  page: number | null;
  /** index of the source block, so text around a table can be told apart from it */
  block: number;
  kind: Block['kind'];
  /** for table rows: the cell index where `values` begin, so rows of one table can be aligned by column */
  firstValueColumn?: number;
}

// A run of digits (with decimals and an optional money unit) inside running text.
const NUMBER_RUN = /[+-]?\d+(?:[.,]\d+)*(?:万元|元)?/g;
const ORDINAL_AFTER = /^[.、．][^\d\s]/;

interface Piece {
  text: string;
  isNumber: boolean;
}

/** Full-width digits and points (spec V-10) and Unicode minus signs read as ASCII, so they split like any number. */
function asciiDigits(text: string): string {
  return text
    .replace(/[０-９．]/g, (char) => (char === '．' ? '.' : String.fromCharCode(char.charCodeAt(0) - 0xfee0)))
    .replace(/[−－](?=[\d０-９])/g, '-');
}

/** Splits running text into label text and digit runs; a digit right before "." + text is an ordinal, not a value. */
export function splitRunningText(input: string): Piece[] {
  const text = asciiDigits(input);
  const pieces: Piece[] = [];
  let cursor = 0;
  const pushText = (piece: string) => {
    if (!piece) return;
    const last = pieces.at(-1);
    if (last && !last.isNumber) last.text += piece;
    else pieces.push({ text: piece, isNumber: false });
  };
  for (const match of text.matchAll(NUMBER_RUN)) {
    let run = match[0];
    const start = match.index;
    let end = start + run.length;
    const after = text.slice(end, end + 2);
    let ordinalDigit = '';
    if (/^\d+$/.test(run) && ORDINAL_AFTER.test(after)) {
      ordinalDigit = run.slice(-1);
      run = run.slice(0, -1);
      end -= 1;
    }
    pushText(text.slice(cursor, start));
    if (run) pieces.push({ text: run, isNumber: true });
    cursor = end;
    if (ordinalDigit) {
      pushText(ordinalDigit);
      cursor = end + 1;
    }
  }
  pushText(text.slice(cursor));
  return pieces;
}

function makeRecord(labelText: string, values: ValueToken[], block: Block, index: number): LabelledRecord {
  const label = normalizeLabel(labelText);
  const { label: specific, ordinal } = specificLabel(label);
  return { label, specific, ordinal, values, page: block.page, block: index, kind: block.kind };
}

function gluedToken(text: string): ValueToken {
  const unit = /(万元|元)$/.exec(text)?.[1];
  const raw = text.replace(/(万元|元)$/, '');
  return unit ? { raw, unit } : { raw };
}

function rowRecords(block: Block, index: number): LabelledRecord[] {
  const labelParts: string[] = [];
  let values: ValueToken[] = [];
  let firstValueColumn = 0;
  for (const [column, cell] of block.cells.entries()) {
    const parsed = parseValue(cell);
    if (parsed) {
      values.push({ raw: parsed.raw, parsed });
      continue;
    }
    // A label cell restarts the values: numbers before the last label belong to no row.
    const pieces = splitRunningText(cell);
    values = [];
    firstValueColumn = column + 1;
    for (const piece of pieces) {
      if (piece.isNumber) values.push(gluedToken(piece.text));
      else {
        if (values.length > 0) labelParts.length = 0;
        values = [];
        labelParts.push(piece.text);
      }
    }
  }
  return [{ ...makeRecord(labelParts.join(''), values, block, index), firstValueColumn }];
}

function textRecords(block: Block, index: number): LabelledRecord[] {
  const records: LabelledRecord[] = [];
  let label = '';
  let values: ValueToken[] = [];
  let wideGap = false;
  for (const piece of splitRunningText(block.cells[0] ?? '')) {
    if (piece.isNumber) {
      values.push(wideGap ? { ...gluedToken(piece.text), wideGapBefore: true } : gluedToken(piece.text));
      wideGap = false;
      continue;
    }
    if (!piece.text.trim()) {
      wideGap = /\s{2,}/.test(piece.text);
      continue;
    }
    wideGap = false;
    if (values.length > 0 || label) records.push(makeRecord(label, values, block, index));
    label = piece.text;
    values = [];
  }
  if (values.length > 0 || label) records.push(makeRecord(label, values, block, index));
  return records;
}

export function toRecords(blocks: readonly Block[]): LabelledRecord[] {
  return blocks.flatMap((block, index) => (block.kind === 'row' ? rowRecords(block, index) : textRecords(block, index)));
}
