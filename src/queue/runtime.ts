import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { migrate, openDatabase, wrapPglite, type DatabaseHandle } from '../db/index.ts';
import { createBlobStore, markInterruptedRuns, type BlobStore } from '../load/index.ts';
import { startBoss } from './boss.ts';

/**
 * What a queue process works on: the warehouse (migrated), the blob store and pg-boss on the same
 * database. With DATABASE_URL every process has its own connections; with the embedded PGlite
 * the process opens the PGlite itself so the warehouse handle and pg-boss share that one instance
 * (a PGlite data directory has exactly one user).
 */
export interface QueueRuntime {
  db: DatabaseHandle;
  blobs: BlobStore;
  boss: PgBoss;
  /** true on the embedded PGlite: every role (scheduler, worker) runs in this one process */
  embedded: boolean;
  /**
   * Stops pg-boss (waiting up to `graceMs` for running handlers; jobs still running after that are
   * failed, i.e. released to be retried) and closes the database.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface OpenRuntimeOptions {
  config: Config;
  logger: Logger;
  /** run cron passes; always on for the embedded database, where no other process can */
  schedule: boolean;
  instanceName?: string;
  /** an already open embedded database to use instead of `config.dataDir` (tests, embedding); closed by `close()` */
  pglite?: PGlite;
}

export async function openQueueRuntime(options: OpenRuntimeOptions): Promise<QueueRuntime> {
  const { config, logger } = options;
  const blobs = createBlobStore(path.join(config.dataDir, 'blobs'));
  let db: DatabaseHandle;
  let pglite: PGlite | undefined;
  if (options.pglite) {
    pglite = options.pglite;
    db = wrapPglite(pglite);
  } else if (config.databaseUrl) {
    // Each running job holds a connection for its run's lock (load/runs.ts) and needs another
    // for its work: room for every queue's jobs at once, plus the nightly's.
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: '', maxConnections: 10 + 4 * config.queueConcurrency });
  } else {
    const dataDir = path.join(config.dataDir, 'pglite');
    await mkdir(dataDir, { recursive: true });
    pglite = await PGlite.create(dataDir);
    db = wrapPglite(pglite);
  }
  let boss: PgBoss;
  try {
    await migrate(db);
    await markInterruptedRuns(db);
    boss = await startBoss({ config, pglite, schedule: options.schedule || !!pglite, logger, instanceName: options.instanceName });
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    db,
    blobs,
    boss,
    embedded: !!pglite,
    close(closeOptions = {}) {
      closed ??= (async () => {
        try {
          await boss.stop({ graceful: true, timeout: closeOptions.graceMs ?? 30_000 });
        } finally {
          await db.close();
        }
      })();
      return closed;
    },
  };
}
