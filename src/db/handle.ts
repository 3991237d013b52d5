import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { CopyValue } from './copy-text.ts';
import type * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** drizzle over either driver; both drivers' databases are assignable to it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type DriverKind = 'pglite' | 'postgres';

/**
 * Raw rows are shaped the same on both drivers: int2/int4/float8 and booleans as JS numbers and
 * booleans, json/jsonb parsed, and int8, numeric, dates and timestamps as the strings PostgreSQL
 * prints (drizzle forces strings for dates on postgres.js; int8 and numeric would lose
 * precision as numbers). `rowCount` is the number of rows a write affected (or returned).
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  readonly db: Database;
  readonly kind: DriverKind;
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * Bulk insert through COPY (≈20× drizzle's insert on postgres.js, ≈2.5× on PGlite). Values are
   * encoded by `copy-text.ts`; no ON CONFLICT, so callers make sure rows are new. Returns the row count.
   */
  copyRows<T extends PgTable>(
    table: T,
    columns: readonly (keyof T['_']['columns'] & string)[],
    rows: Iterable<readonly CopyValue[]>,
  ): Promise<number>;
  /** Same, into a table named in SQL (`name` or `schema.name`) with SQL column names. */
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
}

export type Transaction = Queryable;

export interface DatabaseHandle extends Queryable {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding a database-wide lock named `name` (a session advisory lock on
   * PostgreSQL), so two processes never run it at once, e.g. two `migrate` calls.
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `"schema"."table" ("col", …)` for a COPY statement. */
export function copyTargetSql(table: PgTable | string, columns: readonly string[]): string {
  if (typeof table === 'string') return `${quoteQualified(table)} (${columns.map(quoteIdent).join(', ')})`;
  const byKey = getTableColumns(table);
  const names = columns.map((key) => {
    const column = byKey[key];
    if (!column) throw new Error(`table ${getTableName(table)} has no column ${key}`);
    return quoteIdent(column.name);
  });
  const { schema: schemaName, name } = getTableConfig(table);
  const qualified = schemaName ? `${quoteIdent(schemaName)}.${quoteIdent(name)}` : quoteIdent(name);
  return `${qualified} (${names.join(', ')})`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteQualified(name: string): string {
  return name.split('.').map(quoteIdent).join('.');
}
