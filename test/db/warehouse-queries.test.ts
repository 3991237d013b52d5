import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { finishRun, followingYearReport, loadExtractions, markInterruptedRuns, previousYearCells, warehouseStatus, withRun, type LoadItem } from '../../src/load/index.ts';
import { addAgencyAlias } from '../../src/warehouse/identity-store.ts';
import { SAMPLE_CELLS, documentBytes, extraction } from './fixtures.ts';
import { createTestDatabase, driverName, type TestDatabase } from './test-database.ts';

function item(label: string, options: Parameters<typeof extraction>[1] = {}): LoadItem {
  // No bytes: these tests are about queries, not blobs.
  return { source: `${label}.html`, result: extraction(documentBytes(label), options), extractorVersion: 'v1' };
}

describe(`warehouse queries (${driverName})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  beforeEach(() => database.reset());
  afterAll(() => database?.close());

  it("previousYearCells returns the current report's cells of the year before", async () => {
    await loadExtractions(database.handle, [
      item('2022-first', { year: 2022, cells: [{ key: 't3:carried_forward:applicant.total', value: 9, raw: '9', page: 1 }] }),
      item('2022-corrected', { year: 2022 }),
      item('2023', { year: 2023, cells: [] }),
    ]);
    const cells = await previousYearCells(database.handle, ' 偃师区住房和城乡建设局 ', 2023);
    expect(cells).toEqual(new Map(SAMPLE_CELLS.map((cell) => [cell.key, cell.value])));
    expect(await previousYearCells(database.handle, '偃师区住房和城乡建设局', 2024)).toEqual(new Map());
    expect(await previousYearCells(database.handle, '偃师区住房和城乡建设局', 2022)).toBeUndefined();
    expect(await previousYearCells(database.handle, '别的局', 2023)).toBeUndefined();
  });

  it('finds the previous and the following year under a recorded alias (an old name) too', async () => {
    await loadExtractions(database.handle, [item('2022', { year: 2022 }), item('2024', { year: 2024 })]);
    await addAgencyAlias(database.handle, '偃师县住房和城乡建设局', '偃师区住房和城乡建设局', { kind: 'rename' });
    const following = await followingYearReport(database.handle, '偃师县住房和城乡建设局', 2023);
    expect(following?.cells).toEqual(new Map(SAMPLE_CELLS.map((cell) => [cell.key, cell.value])));
    const { rows } = await database.handle.query<{ id: number }>('select id from reports where year = 2024');
    expect(following?.reportId).toBe(rows[0]!.id);
    expect(await previousYearCells(database.handle, '偃师县住房和城乡建设局', 2023)).toEqual(following?.cells);
  });

  it('warehouseStatus counts documents, reports by template and status, cells and failing checks', async () => {
    await loadExtractions(database.handle, [
      item('a'),
      item('b'),
      item('c', { agency: '某某市统计局' }),
      item('d', { error: { code: 'E_PDF_NO_TEXT', message: 'scanned' } }),
    ]);
    await withRun(database.handle, 'load', { inputs: ['samples/'] }, (runId) =>
      finishRun(database.handle, runId, { status: 'ok', counts: { loaded: 3, failed: 1 }, errors: [{ code: 'E_PDF_NO_TEXT' }] }),
    );
    await withRun(database.handle, 'crawl', null, async () => {}); // never finished

    const status = await warehouseStatus(database.handle);
    expect(status).toMatchObject({
      documents: 4,
      reports: [
        { template: 'v2021', status: 'ok', count: 2 },
        { template: 'v2021', status: 'superseded', count: 1 },
        { template: null, status: 'failed', count: 1 },
      ],
      cells: 2 * SAMPLE_CELLS.length,
      failingChecks: 2,
    });
    expect(status.lastRuns.map(({ command, status: state, counts, errorCount }) => ({ command, state, counts, errorCount }))).toEqual([
      { command: 'crawl', state: 'running', counts: null, errorCount: 0 },
      { command: 'load', state: 'ok', counts: { loaded: 3, failed: 1 }, errorCount: 1 },
    ]);
    expect(status.lastRuns[1]!.finishedAt).toEqual(expect.any(String));
  });
});

describe(`interrupted runs (${driverName})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('ends runs a killed process left running, and only those', async () => {
    const { handle } = database;
    // a run whose process died: its row says running, nobody holds its lock
    const killed = await withRun(handle, 'run', null, async (runId) => runId);
    const done = await withRun(handle, 'load', null, async (runId) => {
      await finishRun(handle, runId, { status: 'ok' });
      return runId;
    });
    expect(await markInterruptedRuns(handle)).toBe(1);
    const { rows } = await handle.query<{ id: number; status: string; errors: { message: string }[] | null }>(
      'select id, status, errors from runs where id = any($1::int[]) order by id',
      [[killed, done]],
    );
    expect(rows.map((row) => [row.id, row.status])).toEqual([
      [killed, 'failed'],
      [done, 'ok'],
    ]);
    expect(rows[0]!.errors?.[0]?.message).toMatch(/interrupted/);
  });

  it.runIf(driverName === 'postgres')('leaves alone a run another process is still doing (PostgreSQL)', async () => {
    const other = await database.openAnother();
    let finish!: () => void;
    let started!: (runId: number) => void;
    const runIdOf = new Promise<number>((resolve) => (started = resolve));
    const live = withRun(other, 'crawl', null, (runId) => {
      started(runId);
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const runId = await runIdOf;
    expect(await markInterruptedRuns(database.handle)).toBe(0);
    const { rows } = await database.handle.query<{ status: string }>('select status from runs where id = $1', [runId]);
    expect(rows).toEqual([{ status: 'running' }]);
    finish();
    await live;
    // its process gone without ending it, the same run now counts as interrupted
    expect(await markInterruptedRuns(database.handle)).toBe(1);
  });
});
