import { sql } from 'drizzle-orm';
import { integer, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { reports } from './reports.ts';

/**
 * One printed table cell of one report. `key` is `<table>:<row>:<col>` (shared/spec/cells.tsv);
 * its parts are generated columns so they can never disagree with it and the loader's COPY
 * stays narrow. `value` is exactly what the report prints (numeric keeps 万元 decimals).
 */
export const cells = pgTable(
  'cells',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    tableKey: text('table_key').generatedAlwaysAs(sql`split_part("key", ':', 1)`),
    rowKey: text('row_key').generatedAlwaysAs(sql`split_part("key", ':', 2)`),
    colKey: text('col_key').generatedAlwaysAs(sql`split_part("key", ':', 3)`),
    value: numeric('value'),
    raw: text('raw').notNull(),
    page: integer('page'),
    nullReason: text('null_reason'),
    unit: text('unit'),
  },
  (table) => [primaryKey({ name: 'cells_pk', columns: [table.reportId, table.key] })],
);

export type CellRow = typeof cells.$inferSelect;
