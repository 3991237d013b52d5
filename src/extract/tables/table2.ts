import type { CanonicalCell } from '../../domain/types.ts';
import { T2_BLOCKS, t2Key, type T2Column, type TableTemplate } from '../../domain/vocabulary.ts';
import { normalizeLabel } from './labels.ts';
import type { LabelledRecord } from './records.ts';
import { balance, candidateRows, type Slot } from './split.ts';
import { slotToCell } from './cells.ts';

/**
 * Table 2 is a stack of small blocks (第二十条第（X）项), each a header row and one or two
 * labelled rows. Rows are found by the label that ends the record; the block's columns
 * come from the template.
 */

/** Typical value of a central-procurement project in 元 (log10), used only to choose among glued splits. */
const PROCUREMENT_PROJECT_LOG10_YUAN = 5.5;

/**
 * Prior plausibility of a glued split. Numbers the narrative repeats are strong evidence
 * (spec X-01); 本年增/减 is most often 0; cells of one row tend to share a magnitude.
 */
function plausibility(row: readonly Slot[], columns: readonly T2Column[], proseNumbers: ReadonlySet<number>): number {
  let score = 0;
  const magnitudes: Slot[] = [];
  row.forEach((slot, i) => {
    const column = columns[i]!;
    // Only distinctive numbers count: small ones occur in any narrative.
    if (slot.value !== null && slot.value >= 100 && proseNumbers.has(slot.value)) score += 2;
    if (column.kind === 'signed') {
      if (slot.value === 0) score += 1.5;
    } else if (column.kind === 'count') magnitudes.push(slot);
  });
  const projects = row.findIndex((_, i) => columns[i]!.key === 'projects');
  const amount = row.findIndex((_, i) => columns[i]!.key === 'amount');
  if (projects >= 0 && amount >= 0) {
    const count = row[projects]!.value ?? 0;
    const slot = row[amount]!;
    const yuan = (slot.value ?? 0) * (slot.unit === '万元' ? 10_000 : 1);
    if (count > 0 && yuan > 0) score -= Math.abs(Math.log10(yuan / count) - PROCUREMENT_PROJECT_LOG10_YUAN);
  } else if (magnitudes.length > 1) score += 0.5 * balance(magnitudes);
  return score;
}

/** A number printed with its sign (+2, −3) is an increase or decrease: only 本年增/减 columns hold one. */
const isSigned = (slot: Slot) => /^[+\-−－]/.test(slot.raw.trim()) || (slot.value ?? 0) < 0;
const signsFit = (row: readonly Slot[], columns: readonly T2Column[]) => row.every((slot, i) => !isSigned(slot) || columns[i]!.kind === 'signed');

/**
 * Readings whose signed numbers fall in signed columns. When a loose text line has fewer numbers
 * than cells, cutting a number in two (56 → 5|6) can push a signed one out of its column; the
 * numbers read whole from the left, the cells after them not printed, are then the reading.
 */
function signedInPlace(options: Slot[][], tokens: LabelledRecord['values'], columns: readonly T2Column[]): Slot[][] {
  if (options.every((row) => signsFit(row, columns))) return options;
  const fitting = options.filter((row) => signsFit(row, columns));
  if (fitting.length) return fitting;
  if (tokens.length >= columns.length || !tokens.some((token) => /^[+\-−－]/.test(token.raw))) return options;
  const whole = tokens.map((token): Slot => token.parsed ?? { value: Number(token.raw.replace(/[−－]/, '-').replace(/,/g, '')), raw: token.raw });
  while (whole.length < columns.length) whole.push({ value: null, raw: '', nullReason: 'not_printed', missing: true });
  return whole.every((slot) => slot.value === null || Number.isFinite(slot.value)) && signsFit(whole, columns) ? [whole] : options;
}

export function mapTable2(records: readonly LabelledRecord[], template: TableTemplate, proseNumbers: ReadonlySet<number>): CanonicalCell[] {
  const cells: CanonicalCell[] = [];
  // Blocks are looked up independently: conversions reorder them (Markdown from PDF puts a ruled block last).
  for (const block of T2_BLOCKS[template]) {
    for (const row of block.rows) {
      const labels = row.labels.map(normalizeLabel);
      const record = records.find(
        (candidate) => candidate.values.length > 0 && labels.some((label) => candidate.label.endsWith(label)),
      );
      if (!record) continue;
      const options = signedInPlace(candidateRows(record.values, block.columns.length), record.values, block.columns);
      const best = [...options].sort(
        (a, b) => plausibility(b, block.columns, proseNumbers) - plausibility(a, block.columns, proseNumbers),
      )[0];
      if (!best) continue;
      best.forEach((slot, col) => {
        const cell = slotToCell(t2Key(block.key, row.key, block.columns[col]!.key), slot, record.page);
        if (cell) cells.push(cell);
      });
    }
  }
  return cells;
}
