import { bestLabelScore, normalizeLabel } from './labels.ts';
import type { LabelledRecord } from './records.ts';

/**
 * Aligns records to a template's rows in order (a monotone alignment, like a diff). Rows
 * are found by label; a record whose label was lost (a PDF→Markdown conversion, spec V-11)
 * takes the template row its position implies; stray records and missing rows are skipped.
 */
export interface RowSpec {
  /** null for a group header that carries no data (三、本年度办理结果, （三）不予公开 …) */
  key: string | null;
  labels: readonly string[];
  ordinal?: string;
  cellCount: number;
}

export interface Alignment {
  row: number;
  record: number;
}

const COST = {
  unlabeledMatch: 0.6,
  labelMismatch: 4,
  noValues: 3,
  fewValues: 1.5,
  skipValueRecord: 1,
  skipLabelledRecord: 1.2,
  skipLabelOnlyRecord: 0.1,
  skipRow: 1,
} as const;

function valueCount(record: LabelledRecord): number {
  return record.values.length;
}

function matchCost(record: LabelledRecord, spec: RowSpec): number {
  let cost: number;
  if (!record.specific) cost = COST.unlabeledMatch;
  else {
    const score = bestLabelScore(record.specific, spec.labels);
    if (score >= 0.8) cost = (1 - score) * 0.5;
    else if (score >= 0.5) cost = 1.3 - score;
    else cost = COST.labelMismatch;
    if (spec.ordinal && record.ordinal) cost += normalizeLabel(spec.ordinal) === record.ordinal ? -0.1 : 0.3;
  }
  if (spec.key === null) return cost;
  const count = valueCount(record);
  if (count === 0) cost += COST.noValues;
  else if (record.values.every((token) => token.parsed) && count < spec.cellCount / 2) cost += COST.fewValues;
  else if (record.values.every((token) => !token.parsed) && record.values.map((t) => t.raw).join('').length < spec.cellCount / 2) {
    cost += COST.fewValues;
  }
  return cost;
}

function skipRecordCost(record: LabelledRecord): number {
  if (valueCount(record) === 0) return COST.skipLabelOnlyRecord;
  return record.specific ? COST.skipLabelledRecord : COST.skipValueRecord;
}

/**
 * Records after this many are left unaligned, so the O(records × rows) cost has a ceiling (fuzzed
 * Table 3 regions ran to 10^5 records). Real Table 3 regions hold at most ~200 records (the region
 * runs to Table 4, or to the end of the document when Table 4 is missing).
 */
const MAX_RECORDS = 20_000;

export function alignRows(records: readonly LabelledRecord[], rows: readonly RowSpec[]): Alignment[] {
  const n = Math.min(records.length, MAX_RECORDS);
  const m = rows.length;
  // cost[i][j]: best cost of aligning records[i..] with rows[j..]
  const cost = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const move = Array.from({ length: n + 1 }, () => new Uint8Array(m + 1));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      let best = Infinity;
      let choice = 0;
      if (i < n && j < m) {
        const c = matchCost(records[i]!, rows[j]!) + cost[i + 1]![j + 1]!;
        if (c < best) [best, choice] = [c, 1];
      }
      if (j < m) {
        const c = (rows[j]!.key === null ? 0 : COST.skipRow) + cost[i]![j + 1]!;
        if (c < best) [best, choice] = [c, 2];
      }
      if (i < n) {
        const c = skipRecordCost(records[i]!) + cost[i + 1]![j]!;
        if (c < best) [best, choice] = [c, 3];
      }
      cost[i]![j] = best;
      move[i]![j] = choice;
    }
  }
  const result: Alignment[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const choice = move[i]![j];
    if (choice === 1) {
      if (rows[j]!.key !== null) result.push({ row: j, record: i });
      i++;
      j++;
    } else if (choice === 2) j++;
    else i++;
  }
  return result;
}
