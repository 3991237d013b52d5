// Public surface of the database layer.
export { openDatabase, DEFAULT_PGLITE_DIR, type DatabaseConfig } from './client.ts';
export { openPglite, wrapPglite } from './pglite-driver.ts';
export { openPostgres } from './postgres-driver.ts';
export { migrate, MIGRATIONS_FOLDER, VIEWS_FILE, type MigrateOptions } from './migrate.ts';
export { redactDatabaseUrl, redactSecrets } from './redact.ts';
export type { CopyValue } from './copy-text.ts';
export type { Database, DatabaseHandle, DriverKind, QueryResult, Queryable, Schema, Transaction } from './handle.ts';
export * as schema from './schema/index.ts';
