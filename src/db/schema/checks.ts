import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The validation checks (spec §6 rule ids) a report fails, with the arithmetic that does not
 * add up. The checks it passes are a list the report names (`passed_check_lists`): a passing
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

/**
 * The lists of checks reports pass, each stored once under the md5 of its text and named by
 * `reports.passed_check_list`. `checks` holds `rule:scope` entries (`T3-01:outcome.granted`)
 * separated by spaces; plain text because COPY reads it at a fraction of a text[]'s cost. Most
 * reports pass the same checks as many others, and a list is ~1.3 KB: as a column of every
 * report it was half the cost of writing a report row (bench/load.ts).
 */
export const passedCheckLists = pgTable(
  'passed_check_lists',
  {
    key: text('key').primaryKey(),
    checks: text('checks').notNull(),
  },
  (table) => [check('passed_check_lists_key_md5', sql`${table.key} = md5(${table.checks})`)],
);
