import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { PgTable } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { copyTextChunks, type CopyValue } from './copy-text.ts';
import { copyTargetSql, type Database, type DatabaseHandle, type QueryResult, type Transaction } from './handle.ts';
import * as schema from './schema/index.ts';

const asText = (value: string) => value;
/** Match postgres.js's raw shapes (see QueryResult): int8 and dates stay strings. */
const RAW_PARSERS = { 20: asText, 1082: asText, 1083: asText, 1114: asText, 1184: asText };

/**
 * Opens a file-backed PGlite in `dataDir` (created if missing), or an in-memory one for
 * `memory://`. `loadDataDir` restores a `dumpDataDir()` snapshot instead of running initdb,
 * which is ~10× faster (tests use it).
 */
export async function openPglite(dataDir: string, options: { loadDataDir?: Blob } = {}): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  return new PgliteHandle(await PGlite.create(dataDir, { loadDataDir: options.loadDataDir }));
}

/** A handle over an existing PGlite instance; closing the handle closes the instance. */
export function wrapPglite(client: PGlite): DatabaseHandle {
  return new PgliteHandle(client);
}

class PgliteQueryable implements Transaction {
  readonly kind = 'pglite' as const;
  readonly #client: PGlite | PgliteTransaction;
  #db: Database | undefined;

  constructor(client: PGlite | PgliteTransaction) {
    this.#client = client;
  }

  /** Built on first use: most transactions only run raw SQL. */
  get db(): Database {
    // A PGlite transaction answers the query calls drizzle's session makes.
    this.#db ??= drizzle({ client: this.#client as PGlite, schema }) as unknown as Database;
    return this.#db;
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    const result = await this.#client.query<Row>(text, [...params], { parsers: RAW_PARSERS });
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  copyRows<T extends PgTable>(table: T, columns: readonly (keyof T['_']['columns'] & string)[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
  async copyRows(table: PgTable | string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>) {
    const parts = [...copyTextChunks(rows)];
    if (parts.length === 0) return 0;
    // PGlite reads COPY input only from its virtual /dev/blob; `COPY … FROM STDIN` hangs forever.
    const result = await this.#client.query(`copy ${copyTargetSql(table, columns)} from '/dev/blob'`, [], {
      blob: new Blob(parts),
    });
    return result.affectedRows ?? 0;
  }
}

class PgliteHandle extends PgliteQueryable implements DatabaseHandle {
  readonly #pglite: PGlite;

  constructor(client: PGlite) {
    super(client);
    this.#pglite = client;
  }

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.#pglite.transaction((tx) => work(new PgliteQueryable(tx)));
  }

  /** A PGlite data directory has exactly one user, this process: nothing to exclude. */
  withLock<T>(_name: string, work: () => Promise<T>): Promise<T> {
    return work();
  }

  close(): Promise<void> {
    return this.#pglite.close();
  }
}
