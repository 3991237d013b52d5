import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { asConnectionFailure, connectionErrorOf } from '../../src/db/connection-errors.ts';
import { isPostgresJsNullSocketWrite } from '../../src/db/postgres-driver.ts';
import { freshPostgresDatabase, TEST_DATABASE_URL } from './lib/databases.ts';

/**
 * Losing the database is E_DB for the whole run, never a per-document failure and never an
 * E_INTERNAL stack trace: see src/db/connection-errors.ts and the driver's guard for
 * porsager/postgres#1208.
 */
const run = promisify(execFile);
const URL_WITH_PASSWORD = 'postgres://gk:Pa55w0rd@db.example:5432/gongkai';

describe('connection failures', () => {
  it('maps lost-connection codes (also inside drizzle’s wrapper) to E_DB and leaves statement errors alone', () => {
    const lost = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(asConnectionFailure(lost, URL_WITH_PASSWORD)).toMatchObject({ code: 'E_DB', retryable: true });
    const wrapped = Object.assign(new Error('Failed query: update crawl_urls set …\nparams: …'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) });
    expect(connectionErrorOf(wrapped)?.message).toBe('connect ECONNREFUSED 127.0.0.1:5432');
    const mapped = asConnectionFailure(wrapped, URL_WITH_PASSWORD) as Error;
    expect(mapped).toMatchObject({ code: 'E_DB' });
    expect(mapped.message).toBe('lost the connection to postgres://gk:***@db.example:5432/gongkai: connect ECONNREFUSED 127.0.0.1:5432');
    for (const code of ['CONNECTION_CLOSED', 'CONNECT_TIMEOUT', 'ECONNRESET', '08006', '57P03']) {
      expect(asConnectionFailure(Object.assign(new Error(code), { code }))).toMatchObject({ code: 'E_DB' });
    }
    for (const code of ['23505', '25P02', '40P01', '22P02', undefined]) {
      const statement = Object.assign(new Error('refused'), { code });
      expect(asConnectionFailure(statement)).toBe(statement);
    }
  });

  it('recognises exactly the postgres.js null-socket TypeError', () => {
    const crash = new TypeError("Cannot read properties of null (reading 'write')");
    crash.stack = `TypeError: Cannot read properties of null (reading 'write')\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:574:21)`;
    expect(isPostgresJsNullSocketWrite(crash)).toBe(true);
    expect(isPostgresJsNullSocketWrite(new TypeError("Cannot read properties of null (reading 'write')"))).toBe(false);
    expect(isPostgresJsNullSocketWrite(Object.assign(new Error("Cannot read properties of null (reading 'write')"), { stack: crash.stack }))).toBe(false);
  });

  it.skipIf(!TEST_DATABASE_URL)('a transaction whose backend is terminated rejects with E_DB and the process lives on (porsager/postgres#1208)', async () => {
    const database = await freshPostgresDatabase(TEST_DATABASE_URL!, 'gongkai_terminate');
    try {
      // Deterministic before the fix: the child died of the TypeError every time.
      const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, 'fixtures/terminate-backend.ts'), database.url], { timeout: 60_000 });
      const result = JSON.parse(stdout.trim()) as { rejected: boolean; code?: string; after: number };
      expect(result).toMatchObject({ rejected: true, code: 'E_DB', after: 1 });
    } finally {
      await database.drop();
    }
  }, 120_000);
});
