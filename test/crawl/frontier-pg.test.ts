import { afterAll, beforeAll } from 'vitest';
import { PgFrontier } from '../../src/crawl/frontier-pg.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';
import { describeFrontierContract } from './frontier-contract.ts';

// Runs on PGlite, or on PostgreSQL when TEST_DATABASE_URL is set (test/db/test-database.ts).
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

describeFrontierContract(`postgres frontier on ${driverName}`, async () => {
  await db.handle.query('truncate crawl_urls restart identity');
  return new PgFrontier(db.handle.db);
});
