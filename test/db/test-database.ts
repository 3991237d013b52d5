import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { MIGRATIONS_FOLDER, migrate, openDatabase, openPglite, wrapPglite, type DatabaseHandle } from '../../src/db/index.ts';

/**
 * The DB suite runs on real PostgreSQL when TEST_DATABASE_URL is set (each test file gets its
 * own throw-away database, so files run in parallel and leave nothing behind) and on
 * in-memory PGlite otherwise (restored from a migrated snapshot cached in the temp dir, since
 * initdb + migrate costs seconds).
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const driverName = TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Empties every warehouse table, so each test starts from a migrated, empty warehouse. */
  reset(): Promise<void>;
  /** A second, independent connection to the same database (PostgreSQL); PGlite shares its one. */
  openAnother(): Promise<DatabaseHandle>;
  /** A new database with no tables at all, and a way to drop it. */
  openEmpty(): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }>;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  return TEST_DATABASE_URL ? createPostgresDatabase(TEST_DATABASE_URL) : createPgliteDatabase();
}

async function createPostgresDatabase(adminUrl: string): Promise<TestDatabase> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const created: string[] = [];
  const create = async () => {
    const name = `gongkai_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin.unsafe(`create database "${name}"`);
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return { name, url: url.toString() };
  };
  const drop = (name: string) => admin.unsafe(`drop database if exists "${name}" with (force)`);

  const main = await create();
  const handle = await openDatabase({ databaseUrl: main.url, dataDir: '' });
  try {
    await migrate(handle);
  } catch (error) {
    // The caller never gets a handle to close, so clean up here.
    await handle.close();
    await drop(main.name);
    await admin.end();
    throw error;
  }
  const others: DatabaseHandle[] = [];
  return {
    handle,
    reset: () => truncateAll(handle),
    async openAnother() {
      const other = await openDatabase({ databaseUrl: main.url, dataDir: '' });
      others.push(other);
      return other;
    },
    async openEmpty() {
      const empty = await create();
      const emptyHandle = await openDatabase({ databaseUrl: empty.url, dataDir: '' });
      return {
        handle: emptyHandle,
        async drop() {
          await emptyHandle.close();
          await drop(empty.name);
        },
      };
    },
    async close() {
      for (const other of others) await other.close();
      await handle.close();
      for (const name of created) await drop(name);
      await admin.end();
    },
  };
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const handle = await openPglite('memory://', { loadDataDir: await migratedSnapshot() });
  return {
    handle,
    reset: () => truncateAll(handle),
    openAnother: async () => handle,
    async openEmpty() {
      const empty = await openPglite('memory://', { loadDataDir: await emptySnapshot() });
      return { handle: empty, drop: () => empty.close() };
    },
    close: () => handle.close(),
  };
}

/** Every table of the public schema, so tables added by later migrations are emptied too. */
async function truncateAll(handle: DatabaseHandle): Promise<void> {
  const { rows } = await handle.query<{ name: string }>(`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`);
  if (rows.length > 0) await handle.query(`truncate ${rows.map((row) => row.name).join(', ')} restart identity cascade`);
}

/**
 * PGlite data dirs cached as gzipped tarballs in the temp dir: initdb alone takes seconds,
 * restoring a snapshot a few hundred milliseconds. Keys cover the PGlite version and, for the
 * migrated one, every migration file, so a stale snapshot is never used.
 */
async function cachedSnapshot(name: string, keyParts: Uint8Array[], build: () => Promise<Blob>): Promise<Blob> {
  const hash = createHash('sha256');
  for (const part of keyParts) hash.update(part);
  const file = path.join(os.tmpdir(), `gongkai-pglite-${name}-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const snapshot = await build();
    // Parallel test files may build the same snapshot: write aside, then rename atomically.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, new Uint8Array(await snapshot.arrayBuffer()));
    await rename(temp, file);
    return snapshot;
  }
}

async function pgliteVersion(): Promise<Uint8Array> {
  return readFile(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url));
}

async function dumpAfter(loadDataDir: Blob | undefined, prepare: (handle: DatabaseHandle) => Promise<void>): Promise<Blob> {
  const pglite = await PGlite.create('memory://', { loadDataDir });
  await prepare(wrapPglite(pglite));
  const dump = await pglite.dumpDataDir('gzip');
  await pglite.close();
  return dump;
}

function emptySnapshot(): Promise<Blob> {
  return pgliteVersion().then((version) => cachedSnapshot('empty', [version], () => dumpAfter(undefined, async () => {})));
}

async function migratedSnapshot(): Promise<Blob> {
  const parts = [await pgliteVersion()];
  const files = (await readdir(MIGRATIONS_FOLDER, { recursive: true })).filter((name) => /\.(sql|json)$/.test(name)).sort();
  for (const file of files) parts.push(new TextEncoder().encode(file), await readFile(path.join(MIGRATIONS_FOLDER, file)));
  return cachedSnapshot('migrated', parts, async () => dumpAfter(await emptySnapshot(), (handle) => migrate(handle)));
}
