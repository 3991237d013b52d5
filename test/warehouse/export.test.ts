import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportView } from '../../src/warehouse/export.ts';
import { VIEW_NAMES } from '../../src/warehouse/view-sql.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';
import { loadFixture, type Fixture } from './fixture.ts';

/** `gongkai export`: every view as CSV and Parquet, with the row counts the views have. */
async function collect(run: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await run(out);
  out.end();
  return Buffer.concat(chunks);
}

/** A small RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += ch;
  }
  return rows;
}

describe(`export (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;
  let fixture: Fixture;
  const counts = new Map<string, number>();

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-export-'));
    fixture = await loadFixture(database.handle, blobRoot);
    for (const view of VIEW_NAMES) {
      const { rows } = await database.handle.query<{ n: number }>(`select count(*)::int as n from ${view}`);
      counts.set(view, rows[0]!.n);
    }
  }, 300_000);
  afterAll(async () => {
    await database?.close();
    if (blobRoot) await rm(blobRoot, { recursive: true, force: true });
  });

  it('writes every view as CSV with a header and one line per row, in small batches', async () => {
    for (const view of VIEW_NAMES) {
      const bytes = await collect((out) => exportView(database.handle, { view, format: 'csv', out, batchRows: 7 }));
      const rows = parseCsv(bytes.toString('utf8'));
      const { rows: columns } = await database.handle.query<{ name: string }>(
        `select column_name as name from information_schema.columns where table_name = $1 order by ordinal_position`,
        [view],
      );
      expect(rows[0], view).toEqual(columns.map((column) => column.name));
      expect(rows.length - 1, view).toBe(counts.get(view));
      for (const row of rows) expect(row.length, view).toBe(columns.length);
    }
  });

  it('keeps values, nulls and Chinese text in CSV', async () => {
    const bytes = await collect((out) => exportView(database.handle, { view: 'v_fact_cell', format: 'csv', out, bom: true }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
    const at = (name: string) => header!.indexOf(name);
    const expected = fixture.current.find((report) => report.agency === '琅坪市市场监督管理局' && report.year === 2022)!;
    const mine = rows.filter((row) => row[at('agency')] === expected.agency && row[at('year')] === '2022');
    expect(mine.length).toBe(Object.keys(expected.cells).length);
    for (const row of mine) {
      const value = expected.cells[row[at('cell_key')]!];
      expect(row[at('value')] === '' ? null : Number(row[at('value')])).toBe(value);
    }
  });

  it('writes every view as Parquet that reads back with the same rows and typed columns', async () => {
    for (const view of VIEW_NAMES) {
      const bytes = await collect((out) => exportView(database.handle, { view, format: 'parquet', out, batchRows: 5 }));
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const metadata = parquetMetadata(file);
      expect(Number(metadata.num_rows), view).toBe(counts.get(view));
      const rows = await parquetReadObjects({ file });
      expect(rows.length, view).toBe(counts.get(view));
      if (view === 'v_metrics_agency_year') {
        const row = rows.find((candidate) => candidate.agency === '琅坪市市场监督管理局' && candidate.year === 2023)!;
        const { rows: sql } = await database.handle.query<{ disclosure_rate: string; requests_new: string }>(
          `select disclosure_rate, requests_new from v_metrics_agency_year where agency = '琅坪市市场监督管理局' and year = 2023`,
        );
        expect(row.disclosure_rate).toBeCloseTo(Number(sql[0]!.disclosure_rate), 9);
        expect(row.requests_new).toBe(Number(sql[0]!.requests_new));
        expect(typeof row.comparable).toBe('boolean');
        expect(row.region_code).toBeNull();
      }
      if (view === 'v_report') expect(rows.every((row) => row.loaded_at instanceof Date)).toBe(true);
    }
  });

  it('refuses anything but a known view, whatever it contains', async () => {
    for (const view of ['cells', 'v_t3; drop table cells', 'V_T3', '"v_t3"', 'pg_authid', '']) {
      await expect(collect((out) => exportView(database.handle, { view, format: 'csv', out }))).rejects.toMatchObject({ code: 'E_USAGE' });
    }
    const { rows } = await database.handle.query<{ n: number }>('select count(*)::int as n from cells');
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('runs as a command: `gongkai export` writes the file and reports the rows; a bad view is a usage error', async () => {
    if (driverName !== 'postgres') return; // the CLI needs a database another process can reach
    const { rows } = await database.handle.query<{ db: string }>('select current_database() as db');
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${rows[0]!.db}`;
    const out = path.join(blobRoot, 'metrics.parquet');
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../../src/cli/main.ts'), ...args], {
          env: { ...process.env, DATABASE_URL: url.toString(), GONGKAI_LOG_LEVEL: 'silent' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const ok = await run(['export', '--view', 'v_metrics_agency_year', '--format', 'parquet', '--out', out]);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stderr).toContain(`exported ${counts.get('v_metrics_agency_year')} rows`);
    const bytes = await readFile(out);
    expect(Number(parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer).num_rows)).toBe(
      counts.get('v_metrics_agency_year'),
    );
    const bad = await run(['export', '--view', 'cells']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown view');
  });
});
