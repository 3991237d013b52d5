import path from 'node:path';
import type { Config } from '../config/config.ts';
import { migrate, openDatabase, type DatabaseHandle } from '../db/index.ts';
import { createBlobStore, markInterruptedRuns, type BlobStore } from '../load/index.ts';

/** The warehouse a command works on: the database (migrated) and the blob store, both from config. */
export interface Warehouse {
  db: DatabaseHandle;
  blobs: BlobStore;
  close(): Promise<void>;
}

export async function openWarehouse(config: Config, options: { migrate?: boolean } = {}): Promise<Warehouse> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
  try {
    if (options.migrate ?? true) await migrate(db);
    // runs a killed process left `running` are ended (load/runs.ts tells them from live ones)
    await markInterruptedRuns(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, blobs: createBlobStore(path.join(config.dataDir, 'blobs')), close: () => db.close() };
}

/** Runs `work` against the warehouse and always closes it. */
export async function withWarehouse<T>(config: Config, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(config);
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}
