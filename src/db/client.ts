import { openPglite } from './pglite-driver.ts';
import { openPostgres } from './postgres-driver.ts';
import type { DatabaseHandle } from './handle.ts';

export interface DatabaseConfig {
  /** postgres:// URL; when absent the warehouse is an embedded PGlite in `dataDir` */
  databaseUrl?: string;
  /** PGlite data directory, or `memory://` @default './data/pglite' (applied by config) */
  dataDir: string;
  /** PostgreSQL pool size (see PostgresOptions) */
  maxConnections?: number;
}

export const DEFAULT_PGLITE_DIR = './data/pglite';

/**
 * The one way to reach the warehouse. PostgreSQL when a URL is configured (production,
 * concurrent workers), otherwise PGlite, so `gongkai load` works on a laptop with no server.
 */
export function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, { maxConnections: config.maxConnections }) : openPglite(config.dataDir || DEFAULT_PGLITE_DIR);
}
