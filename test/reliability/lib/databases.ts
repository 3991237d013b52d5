import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, openPglite, type DatabaseHandle } from '../../../src/db/index.ts';

/**
 * Warehouses the reliability tests hand to the CLI: a file-backed PGlite data dir (the CLI
 * default) or a fresh, empty database on the PostgreSQL server of TEST_DATABASE_URL, dropped
 * afterwards.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshPostgresDatabase(adminUrl: string, prefix = 'gongkai_rel'): Promise<FreshDatabase> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    await admin.end({ timeout: 1 });
    throw error;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end({ timeout: 1 });
      }
    },
  };
}

/** Opens the warehouse a CLI run wrote: PostgreSQL when `databaseUrl` is set, else `<dataDir>/pglite`. */
export function openWarehouseOf(options: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openDatabase({ databaseUrl: options.databaseUrl, dataDir: '' }) : openPglite(`${options.dataDir}/pglite`);
}
