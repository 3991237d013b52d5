import { describe, expect, it } from 'vitest';
import { T3_COLUMNS, T4_COLUMNS, t3Key, t3RowsFor, t4Key } from '../../domain/vocabulary.ts';
import { validateReport } from '../../validate/validate.ts';
import type { Block } from '../model.ts';
import { mapTables } from './map-tables.ts';
import { orientTables } from './orientation.ts';

const row = (...cells: string[]): Block => ({ kind: 'row', cells, page: null, table: 0 });
const t4Row = (...cells: string[]): Block => ({ ...row(...cells), table: 1 });

/**
 * A consistent v2021 Table 3 (T3-01…T3-03 hold): per applicant column, received.new and
 * outcome.total = n, carried_over = carried_forward = m, granted = n, everything else 0.
 */
const NEW = [5, 2, 0, 1, 0, 1, 9];
const CARRIED = [1, 0, 0, 0, 0, 0, 1];
const ROWS = t3RowsFor('v2021');
function t3Value(rowKey: string, column: number): number {
  if (rowKey === 'received.new' || rowKey === 'outcome.granted' || rowKey === 'outcome.total') return NEW[column]!;
  if (rowKey === 'received.carried_over' || rowKey === 'carried_forward') return CARRIED[column]!;
  return 0;
}
const printedLabel = (r: (typeof ROWS)[number]) => `${r.ordinal ?? ''}${r.labels[0]}`;
const APPLICANTS = T3_COLUMNS.map((column) => column.labels[0]!);

/** Applicant rows of the transpose: label cells, then one value per outcome row. */
function applicantRow(column: number, stub: string[] = [APPLICANTS[column]!]): Block {
  return row(...stub, ...ROWS.map((r) => String(t3Value(r.key, column))));
}

function expectTemplateValues(cells: ReturnType<typeof mapTables>): void {
  const value = new Map(cells.map((cell) => [cell.key, cell.value]));
  for (const r of ROWS) {
    T3_COLUMNS.forEach((column, c) => expect(value.get(t3Key(r.key, column.key)), `${r.key} ${column.key}`).toBe(t3Value(r.key, c)));
  }
}

/** T4 values: 行政复议 1 维持 + 1 纠正 = 2; direct 1 pending; after review 0. */
const T4_VALUES: Record<string, number> = { 'review.upheld': 1, 'review.corrected': 1, 'review.total': 2, 'litigation.direct.pending': 1, 'litigation.direct.total': 1 };
const t4Value = (key: string) => T4_VALUES[key] ?? 0;
const LEAVES = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

const normalTable3: Block[] = [
  row('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况'),
  row('自然人', '法人或其他组织', '总计'),
  row('商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'),
  ...ROWS.map((r) => row(printedLabel(r), ...T3_COLUMNS.map((_, c) => String(t3Value(r.key, c))))),
];
const normalTable4: Block[] = [
  t4Row('行政复议', '行政诉讼'),
  t4Row(...LEAVES, '未经复议直接起诉', '复议后起诉'),
  t4Row(...LEAVES, ...LEAVES),
  t4Row(...T4_COLUMNS.map((column) => String(t4Value(column.key)))),
];

