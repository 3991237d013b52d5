import { integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The validation checks (spec §6 rule ids) a report fails, with the arithmetic that does not
 * add up. The checks it passes are listed on the report (`reports.passed_checks`): a passing
 * check says nothing its cells do not, and writing ~40 rows per report for them cost a tenth
 * of a load (bench/load.ts).
 *
 * Like `cells`, written by COPY only, with no foreign key and no primary key: (report_id, rule,
 * scope) is unique by construction (load/result-shape.ts rejects a repeated check). No index at
 * all: nothing looks checks up by report while loading (reports.failing_check_count answers
 * "how many fail"), and the views read them whole (v_qa_flags), where a hash join beats any index.
 */
export const checks = pgTable('checks', {
  reportId: integer('report_id').notNull(),
  rule: text('rule').notNull(),
  scope: text('scope').notNull(),
  detail: text('detail').notNull(),
});

export type CheckRow = typeof checks.$inferSelect;
