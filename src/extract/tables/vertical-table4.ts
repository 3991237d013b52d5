import { T4_COLUMNS } from '../../domain/vocabulary.ts';
import type { Block } from '../model.ts';
import { normalizeLabel, stripOrdinals } from './labels.ts';
import { readRow } from './table-rows.ts';

/**
 * Table 4 printed vertically (spec V-21): one row per item — 行政复议 / 行政诉讼 (未经复议直接起诉,
 * 复议后起诉) down the first columns, 结果维持 … 总计 next to them, one value each — instead of
 * one row of 15 values under three header rows. Such a table becomes the template's single row
 * of 15 values in printed order, which table4.ts reads like any other.
 *
 * Rows are named by their labels, never by position: a group label (merged down in the source,
 * so printed only on its first row) holds until the next one. The table qualifies only when all
 * 15 items are named once each and every row holds at most one value.
 */

/** Group of a row from its label text; the sub-groups first, since their names contain 复议. */
const GROUPS: readonly { pattern: RegExp; group: string }[] = [
  { pattern: /未经复议|直接起诉/, group: 'litigation.direct' },
  { pattern: /复议后起诉/, group: 'litigation.after_review' },
  { pattern: /行政复议/, group: 'review' },
  { pattern: /行政诉讼/, group: 'litigation' },
];

/** Leaf labels (结果维持 … 总计) by leaf key, read off the review columns of the vocabulary. */
const REVIEW = 'review.';
const REVIEW_LABEL = '行政复议';
const LEAVES = T4_COLUMNS.filter((column) => column.key.startsWith(REVIEW)).map((column) => ({
  leaf: column.key.slice(REVIEW.length),
  label: normalizeLabel(column.labels[0]!.slice(REVIEW_LABEL.length)),
}));

/** Share of the value rows that must name a Table 4 item. */
const MAJORITY = 0.8;

function groupIn(text: string): string | undefined {
  return GROUPS.find(({ pattern }) => pattern.test(text))?.group;
}

function leafOf(label: string): string | undefined {
  const text = stripOrdinals(normalizeLabel(label));
  return LEAVES.find(({ label: leaf }) => text.endsWith(leaf))?.leaf;
}

/** The vertical Table 4 as a header row and the 15 values in template order, or undefined when the table is not one. */
export function verticalTable4(blocks: readonly Block[]): Block[] | undefined {
  const rows = blocks.map(readRow);
  if (rows.some((row) => row.values.length > 1)) return undefined;
  const values = new Map<string, string>();
  let group: string | undefined;
  let valueRows = 0;
  let named = 0;
  for (const row of rows) {
    const text = normalizeLabel(row.labels.join(''));
    const stated = groupIn(text);
    // 行政诉讼 alone names no sub-group: keep the one stated with it, or wait for the next.
    if (stated) group = stated;
    if (row.values.length === 0) continue;
    valueRows++;
    const leaf = row.labels.length ? leafOf(row.labels.at(-1)!) : undefined;
    if (!leaf || !group || group === 'litigation') continue;
    const key = `${group}.${leaf}`;
    if (values.has(key)) return undefined;
    values.set(key, row.values[0]!);
    named++;
  }
  if (values.size !== T4_COLUMNS.length || named < MAJORITY * valueRows) return undefined;
  const { page, table } = blocks[0]!;
  return [
    { kind: 'row', cells: ['行政复议', '行政诉讼'], page, table },
    { kind: 'row', cells: T4_COLUMNS.map((column) => values.get(column.key)!), page, table },
  ];
}