describe('transposed Table 3 (V-21)', () => {
  it('reads a table with applicant types as rows like the template orientation, and T3-01 holds', () => {
    const blocks = [row('申请人情况', ...ROWS.map(printedLabel)), ...APPLICANTS.map((_, c) => applicantRow(c)), ...normalTable4];
    const cells = mapTables(blocks, 'v2021');
    expectTemplateValues(cells);
    const t301 = validateReport(cells, 'v2021').filter((check) => check.rule === 'T3-01');
    expect(t301).toHaveLength(T3_COLUMNS.length);
    expect(t301.every((check) => check.ok)).toBe(true);
  });

  it('reads a three-row header whose merged cells collapsed (HTML: labels only from the left)', () => {
    const corner = '（本行数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
    const [top, outcomes, subs] = [ROWS.filter((r) => !r.key.startsWith('outcome.')), ROWS.filter((r) => /^outcome\.[a-z_]+$/.test(r.key)), ROWS.filter((r) => r.key.split('.').length === 3)];
    const [first, second, last] = top.map(printedLabel) as [string, string, string];
    const [granted, partial, total] = outcomes.map(printedLabel) as [string, string, string];
    const blocks = [
      row(corner, first, second, '三、本年度办理结果', last),
      row(corner, first, second, granted, partial, '（三）不予公开', '（四）无法提供', '（五）不予处理', '（六）其他处理', total),
      row(corner, first, second, granted, partial, ...subs.map(printedLabel)),
      applicantRow(0, ['申请人情况', '自然人']),
      ...[1, 2, 3, 4, 5].map((c) => applicantRow(c, ['申请人情况', '法人或其他组织', APPLICANTS[c]!])),
      applicantRow(6, ['申请人情况', '总计']),
    ];
    expectTemplateValues(mapTables(blocks, 'v2021'));
  });

  it('places applicant rows by their labels, in any order, and keeps a 小计 row under its own key', () => {
    const subtotal = row('法人或其他组织小计', ...ROWS.map((r) => String([1, 2, 3, 4, 5].reduce((acc, c) => acc + t3Value(r.key, c), 0))));
    const blocks = [row('', ...ROWS.map(printedLabel)), applicantRow(6), applicantRow(3), applicantRow(0), subtotal, applicantRow(5), applicantRow(1), applicantRow(4), applicantRow(2)];
    const cells = mapTables(blocks, 'v2021');
    expectTemplateValues(cells);
    expect(cells.find((cell) => cell.key === 't3:received.new:applicant.org')?.value).toBe(4);
  });

  it('leaves tables in the template orientation exactly as they are', () => {
    const blocks = [...normalTable3, ...normalTable4];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not transpose a table whose row labels only partly match the applicant types', () => {
    const blocks = [
      row('', ...ROWS.map(printedLabel)),
      ...[0, 1, 2].map((c) => applicantRow(c)),
      ...['个人', '企业', '社会组织', '总计'].map((label, i) => applicantRow(3 + i, [label])),
    ];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not transpose a table whose first column also runs through outcome rows', () => {
    const outcomeStubs = ROWS.slice(0, 3).map((r) => row(printedLabel(r), ...ROWS.map(() => '0')));
    const blocks = [row('', ...ROWS.map(printedLabel)), ...APPLICANTS.map((_, c) => applicantRow(c)), ...outcomeStubs];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not transpose applicant rows under a header that names only some outcome rows', () => {
    const blocks = [row('', ...ROWS.map((r, i) => (i % 2 ? printedLabel(r) : `第${i}项`))), ...APPLICANTS.map((_, c) => applicantRow(c))];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not transpose applicant rows under a header that names no outcome rows', () => {
    const blocks = [row('申请人类型', ...ROWS.map((_, i) => `${i + 1}月`)), ...APPLICANTS.map((_, c) => applicantRow(c))];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not transpose a table whose header also lists applicant types (a cross table of its own axis)', () => {
    const blocks = [row('', ...ROWS.slice(0, 20).map(printedLabel), '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构'), ...APPLICANTS.map((_, c) => applicantRow(c))];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });
});

