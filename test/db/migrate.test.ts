import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, VIEWS_FILE, migrate } from '../../src/db/index.ts';
import { createTestDatabase, driverName, type TestDatabase } from './test-database.ts';

const WAREHOUSE_TABLES = [
  'agencies',
  'agency_aliases',
  'cells',
  'checks',
  'crawl_urls',
  'document_sources',
  'documents',
  'passed_check_lists',
  'region_code_history',
  'reports',
  'runs',
];

/** A copy of migrations/ whose journal stops before migration `tag`, to build an older warehouse. */
async function migrationsBefore(tag: string): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'gongkai-migrations-'));
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const stop = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(stop).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, stop);
  await writeFile(journalFile, JSON.stringify(journal));
  // the views of that time are the ones its migrations made, not today's views.sql
  await rm(path.join(folder, VIEWS_FILE));
  return folder;
}

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

  it('stores a document only under 64 lower-case hex digits', async () => {
    const insert = (sha256: string) => database.handle.transaction((tx) => tx.query(`insert into documents (sha256, format, source) values ($1, 'html', 'x.html')`, [sha256]));
    for (const bad of ['a'.repeat(63), 'A'.repeat(64), 'g'.repeat(64), `${'a'.repeat(63)} `]) await expect(insert(bad), bad).rejects.toThrow();
    await insert('0123456789abcdef'.repeat(4));
    await database.handle.query('delete from documents where sha256 = $1', ['0123456789abcdef'.repeat(4)]);
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

  it('stores each list of passing checks of an older warehouse once, named by its reports', async () => {
    const empty = await database.openEmpty();
    const older = await migrationsBefore('0016_passed_check_lists');
    try {
      await migrate(empty.handle, { migrationsFolder: older });
      await empty.handle.query(`insert into documents (sha256, format, source) values (repeat('a', 64), 'html', 'a.html'), (repeat('b', 64), 'html', 'b.html'), (repeat('c', 64), 'pdf', 'c.pdf'), (repeat('d', 64), 'html', 'd.html')`);
      await empty.handle.query(
        `insert into reports (id, document_sha256, extractor_version, status, error_code, passed_checks) values
           (1, repeat('a', 64), 'x', 'ok', null, 'T3-01:applicant.total T4-01:review'), (2, repeat('b', 64), 'x', 'ok', null, 'T3-01:applicant.total T4-01:review'),
           (3, repeat('c', 64), 'x', 'failed', 'E_PDF_INVALID', null), (4, repeat('d', 64), 'x', 'ok', null, '')`,
      );
      await migrate(empty.handle);
      const { rows: reports } = await empty.handle.query(
        `select r.id, r.passed_check_list = md5(l.checks) as keyed, l.checks from reports r left join passed_check_lists l on l.key = r.passed_check_list order by r.id`,
      );
      expect(reports).toEqual([
        { id: 1, keyed: true, checks: 'T3-01:applicant.total T4-01:review' },
        { id: 2, keyed: true, checks: 'T3-01:applicant.total T4-01:review' },
        { id: 3, keyed: null, checks: null },
        { id: 4, keyed: true, checks: '' },
      ]);
      const { rows: lists } = await empty.handle.query(`select count(*)::int as n from passed_check_lists`);
      expect(lists).toEqual([{ n: 2 }]);
      await expect(empty.handle.query(`insert into passed_check_lists (key, checks) values ('x', 'T3-01:applicant.total')`)).rejects.toThrow();
    } finally {
      await empty.drop();
      await rm(older, { recursive: true, force: true });
    }
  });

  it('moves passing checks of an older warehouse onto their reports, keeping the failing ones as rows', async () => {
    const empty = await database.openEmpty();
    const older = await migrationsBefore('0010_checks_failing_only');
    try {
      await migrate(empty.handle, { migrationsFolder: older });
      await empty.handle.query(`insert into documents (sha256, format, source) values (repeat('a', 64), 'html', 'a.html'), (repeat('b', 64), 'pdf', 'b.pdf')`);
      await empty.handle.query(
        `insert into reports (id, document_sha256, extractor_version, status, error_code, cell_count, failing_check_count) values
           (1, repeat('a', 64), 'x', 'ok', null, 2, 1), (2, repeat('b', 64), 'x', 'failed', 'E_PDF_INVALID', 0, 0)`,
      );
      await empty.handle.query(
        `insert into checks (report_id, rule, scope, ok, detail) values
           (1, 'T3-01', 'applicant.total', true, '1+1 = 2'), (1, 'T3-02', 'outcome.granted', false, '3 != 4'), (1, 'T4-01', 'review', true, '0 = 0')`,
      );
      await migrate(empty.handle);
      const { rows: reports } = await empty.handle.query(
        `select r.id, l.checks as passed_checks from reports r left join passed_check_lists l on l.key = r.passed_check_list order by r.id`,
      );
      expect(reports).toEqual([
        { id: 1, passed_checks: 'T3-01:applicant.total T4-01:review' },
        { id: 2, passed_checks: null },
      ]);
      const { rows: checks } = await empty.handle.query(`select report_id, rule, scope, detail from checks`);
      expect(checks).toEqual([{ report_id: 1, rule: 'T3-02', scope: 'outcome.granted', detail: '3 != 4' }]);
      const { rows: flags } = await empty.handle.query(`select count(*)::int as n from v_qa_flags where source = 'check'`);
      expect(flags).toEqual([{ n: 1 }]);
    } finally {
      await empty.drop();
      await rm(older, { recursive: true, force: true });
    }
  });
});
