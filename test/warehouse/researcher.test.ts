import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/index.ts';
import { grantReaderLogin, RESEARCHER_ROLE, scramSha256Verifier } from '../../src/warehouse/researcher-role.ts';
import { VIEW_NAMES } from '../../src/warehouse/view-sql.ts';
import { createTestDatabase, driverName, TEST_DATABASE_URL, type TestDatabase } from '../db/test-database.ts';
import { docBlocks } from './doc-blocks.ts';
import { loadFixture } from './fixture.ts';

/**
 * The researcher role reads everything and changes nothing. On PostgreSQL a real login made by
 * grant-reader connects with its password and runs every documented query; on PGlite (one
 * user, no logins) the same privileges are checked with SET ROLE.
 */
const DOC_QUERIES = docBlocks(readFileSync(path.resolve(import.meta.dirname, '../../docs/warehouse.md'), 'utf8')).filter((block) => block.kind === 'sql');
const WRITES = [
  `insert into agencies (name) values ('研究者新增机构')`,
  `update cells set value = 0`,
  `delete from reports`,
  `truncate checks`,
  `create table researcher_scratch (x int)`,
  `create view researcher_view as select 1 as x`,
  `alter table agencies add column x int`,
  `drop view v_t3`,
];

describe(`researcher role (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-researcher-'));
    await loadFixture(database.handle, blobRoot);
  }, 300_000);
  afterAll(async () => {
    await database?.close();
    if (blobRoot) await rm(blobRoot, { recursive: true, force: true });
  });

  /** Runs `sql` as the role in a transaction that is always rolled back; returns the error, if any. */
  async function asRole(sql: string): Promise<{ code?: string; message: string } | undefined> {
    try {
      await database.handle.transaction(async (tx: Queryable) => {
        await tx.query(`set local role ${RESEARCHER_ROLE}`);
        await tx.query(sql);
        throw Object.assign(new Error('rollback'), { code: 'ROLLBACK' });
      });
    } catch (error) {
      const failure = error as { code?: string; message: string };
      return failure.code === 'ROLLBACK' ? undefined : failure;
    }
    return undefined;
  }

  it('exists as a NOLOGIN group role with SELECT on every table and view of public', async () => {
    const { rows } = await database.handle.query<{ rolcanlogin: boolean }>(`select rolcanlogin from pg_roles where rolname = $1`, [RESEARCHER_ROLE]);
    expect(rows).toEqual([{ rolcanlogin: false }]);
    const relations = await database.handle.query<{ name: string; readable: boolean; writable: boolean }>(
      `select c.relname as name, has_table_privilege($1, c.oid, 'SELECT') as readable,
              has_table_privilege($1, c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE') as writable
       from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v')`,
      [RESEARCHER_ROLE],
    );
    expect(relations.rows.map((row) => row.name)).toEqual(expect.arrayContaining([...VIEW_NAMES, 'cells', 'reports', 'agencies']));
    for (const row of relations.rows) expect(row, row.name).toMatchObject({ readable: true, writable: false });
    const schema = await database.handle.query<{ create: boolean }>(`select has_schema_privilege($1, 'public', 'CREATE') as create`, [RESEARCHER_ROLE]);
    expect(schema.rows[0]!.create).toBe(false);
  });

  it('can run every documented query and cannot insert, update, delete or create', async () => {
    for (const block of DOC_QUERIES) expect(await asRole(block.sql), block.name).toBeUndefined();
    for (const write of WRITES) {
      const error = await asRole(write);
      expect(error?.code, write).toBe('42501'); // insufficient_privilege
    }
  });

  it('also reads tables created by later migrations (default privileges)', async () => {
    await database.handle.query('create table later_migration_table (x int)');
    try {
      expect(await asRole('select * from later_migration_table')).toBeUndefined();
      expect((await asRole('insert into later_migration_table values (1)'))?.code).toBe('42501');
    } finally {
      await database.handle.query('drop table later_migration_table');
    }
  });

  it('refuses login names that are not plain identifiers, and short passwords', async () => {
    for (const name of ['Robert"; drop table cells; --', 'postgres', RESEARCHER_ROLE, 'pg_monitor', '']) {
      await expect(grantReaderLogin(database.handle, { name, password: 'long enough password' })).rejects.toMatchObject({ code: 'E_USAGE' });
    }
    await expect(grantReaderLogin(database.handle, { name: 'short_pw', password: 'short' })).rejects.toMatchObject({ code: 'E_USAGE' });
  });

  it('computes the SCRAM-SHA-256 verifier exactly as the server does', async () => {
    // let the server hash a password, then recompute its verifier from the same salt
    const role = `gk_scram_${randomBytes(4).toString('hex')}`;
    await database.handle.query(`set password_encryption = 'scram-sha-256'`);
    await database.handle.query(`create role ${role} password 'pencil 铅笔'`);
    try {
      const { rows } = await database.handle.query<{ stored: string }>(`select rolpassword as stored from pg_authid where rolname = $1`, [role]);
      const [, iterations, salt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(rows[0]!.stored)!;
      expect(scramSha256Verifier('pencil 铅笔', { salt: Buffer.from(salt!, 'base64'), iterations: Number(iterations) })).toBe(rows[0]!.stored);
    } finally {
      await database.handle.query(`drop role ${role}`);
    }
  });

  describe.runIf(TEST_DATABASE_URL)('a grant-reader login on PostgreSQL', () => {
    const login = `gk_reader_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    let reader: postgres.Sql | undefined;

    afterAll(async () => {
      await reader?.end({ timeout: 1 });
      const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop role if exists ${login}`);
      await admin.end();
    });

    it('logs in with its password, reads every documented query, cannot write, has a statement timeout', async () => {
      const created = await grantReaderLogin(database.handle, { name: login, password, statementTimeout: '90s' });
      expect(created).toEqual({ name: login, created: true, statementTimeout: '90s' });
      const again = await grantReaderLogin(database.handle, { name: login, password, statementTimeout: '90s' });
      expect(again.created).toBe(false);

      const { rows } = await database.handle.query<{ db: string }>('select current_database() as db');
      const url = new URL(TEST_DATABASE_URL!);
      url.username = login;
      url.password = password;
      url.pathname = `/${rows[0]!.db}`;
      reader = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const settings = await reader`select current_user as me, current_setting('statement_timeout') as timeout,
        current_setting('default_transaction_read_only') as read_only, pg_has_role(current_user, ${RESEARCHER_ROLE}, 'MEMBER') as member`;
      expect(settings[0]).toEqual({ me: login, timeout: '90s', read_only: 'on', member: true });

      for (const block of DOC_QUERIES) await expect(reader.unsafe(block.sql), block.name).resolves.toBeDefined();
      for (const write of WRITES) {
        // even in an explicit read-write transaction, the privileges refuse
        const failure = await reader.begin('read write', (sql) => sql.unsafe(write)).catch((error: { code?: string }) => error);
        expect((failure as { code?: string }).code, write).toBe('42501');
      }
      const slow = await reader`select pg_sleep(0.2)`.then(
        () => 'finished',
        (error: { code?: string }) => error.code,
      );
      expect(slow).toBe('finished');
      await reader`set statement_timeout = '50ms'`;
      const cancelled = await reader`select pg_sleep(1)`.then(
        () => 'finished',
        (error: { code?: string }) => error.code,
      );
      expect(cancelled).toBe('57014'); // query_canceled by statement_timeout
    });
  });
});
