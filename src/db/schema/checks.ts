import { boolean, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
/**
 * Validation results (spec §6 rule ids) of one report, failing ones included. Like `cells`,
 * no foreign key to `reports`, so the loader's COPY stays fast.
 */
export const checks = pgTable(
  'checks',
  {
    reportId: integer('report_id').notNull(),
    rule: text('rule').notNull(),
    scope: text('scope').notNull(),
    ok: boolean('ok').notNull(),
    detail: text('detail').notNull(),
  },
  (table) => [primaryKey({ name: 'checks_pk', columns: [table.reportId, table.rule, table.scope] })],
);

export type CheckRow = typeof checks.$inferSelect;
