import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Publishing agencies, one row per canonical name. Level, type and region (spec §9.4) are
 * added by later migrations as nullable columns, so rows loaded before then stay valid.
 */
export const agencies = pgTable('agencies', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull().unique('agencies_name_uq'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type AgencyRow = typeof agencies.$inferSelect;
