import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { T3_COLUMNS, T4_COLUMNS, t3Key, t3RowsFor, t4Key } from '../../domain/vocabulary.ts';
import { textToModel } from '../text/text-model.ts';
import type { Block } from '../model.ts';
import { mapTables } from './map-tables.ts';
import { orientTables } from './orientation.ts';
import { transposedReadings } from './transposed-text.ts';

/** V-21 tables in a crawler's flattened page text (one text block, cells glued). */
const ROWS = t3RowsFor('v2021');
const APPLICANTS = T3_COLUMNS.map((column) => column.labels[0]!);
const HEADER = `（本行数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） ${ROWS.map((r) => `${r.ordinal ?? ''}${r.labels[0]}`).join(' ')}`;
const zeros = () => ROWS.map(() => 0);
/** A row of the transpose from the values of some template rows (the rest 0). */
function applicant(values: Record<string, number>): number[] {
  return ROWS.map((r) => values[r.key] ?? 0);
}
const text = (line: string): Block => ({ kind: 'text', cells: [line], page: null });

/** Page text: prose, the header, each applicant type with its numbers glued (`spaces`: cell indexes followed by a space). */
function page(rows: number[][], spaces: ReadonlySet<number> = new Set()): string {
  const body = rows.map((values, i) => `${i === 0 ? '申请人情况 ' : i === 1 ? '法人或其他组织 ' : ''}${APPLICANTS[i]} ${values.map((v, k) => `${v}${spaces.has(k) ? ' ' : ''}`).join('')}`);
  return `三、收到和处理政府信息公开申请情况 ${HEADER} ${body.join(' ')} 四、政府信息公开行政复议、行政诉讼情况 本年度未发生行政复议。`;
}

function expectCells(blocks: Block[], rows: number[][]): void {
  const value = new Map(mapTables(blocks, 'v2021').map((cell) => [cell.key, cell.value]));
  rows.forEach((values, c) => ROWS.forEach((r, j) => expect(value.get(t3Key(r.key, T3_COLUMNS[c]!.key)), `${r.key} ${c}`).toBe(values[j])));
}

// natural persons: 10 new, 1 carried over; 1 granted, 10 not held; total 11 — glued, it also reads as 11 granted
const person = applicant({ 'received.new': 10, 'received.carried_over': 1, 'outcome.granted': 1, 'outcome.unable.not_held': 10, 'outcome.total': 11 });
const firm = applicant({ 'received.new': 2, 'outcome.granted': 2, 'outcome.total': 2 });
const total = person.map((v, j) => v + firm[j]!);
const consistent = [person, firm, zeros(), zeros(), zeros(), zeros(), total];

describe('transposed Table 3 in crawler text (V-21)', () => {
  it('splits each applicant row by its own arithmetic (outcomes add up to 总计, 一 + 二 = 总计 + 四)', () => {
    expect(transposedReadings([firm.join('')], ROWS.length)).toEqual([firm]);
    expect(transposedReadings([person.join('')], ROWS.length)).toHaveLength(2);
    // a space at a true boundary leaves one reading
    expect(transposedReadings([person.slice(0, 3).join(''), person.slice(3).join('')], ROWS.length)).toEqual([person]);
  });

  it('reads the rows in template orientation; a row with two readings is settled by the 总计 row', () => {
    expect(transposedReadings([total.join('')], ROWS.length)).toEqual([total]);
    expectCells([text(page(consistent))], consistent);
  });

  it('reads numbers with spaces at some cell boundaries', () => {
    expectCells([text(page(consistent, new Set([0, 2, 3, 15, 23])))], consistent);
  });

  it('leaves the text alone when two rows each read two ways', () => {
    // 总计 now also reads two ways (10|1|1|10… and 10|1|11|0…): nothing settles them
    const blocks = [text(page([person, zeros(), zeros(), zeros(), zeros(), zeros(), person]))];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });

  it('leaves the text alone when a row has no reading, or an applicant type is missing', () => {
    const broken = [person, firm, zeros(), zeros(), zeros(), zeros(), firm];
    const wrongTotal = [text(page(broken.map((row, i) => (i === 6 ? row.map((v, j) => (j === 0 ? v + 1 : v)) : row))))];
    expect(orientTables(wrongTotal, 'v2021')).toBe(wrongTotal);
    const missing = [text(page(consistent).replace('科研机构', '其它单位'))];
    expect(orientTables(missing, 'v2021')).toBe(missing);
  });

  it('leaves a crawler page with Table 3 in the template orientation as it is', () => {
    const model = textToModel(readFileSync(new URL('../../../samples/text/crawler-v2021.page.txt', import.meta.url), 'utf8'), 'text');
    expect(orientTables(model.blocks, 'v2021')).toBe(model.blocks);
  });

  it('does not read applicant rows under a header that names no outcome rows', () => {
    const blocks = [text(page(consistent).replace(HEADER, `申请人类型 ${ROWS.map((_, i) => `第${'一二三四五六七八九十'[i % 10]}项`).join(' ')}`))];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });
});

describe('vertical Table 4 in crawler text (V-21)', () => {
  const LEAVES = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const VALUES: Record<string, number> = { 'review.upheld': 1, 'review.total': 1, 'litigation.after_review.corrected': 2, 'litigation.after_review.total': 2 };
  const items = T4_COLUMNS.map((column, i) => {
    const group = i === 0 ? '行政复议 ' : i === 5 ? '行政诉讼 未经复议直接起诉 ' : i === 10 ? '复议后起诉 ' : '';
    return `${group}${LEAVES[i % 5]} ${VALUES[column.key] ?? 0}`;
  });

  it('reads fifteen label–number pairs as the template row', () => {
    const blocks = [text(`四、政府信息公开行政复议、行政诉讼情况 项目 件数 ${items.join(' ')} 五、存在的主要问题及改进情况 无。`)];
    const out = orientTables(blocks, 'v2021');
    // the template's single row of 15 values, in order, between the text around it
    expect(out.map((block) => block.kind)).toEqual(['text', 'row', 'row', 'text']);
    expect(out[2]!.cells).toEqual(T4_COLUMNS.map((column) => String(VALUES[column.key] ?? 0)));
    const value = new Map(mapTables([text(page(consistent)), ...out], 'v2021').map((cell) => [cell.key, cell.value]));
    for (const column of T4_COLUMNS) expect(value.get(t4Key(column.key)), column.key).toBe(VALUES[column.key] ?? 0);
  });

  it('leaves prose with numbers alone', () => {
    const blocks = [text(`四、政府信息公开行政复议、行政诉讼情况 本年度行政复议1件，结果维持1件，行政诉讼2件，其中复议后起诉2件，结果纠正2件。`)];
    expect(orientTables(blocks, 'v2021')).toBe(blocks);
  });
});
