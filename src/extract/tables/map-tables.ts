import type { CanonicalCell } from '../../domain/types.ts';
import type { TableTemplate } from '../../domain/vocabulary.ts';
import type { Block } from '../model.ts';
import { bestLabelScore } from './labels.ts';
import { orientTables } from './orientation.ts';
import { toRecords, type LabelledRecord } from './records.ts';
import { mapTable2 } from './table2.ts';
import { mapTable3 } from './table3.ts';
import { mapTable4 } from './table4.ts';

/**
 * The one mapper: document blocks → canonical cells. Every format adapter (text, Markdown,
 * HTML, PDF) feeds it blocks; only this folder knows labels and keys.
 */

interface Regions {
  t2: [number, number];
  t3: [number, number];
  t4: [number, number];
}

/** Enough numbers for a Table 3 row: several cells, or one glued run of at least seven digits. */
function looksLikeMatrixRow(record: LabelledRecord): boolean {
  if (record.values.length >= 3) return true;
  const gluedDigits = record.values.filter((token) => !token.parsed).map((token) => token.raw.replace(/\D/g, '')).join('');
  return gluedDigits.length >= 7;
}

function findRegions(records: readonly LabelledRecord[]): Regions {
  // Labels cut by a page-width wrap ("一、本年新收政府信息公") still start the table.
  const t3Start = records.findIndex(
    (record) => looksLikeMatrixRow(record) && bestLabelScore(record.specific, ['本年新收政府信息公开申请数量']) >= 0.55,
  );
  const end = records.length;
  const t3From = t3Start < 0 ? end : t3Start;
  let t4Start = records.findIndex(
    (record, i) => i > t3From && (record.label.includes('行政复议') || record.label.includes('行政诉讼')),
  );
  if (t4Start < 0) t4Start = end;
  let t4End = records.findIndex(
    (record, i) => i > t4Start && /^五、|存在的主要问题|主要问题及改进/.test(record.label),
  );
  if (t4End < 0) t4End = end;
  let t2Start = records.findIndex((record, i) => i < t3From && record.label.includes('第二十条'));
  if (t2Start < 0) t2Start = records.findIndex((record, i) => i < t3From && record.label.includes('主动公开政府信息情况'));
  if (t2Start < 0) t2Start = t3From;
  return { t2: [t2Start, t3From], t3: [t3From, t4Start], t4: [t4Start, t4End] };
}

/** Numbers the narrative states outside the tables: evidence for resolving glued cells (spec X-01). */
function proseNumbers(records: readonly LabelledRecord[], regions: Regions): Set<number> {
  const numbers = new Set<number>();
  const inTables = (i: number) => i >= regions.t2[0] && i < regions.t4[1];
  records.forEach((record, i) => {
    if (inTables(i) || record.kind !== 'text') return;
    for (const token of record.values) {
      const value = Number(token.raw.replace(/,/g, ''));
      if (Number.isFinite(value)) numbers.add(value);
    }
  });
  return numbers;
}

/** Whether Table 3's header (the records just before its first row) has a 小计 column. */
function hasOrgSubtotalColumn(records: readonly LabelledRecord[], t3Start: number): boolean {
  return records.slice(Math.max(0, t3Start - 8), t3Start).some((record) => record.label.includes('小计'));
}

export function mapTables(blocks: readonly Block[], template: TableTemplate): CanonicalCell[] {
  const records = toRecords(orientTables(blocks, template));
  const regions = findRegions(records);
  const slice = ([from, to]: [number, number]) => records.slice(from, to);
  return [
    ...mapTable2(slice(regions.t2), template, proseNumbers(records, regions)),
    ...mapTable3(slice(regions.t3), template, hasOrgSubtotalColumn(records, regions.t3[0])),
    ...mapTable4(slice(regions.t4)),
  ];
}