describe('transposed Table 3 in pieces (V-21)', () => {
  const at = (table: number) => (...cells: string[]): Block => ({ kind: 'row', cells, page: null, table });
  /** A piece of the transposed table: outcome columns [from, to), applicant rows [rowFrom, rowTo), with or without its header. */
  function piece(table: number, from: number, to: number, rowFrom = 0, rowTo = APPLICANTS.length, header = true): Block[] {
    const r = at(table);
    const columns = ROWS.slice(from, to);
    return [
      ...(header ? [r('申请人情况', ...columns.map(printedLabel))] : []),
      ...APPLICANTS.slice(rowFrom, rowTo).map((label, k) => r(label, ...columns.map((c) => String(t3Value(c.key, rowFrom + k))))),
    ];
  }
  const text = (line: string): Block => ({ kind: 'text', cells: [line], page: null });

  it('reads its columns spread over successive tables, with a page number or 续表 between them', () => {
    const blocks = [...piece(0, 0, 9), text('— 3 —'), ...piece(1, 9, 18), text('续表'), ...piece(2, 18, ROWS.length), ...normalTable4.map((b) => ({ ...b, table: 3 }))];
    expectTemplateValues(mapTables(blocks, 'v2021'));
  });

  it('reads its rows broken across two tables, with or without the header printed again', () => {
    expectTemplateValues(mapTables([...piece(0, 0, ROWS.length, 0, 3), ...piece(1, 0, ROWS.length, 3, 7, false)], 'v2021'));
    expectTemplateValues(mapTables([...piece(0, 0, ROWS.length, 0, 4), text('— 4 —'), ...piece(1, 0, ROWS.length, 4, 7)], 'v2021'));
  });

  it('reads a header printed as a table of its own (a page break right after it)', () => {
    const [header, ...body] = piece(1, 0, ROWS.length);
    expectTemplateValues(mapTables([{ ...header!, table: 0 }, text('— 2 —'), ...body], 'v2021'));
  });

  it('does not take a table with numbers before a transposed Table 3 for its header', () => {
    const table2 = [at(0)('信息内容', '本年制发件数', '本年废止件数', '现行有效件数'), at(0)('规章', '1', '0', '5'), at(0)('行政规范性文件', '2', '1', '9')];
    const blocks = [...table2, text('三、收到和处理政府信息公开申请情况'), ...piece(1, 0, ROWS.length)];
    const out = orientTables(blocks, 'v2021');
    expect(out.slice(0, 4)).toEqual(blocks.slice(0, 4));
    expectTemplateValues(mapTables(blocks, 'v2021'));
  });

  it('does not join pieces whose columns do not continue the ones before', () => {
    const blocks = [...piece(0, 9, 18), ...piece(1, 0, 9), ...piece(2, 18, ROWS.length)];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not join column pieces that list other applicant types', () => {
    const blocks = [...piece(0, 0, 12), ...piece(1, 12, ROWS.length, 0, 5)];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not join row pieces that list an applicant type twice', () => {
    const blocks = [...piece(0, 0, ROWS.length, 0, 4), ...piece(1, 0, ROWS.length, 3, 7, false)];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not join pieces a paragraph apart', () => {
    const blocks = [...piece(0, 0, 12), text('本机关2023年共收到政府信息公开申请，全部在法定期限内答复，未发生因政府信息公开被申请行政复议的情况。'), ...piece(1, 12, ROWS.length)];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not join a normal Table 3 with a table of applicant counts after it', () => {
    const counts = [at(1)('申请人类型', '件数'), ...APPLICANTS.map((label, c) => at(1)(label, String(NEW[c])))];
    const blocks = [...normalTable3, ...counts];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });
});

describe('vertical Table 4 (V-21)', () => {
  /** One row per item; group labels printed on their first row only (merged down), or on every row (HTML). */
  function verticalRows(repeatGroups: boolean): Block[] {
    const rows: Block[] = [t4Row('项目', '', '', '件数')];
    T4_COLUMNS.forEach((column, i) => {
      const leaf = LEAVES[i % 5]!;
      const group = i < 5 ? '行政复议' : '行政诉讼';
      const sub = i < 5 ? '' : i < 10 ? '未经复议直接起诉' : '复议后起诉';
      const first = i % 5 === 0;
      const showGroup = repeatGroups || i === 0 || i === 5;
      rows.push(t4Row(showGroup ? group : '', repeatGroups || first ? sub : '', leaf, String(t4Value(column.key))));
    });
    return rows;
  }
  const t4Cells = (blocks: Block[]) => new Map(mapTables(blocks, 'v2021').filter((cell) => cell.key.startsWith('t4:')).map((cell) => [cell.key, cell.value]));

  it('reads a vertical list with merged (blank) group cells as the 15 template cells', () => {
    const values = t4Cells([...normalTable3, ...verticalRows(false)]);
    for (const column of T4_COLUMNS) expect(values.get(t4Key(column.key)), column.key).toBe(t4Value(column.key));
  });

  it('names rows by their labels, not their order', () => {
    const [header, ...items] = verticalRows(true);
    const values = t4Cells([...normalTable3, header!, ...items.reverse()]);
    for (const column of T4_COLUMNS) expect(values.get(t4Key(column.key)), column.key).toBe(t4Value(column.key));
    expect(validateReport(mapTables([...normalTable3, header!, ...items], 'v2021'), 'v2021').filter((c) => c.rule.startsWith('T4')).every((c) => c.ok)).toBe(true);
  });

  it('does not read a list that names only some of the items', () => {
    const blocks = verticalRows(true).slice(0, -1);
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('does not read rows with several values as a vertical list', () => {
    const blocks = verticalRows(true).map((block, i) => (i === 3 ? { ...block, cells: [...block.cells, '0'] } : block));
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });
});
