import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const RUN_STATUSES = ['running', 'ok', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One invocation of a pipeline command (load, crawl, nightly …), for `gongkai status`. */
export const runs = pgTable(
  'runs',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    command: text('command').notNull(),
    args: jsonb('args'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    status: text('status').$type<RunStatus>().notNull().default('running'),
    counts: jsonb('counts').$type<Record<string, number>>(),
    errors: jsonb('errors').$type<unknown[]>(),
  },
  (table) => [
    index('runs_started_at_idx').on(table.startedAt),
    check('runs_status_check', sql`${table.status} in ('running', 'ok', 'failed')`),
  ],
);

export type RunRow = typeof runs.$inferSelect;
