import { once } from 'node:events';
import net from 'node:net';
import type { PgTable } from 'drizzle-orm/pg-core';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { PostgresJsSession } from 'drizzle-orm/postgres-js/session';
import postgres from 'postgres';
import { GongkaiError } from '../domain/errors.ts';
import { asConnectionFailure } from './connection-errors.ts';
import type { CopyValue } from './copy-text.ts';
import { copyTargetSql, type Database, type DatabaseHandle, type QueryResult, type Transaction } from './handle.ts';
import { copyInTransaction } from './postgres-copy.ts';
import { redactDatabaseUrl, redactSecrets } from './redact.ts';
import * as schema from './schema/index.ts';
import { noteConnectionLost } from './lost-connections.ts';

export interface PostgresOptions {
  /** pool size, at least 2 (`withLock` holds one connection while work uses another) @default 10 */
  maxConnections?: number;
}

/**
 * Connects to PostgreSQL and checks the connection at once, so a wrong URL fails here with
 * E_DB (password redacted) rather than at the first load.
 */
export async function openPostgres(databaseUrl: string, options: PostgresOptions = {}): Promise<DatabaseHandle> {
  guardNullSocketWrites();
  const state: ConnectionState = { databaseUrl, lost: false, ending: false };
  let sql: postgres.Sql;
  try {
    sql = postgres(databaseUrl, {
      max: Math.max(2, options.maxConnections ?? 10),
      // Notices ("schema … already exists, skipping") would go to console.log by default.
      onnotice: () => {},
      // a connection the server or network closed, not one this handle ended (src/cli/process-guards.ts)
      onclose: () => {
        if (state.ending) return;
        state.lost = true;
        noteConnectionLost();
      },
      // Same session time zone as PGlite, so timestamps print alike on both drivers.
      connection: { TimeZone: 'UTC', application_name: 'gongkai' },
      // Documented custom-socket hook (README "Custom socket"); missing from the typings.
      ...({ socket: connectWithoutNagle } as object),
    });
  } catch (error) {
    // postgres.js parses the URL here ("Invalid URL" for a bad port, say): a configuration
    // error (exit 2), reported without the URL, which may hold the password.
    throw new GongkaiError('E_CONFIG', `DATABASE_URL is not a valid postgres:// URL (${redactDatabaseUrl(databaseUrl)}): ${redactSecrets((error as Error).message, databaseUrl)}`);
  }
  try {
    await sql`select 1`;
  } catch (error) {
    state.ending = true;
    await sql.end({ timeout: 1 }).catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new GongkaiError('E_DB', `cannot connect to ${redactDatabaseUrl(databaseUrl)}: ${redactSecrets(reason, databaseUrl)}`, {
      retryable: true,
    });
  }
  return new PostgresHandle(sql, state);
}

/** Shared by a handle and its transactions. */
interface ConnectionState {
  /** for redacting messages of a lost connection */
  readonly databaseUrl: string;
  /** a connection was lost: closing need not wait for queries stranded on it */
  lost: boolean;
  /** the handle is being closed: its connections closing now are not lost */
  ending: boolean;
}

/** A lost connection becomes E_DB (see connection-errors.ts) and is remembered. */
function connectionFailure(error: unknown, state: ConnectionState): unknown {
  const mapped = asConnectionFailure(error, state.databaseUrl);
  if (mapped !== error || (error as { code?: unknown } | null)?.code === 'E_DB') state.lost = true;
  return mapped;
}

/**
 * Works around porsager/postgres#1208 (also #1066, #1154; unfixed in 3.4.9, fix proposed in
 * PR #1209): when the server goes away under an open transaction (a restart, a failover,
 * pg_terminate_backend), `sql.begin` sends its own ROLLBACK on the dead connection; postgres.js
 * buffers that write behind a `setImmediate` that then dereferences the connection's nulled
 * socket, and the TypeError, thrown from the immediate, kills the process with a stack trace
 * instead of letting the run fail with E_DB. By then the transaction has already been rejected
 * (CONNECTION_CLOSED / 57P01), so dropping that write loses nothing. Only that exact error is
 * swallowed; any other uncaught exception keeps Node's behaviour (printed, exit code 1) unless
 * another listener (a test runner) handles it. Remove once postgres.js guards `nextWrite`.
 */
