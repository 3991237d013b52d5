import { sql } from 'drizzle-orm';
import { customType, integer, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Cell keys are ASCII identifiers: byte order ("C") compares fastest and lets the loader sort
 * a report's cells so the primary-key index only ever appends (2-3× faster COPY).
 */
const keyText = customType<{ data: string }>({ dataType: () => 'text collate "C"' });

/**
 * One printed table cell of one report. `key` is `<table>:<row>:<col>` (shared/spec/cells.tsv);
 * its parts are generated columns so they can never disagree with it and the loader's COPY
 * stays narrow. `value` is exactly what the report prints (numeric keeps 万元 decimals).
 *
 * No foreign key to `reports`: its per-row check (a locking lookup) made COPY ~6× slower. The
 * loader writes a report and its cells in one transaction, and reports are never deleted.
 */
export const cells = pgTable(
  'cells',
  {
    reportId: integer('report_id').notNull(),
    key: keyText('key').notNull(),
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
