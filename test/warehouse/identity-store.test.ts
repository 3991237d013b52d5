import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { usccWithCheck } from '../../scripts/synthetic/index.ts';
import { createBlobStore, loadExtractions, type LoadItem } from '../../src/load/index.ts';
import { addAgencyAlias, analyzeGrownTables } from '../../src/warehouse/identity-store.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';
import { documentBytes, extraction, SAMPLE_CELLS } from '../db/fixtures.ts';

/** The loader's identity step: classification, USCC and host, coverage, aliases and merges. */
describe(`agency identity in the loader (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-identity-'));
  });
  afterAll(async () => {
    await database?.close();
    if (blobRoot) await rm(blobRoot, { recursive: true, force: true });
  });
  beforeEach(() => database.reset());

  const load = (items: LoadItem[]) => loadExtractions(database.handle, items, { blobs: createBlobStore(blobRoot) });
  const item = (label: string, options: Parameters<typeof extraction>[1] & { source?: string } = {}): LoadItem => {
    const bytes = documentBytes(label);
    return { bytes, source: options.source ?? `${label}.pdf`, result: extraction(bytes, options), extractorVersion: 'test' };
  };
  const agencies = async () =>
    (
      await database.handle.query<{ name: string; level: string | null; type: string | null; jurisdiction: string | null; identity_source: string; uscc: string | null; host: string | null }>(
        'select name, level, type, jurisdiction, identity_source, uscc, host from agencies order by name',
      )
    ).rows;

  it('classifies agencies the first time they load, records USCC and host, and leaves curated rows alone', async () => {
    const uscc = usccWithCheck('11410381MB0123456');
    await load([
      item('a', { agency: '洛阳市偃师区住房和城乡建设局', text: `索引号：${uscc}/2024-00012`, source: 'http://www.yanshi.gov.cn/zfxxgk/nb/2023.pdf' }),
      item('b', { agency: '璧口市人民政府' }),
    ]);
    expect(await agencies()).toEqual([
      { name: '洛阳市偃师区住房和城乡建设局', level: 'county', type: 'department', jurisdiction: '洛阳市偃师区', identity_source: 'inferred', uscc, host: 'www.yanshi.gov.cn' },
      { name: '璧口市人民政府', level: null, type: 'people_government', jurisdiction: '璧口市', identity_source: 'inferred', uscc: null, host: null },
    ]);
    await database.handle.query(`update agencies set level = 'prefectural', identity_source = 'curated' where name = '璧口市人民政府'`);
    await load([item('c', { agency: '璧口市人民政府', year: 2024 })]);
    expect((await agencies()).find((row) => row.name === '璧口市人民政府')).toMatchObject({ level: 'prefectural', identity_source: 'curated' });
  });

  it('gives a known agency the USCC and host it lacked, and never replaces them', async () => {
    const name = '洛阳市偃师区住房和城乡建设局';
    const uscc = usccWithCheck('11410381MB0123456');
    await load([item('plain', { agency: name, year: 2021 })]);
    await load([item('rich', { agency: name, year: 2022, text: `索引号：${uscc}/2024-00012`, source: 'http://www.yanshi.gov.cn/nb/2022.pdf' })]);
    await load([item('other', { agency: name, year: 2023, text: `索引号：${usccWithCheck('11410381MB0999999')}/1`, source: 'http://other.gov.cn/x.pdf' })]);
    expect((await agencies()).find((row) => row.name === name)).toMatchObject({ uscc, host: 'www.yanshi.gov.cn' });
  });

  it('infers each report’s coverage from its text, and catches up on rows loaded before', async () => {
    await load([
      item('gov', { agency: '南平市人民政府', text: '本报告由市政府办公室汇总全市各有关单位政府信息公开工作情况编制。' }),
      item('dept', { agency: '南平市教育局', text: '本局严格执行条例。' }),
    ]);
    // rows written before coverage existed (or by another writer)
    await database.handle.query(`insert into agencies (name) values ('旧县人民政府')`);
    await database.handle.query(`update reports set coverage = null, coverage_evidence = null where agency_id = (select id from agencies where name = '南平市教育局')`);
    await load([item('later', { agency: '泓原县人民政府', text: '主动公开县政府和县政府办公室文件。' })]);
    const { rows } = await database.handle.query<{ name: string; coverage: string; coverage_evidence: string }>(
      `select a.name, r.coverage, r.coverage_evidence from reports r join agencies a on a.id = r.agency_id order by a.name`,
    );
    expect(rows.map((row) => [row.name, row.coverage])).toEqual([
      ['南平市人民政府', 'jurisdiction_aggregate'],
      ['南平市教育局', 'agency_only'],
      ['泓原县人民政府', 'government_plus_office'],
    ]);
    expect(rows[0]!.coverage_evidence).toContain('汇总');
    expect((await agencies()).find((row) => row.name === '旧县人民政府')).toMatchObject({ level: 'county', identity_source: 'inferred' });
  });

  it('loads a recorded alias as its agency', async () => {
    await load([item('first', { agency: '琅坪市市场监督管理局', year: 2022 })]);
    await addAgencyAlias(database.handle, '琅坪市市场监管局', '琅坪市市场监督管理局', { kind: 'abbreviation' });
    await load([item('second', { agency: '琅坪市 市场监管局', year: 2023 })]);
    const { rows } = await database.handle.query<{ name: string; years: number[] }>(
      `select a.name, array_agg(r.year order by r.year) as years from reports r join agencies a on a.id = r.agency_id group by a.name`,
    );
    expect(rows).toEqual([{ name: '琅坪市市场监督管理局', years: [2022, 2023] }]);
  });

  it('merges an agency loaded under a misspelt name, superseding per year as the loader would', async () => {
    // the misspelt agency has 2021 and 2022; the real one has 2022 (seen earlier) and 2023
    await load([item('real-2022', { agency: '禾平市教育局', year: 2022 }), item('real-2023', { agency: '禾平市教育局', year: 2023 })]);
    await load([item('ocr-2021', { agency: '禾平市教肓局', year: 2021 }), item('ocr-2022', { agency: '禾平市教肓局', year: 2022 })]);
    const result = await addAgencyAlias(database.handle, '禾平市教肓局', '禾平市教育局', { kind: 'ocr', note: '肓 for 育' });
    expect(result.movedReports).toBe(2);
    expect(result.supersededReports).toHaveLength(1);
    const { rows } = await database.handle.query<{ source: string; year: number; status: string; superseded_by: number | null; agency: string }>(
      `select d.source, r.year, r.status, r.superseded_by, a.name as agency
       from reports r join documents d on d.sha256 = r.document_sha256 join agencies a on a.id = r.agency_id order by d.source`,
    );
    const bySource = Object.fromEntries(rows.map((row) => [row.source, row]));
    expect(rows.every((row) => row.agency === '禾平市教育局')).toBe(true);
    // for 2022 the newer document (the OCR-named one, seen later) stays current
    expect(bySource['ocr-2022.pdf']).toMatchObject({ status: 'ok', superseded_by: null });
    expect(bySource['real-2022.pdf']).toMatchObject({ status: 'superseded' });
    const current2022 = await database.handle.query<{ id: number }>(`select r.id from reports r join documents d on d.sha256 = r.document_sha256 where d.source = 'ocr-2022.pdf'`);
    expect(bySource['real-2022.pdf']!.superseded_by).toBe(current2022.rows[0]!.id);
    expect(bySource['ocr-2021.pdf']).toMatchObject({ status: 'ok' });
    expect((await agencies()).map((row) => row.name)).toEqual(['禾平市教育局']);
    const aliases = await database.handle.query(`select alias, kind, note from agency_aliases`);
    expect(aliases.rows).toEqual([{ alias: '禾平市教肓局', kind: 'ocr', note: '肓 for 育' }]);
    // and the misspelling now loads as the agency
    await load([item('ocr-2024', { agency: '禾平市教肓局', year: 2024 })]);
    expect((await agencies()).map((row) => row.name)).toEqual(['禾平市教育局']);
  });

  it('refuses an alias of an unknown agency or of itself', async () => {
    await load([item('x', { agency: '禾平市教育局' })]);
    await expect(addAgencyAlias(database.handle, '某局', '不存在的局', { kind: 'variant' })).rejects.toThrow(/no agency/);
    await expect(addAgencyAlias(database.handle, '禾平市 教育局', '禾平市教育局', { kind: 'variant' })).rejects.toThrow(/itself/);
  });

  it('analyses tables that doubled since their last ANALYZE, and only those', async () => {
    await load(Array.from({ length: 40 }, (_, i) => item(`bulk-${i}`, { agency: `第${i}县教育局`, cells: SAMPLE_CELLS })));
    expect(await analyzeGrownTables(database.handle)).toEqual([]); // the loader just did
    await database.handle.query(`insert into runs (command) select 'test' from generate_series(1, 5000)`);
    await database.handle.query(
      `insert into checks (report_id, rule, scope, detail) select g, 'X', 's' || g, repeat('x', 200) from generate_series(1, 5000) g`,
    );
    expect(await analyzeGrownTables(database.handle)).toEqual(['checks']);
  });
});