let nullSocketGuard = false;
function guardNullSocketWrites(): void {
  if (nullSocketGuard) return;
  nullSocketGuard = true;
  process.on('uncaughtException', (error) => {
    if (isPostgresJsNullSocketWrite(error)) return;
    if (process.listenerCount('uncaughtException') > 1) return;
    process.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

export function isPostgresJsNullSocketWrite(error: unknown): boolean {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  return (
    error instanceof TypeError &&
    /\(reading 'write'\)/.test(error.message) &&
    /\bnextWrite\b/.test(stack) &&
    /[\\/]postgres[\\/](?:cjs[\\/])?src[\\/]connection\.js/.test(stack)
  );
}

/**
 * postgres.js leaves Nagle's algorithm on. COPY sends its data and CopyDone as separate small
 * writes, so every COPY waited for the server's delayed ACK: ~45 ms, twice, per COPY (measured
 * 60-90 ms for a 1-row COPY, under 1 ms with TCP_NODELAY). Only the first host is used.
 */
async function connectWithoutNagle(options: { host: string[]; port: number[]; path?: string }): Promise<net.Socket> {
  const socket = options.path
    ? net.connect(options.path)
    : net.connect({ host: options.host[0], port: options.port[0] ?? 5432, noDelay: true });
  await once(socket, 'connect');
  return socket;
}

type Client = postgres.Sql | postgres.TransactionSql;

class PostgresQueryable implements Transaction {
  readonly kind = 'postgres' as const;
  readonly db: Database;
  readonly #sql: Client;
  protected readonly state: ConnectionState;

  constructor(sql: Client, db: Database, state: ConnectionState) {
    this.#sql = sql;
    this.db = db;
    this.state = state;
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    try {
      const result = await this.#sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return { rows: [...result] as Row[], rowCount: result.count ?? result.length };
    } catch (error) {
      // A lost server is E_DB for the whole run; a refused statement keeps its SQLSTATE.
      throw connectionFailure(error, this.state);
    }
  }

  copyRows<T extends PgTable>(table: T, columns: readonly (keyof T['_']['columns'] & string)[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
  copyRows(table: PgTable | string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number> {
    return copyInTransaction(this.#sql as postgres.TransactionSql, `copy ${copyTargetSql(table, columns)} from stdin`, rows).catch((error: unknown) => {
      throw connectionFailure(error, this.state);
    });
  }
}

class PostgresHandle extends PostgresQueryable implements DatabaseHandle {
  readonly #pool: postgres.Sql;

  constructor(sql: postgres.Sql, state: ConnectionState) {
    // drizzle installs its own parsers/serializers on the client (dates stay strings, json is
    // passed through), so it is built here, before any raw query, to keep raw shapes stable.
    super(sql, drizzle({ client: sql, schema }) as unknown as Database, state);
    this.#pool = sql;
  }

  /** Outside a transaction COPY gets its own: a failed COPY is only detectable inside one. */
  override copyRows(table: PgTable | string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number> {
    return this.transaction((tx) => tx.copyRows(table as string, columns, rows));
  }

  /**
   * drizzle cannot be built over a postgres.js TransactionSql (it has no `options`), so the
   * transaction is drizzle's and raw SQL and COPY go through the session's own connection.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return (this.db as unknown as PostgresJsDatabase<typeof schema>)
      .transaction((dtx) => {
        const session = dtx._.session as unknown as PostgresJsSession<postgres.Sql, typeof schema, never>;
        const connection = session.client as unknown as postgres.TransactionSql;
        return work(new PostgresQueryable(connection, dtx as unknown as Database, this.state));
      })
      .catch((error: unknown) => {
        throw connectionFailure(error, this.state);
      });
  }

  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    // A session lock needs one connection for its whole life; the pool would hand out others.
    const connection = await this.#pool.reserve().catch((error: unknown) => {
      throw connectionFailure(error, this.state);
    });
    try {
      await connection`select pg_advisory_lock(hashtextextended(${name}, 0))`.catch((error: unknown) => {
        throw connectionFailure(error, this.state);
      });
      try {
        return await work();
      } finally {
        // After a lost connection the session, and the lock with it, is likely gone, and a query
        // on its connection may never settle (see guardNullSocketWrites); otherwise an unlock
        // fails only with its session: the work's outcome is what the caller must see.
        if (!this.state.lost) await connection`select pg_advisory_unlock(hashtextextended(${name}, 0))`.catch(() => {});
      }
    } finally {
      connection.release();
    }
  }

  /**
   * Waits up to 5 s for running queries; after a lost connection only 1 s, since postgres.js may
   * have stranded a query (its own ROLLBACK, see guardNullSocketWrites) that never settles.
   */
  close(): Promise<void> {
    this.state.ending = true;
    return this.#pool.end({ timeout: this.state.lost ? 1 : 5 });
  }
}
