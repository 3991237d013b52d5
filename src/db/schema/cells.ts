import { customType, index, integer, numeric, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Cell keys are ASCII identifiers: byte order ("C") compares fastest, and the loader writes a
 * report's cells in key order.
 */
const keyText = customType<{ data: string }>({ dataType: () => 'text collate "C"' });

/**
 * One printed table cell of one report. `key` is `<table>:<row>:<col>` (shared/spec/cells.tsv);
 * the analysis views split it into table, row and column (v_fact_cell). `value` is exactly what
 * the report prints (numeric keeps 万元 decimals).
 *
 * Built for bulk COPY, which is most of a load's work (bench/load.ts):
 * - no foreign key to `reports`: its per-row check (a locking lookup) made COPY ~6× slower; the
 *   loader writes a report and its cells in one transaction, and reports are never deleted;
 * - no primary key and no generated key parts: a (report_id, key) btree and three stored
 *   `split_part` columns made COPY 2.5× (PostgreSQL) to 4× (PGlite) slower than the rows alone.
 *   (report_id, key) is unique by construction: the loader rejects an extraction that repeats a
 *   key (load/result-shape.ts) and writes cells only for report ids it has just drawn;
 * - lookups by report go through a BRIN index: report ids only grow and a report's cells are
 *   written together, so every range of 4 pages covers a narrow band of report ids, and the
 *   index costs little to maintain. New ranges are summarised by the loader after each load
 *   (warehouse/identity-store.ts); unsummarised ranges would be read by every lookup.
 */
export const cells = pgTable(
  'cells',
  {
    reportId: integer('report_id').notNull(),
    key: keyText('key').notNull(),
    value: numeric('value'),
    raw: text('raw').notNull(),
    page: integer('page'),
    nullReason: text('null_reason'),
    unit: text('unit'),
  },
  (table) => [index('cells_report_brin').using('brin', table.reportId).with({ pages_per_range: 4 })],
);

export type CellRow = typeof cells.$inferSelect;
