import { fileURLToPath } from 'node:url';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { DatabaseHandle, Schema } from './handle.ts';

/** The repository's `migrations/` folder, wherever the process was started from. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface MigrateOptions {
  /** @default MIGRATIONS_FOLDER */
  migrationsFolder?: string;
}

/**
 * Applies pending drizzle-kit migrations (tracked in drizzle.__drizzle_migrations); a no-op
 * when all are applied. Serialised by a lock because two migrators racing would both try to
 * create the tables.
 */
export async function migrate(handle: DatabaseHandle, options: MigrateOptions = {}): Promise<void> {
  const config = { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_FOLDER };
  await handle.withLock('gongkai:migrate', () =>
    handle.kind === 'pglite'
      ? migratePglite(handle.db as unknown as PgliteDatabase<Schema>, config)
      : migratePostgres(handle.db as unknown as PostgresJsDatabase<Schema>, config),
  );
}
