import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/index.ts';
import { createTestDatabase, driverName, type TestDatabase } from './test-database.ts';

const WAREHOUSE_TABLES = [
  'agencies',
  'agency_aliases',
  'cells',
  'checks',
  'crawl_urls',
  'document_sources',
  'documents',
  'region_code_history',
  'reports',
  'runs',
];

async function schemaShape(database: TestDatabase['handle']) {
  const tables = await database.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const indexes = await database.query<{ name: string }>(`select indexname as name from pg_indexes where schemaname = 'public' order by 1`);
  const applied = await database.query<{ count: number }>('select count(*)::int as count from drizzle.__drizzle_migrations');
  return { tables: tables.rows.map((row) => row.name), indexes: indexes.rows.map((row) => row.name), applied: applied.rows[0]!.count };
}

describe(`migrate (${driverName})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it('creates every warehouse table in an empty database', async () => {
    const empty = await database.openEmpty();
    try {
      await migrate(empty.handle);
      const shape = await schemaShape(empty.handle);
      expect(shape.tables).toEqual(WAREHOUSE_TABLES);
      expect(shape.indexes).toContain('reports_current_identity_uq');
      expect(shape.applied).toBeGreaterThan(0);
    } finally {
      await empty.drop();
    }
  });

  it('is a no-op on a migrated database', async () => {
    const before = await schemaShape(database.handle);
    await migrate(database.handle);
    await migrate(database.handle);
    expect(await schemaShape(database.handle)).toEqual(before);
  });

  it('serialises concurrent migrators', async () => {
    const other = await database.openAnother();
    const before = await schemaShape(database.handle);
    await Promise.all([migrate(database.handle), migrate(other)]);
    expect(await schemaShape(database.handle)).toEqual(before);
  });
});
