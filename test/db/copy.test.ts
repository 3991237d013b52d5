import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeCopyValue } from '../../src/db/copy-text.ts';
import { cells } from '../../src/db/schema/index.ts';
import { createTestDatabase, driverName, type TestDatabase } from './test-database.ts';

describe('COPY text encoding', () => {
  it('escapes the characters COPY treats specially and drops NUL', () => {
    expect(encodeCopyValue('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(encodeCopyValue('x\u0000y')).toBe('xy');
    expect(encodeCopyValue(null)).toBe('\\N');
    expect(encodeCopyValue(undefined)).toBe('\\N');
    expect(encodeCopyValue(false)).toBe('f');
    expect(encodeCopyValue({ a: '中\t' })).toBe('{"a":"中\\\\t"}');
  });
});

describe(`copyRows (${driverName})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  beforeEach(() => database.reset());
  afterAll(() => database?.close());

  it('round-trips CJK text, nulls, decimals, negatives and escapes', async () => {
    const { handle } = database;
    await handle.query('create table copy_probe (label text, amount numeric, n int, ok boolean, note text)');
    const rows = [
      ['偃师区住房和城乡建设局', 562.0678, -1036, true, null],
      ['tab\there', -0.5, 0, false, 'line1\nline2 \\ back'],
      ['', null, null, null, '／ — 无'],
    ];
    expect(await handle.copyRows('copy_probe', ['label', 'amount', 'n', 'ok', 'note'], rows)).toBe(3);
    const { rows: back } = await handle.query<Record<string, unknown>>('select * from copy_probe order by n nulls last');
    expect(back).toEqual([
      { label: '偃师区住房和城乡建设局', amount: '562.0678', n: -1036, ok: true, note: null },
      { label: 'tab\there', amount: '-0.5', n: 0, ok: false, note: 'line1\nline2 \\ back' },
      { label: '', amount: null, n: null, ok: null, note: '／ — 无' },
    ]);
    await handle.query('drop table copy_probe');
  });

  it('maps drizzle property names to columns and fills generated key parts', async () => {
    const { handle } = database;
    await handle.query(`insert into documents (sha256, format, source) values (repeat('a', 64), 'pdf', 'x')`);
    await handle.query(`insert into reports (id, document_sha256, extractor_version, status) values (1, repeat('a', 64), 'v1', 'ok')`);
    const copied = await handle.copyRows(cells, ['reportId', 'key', 'value', 'raw'], [[1, 't3:outcome.total:applicant.total', 7, '7']]);
    expect(copied).toBe(1);
    const { rows } = await handle.query('select table_key, row_key, col_key, value from v_fact_cell');
    expect(rows).toEqual([{ table_key: 't3', row_key: 'outcome.total', col_key: 'applicant.total', value: '7' }]);
  });

  it('copies inside a transaction and rolls back with it', async () => {
    const { handle } = database;
    await handle.query('create table copy_rollback (n int)');
    await expect(
      handle.transaction(async (tx) => {
        await tx.copyRows('copy_rollback', ['n'], [[1], [2]]);
        expect((await tx.query<{ count: number }>('select count(*)::int as count from copy_rollback')).rows[0]!.count).toBe(2);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await handle.query<{ count: number }>('select count(*)::int as count from copy_rollback')).rows[0]!.count).toBe(0);
    await handle.query('drop table copy_rollback');
  });

  it('reports a COPY the database rejects instead of hanging', async () => {
    const { handle } = database;
    await handle.query('create table copy_unique (n int primary key)');
    await expect(handle.copyRows('copy_unique', ['n'], [[1], [1]])).rejects.toMatchObject({ code: expect.any(String) });
    await expect(handle.transaction((tx) => tx.copyRows('copy_unique', ['n'], [[2], [2]]))).rejects.toThrow();
    expect(await handle.copyRows('copy_unique', ['n'], [[3]])).toBe(1);
    await handle.query('drop table copy_unique');
  });

  it('copies nothing for no rows', async () => {
    expect(await database.handle.copyRows('runs', ['command'], [])).toBe(0);
  });
});
