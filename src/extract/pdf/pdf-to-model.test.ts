import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { t3RowsFor, T4_COLUMNS, t3Key, t4Key, T3_COLUMNS, type TableTemplate } from '../../domain/vocabulary.ts';
import type { Block } from '../model.ts';
import { pdfToModel, type PdfDocumentModel } from './index.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const REAL = path.resolve(ROOT, '../shared/corpus/real');
const SAMPLES = path.join(ROOT, 'samples/pdf');

interface Expected {
  template: TableTemplate;
  cells: Record<string, number | null>;
}

const squash = (text: string) => text.replace(/\s+/gu, '');
const rows = (model: PdfDocumentModel) => model.blocks.filter((b) => b.kind === 'row');

/** The printed form of an expected value: '' for blank, else the number (signs and units dropped). */
function valueOf(cell: string): number | null {
  if (cell.trim() === '') return null;
  return Number(cell.replace(/[^\d.-]/g, ''));
}

/**
 * Table 3's data rows in template order: for each, the first row block after the previous one
 * whose label cell ends with the template label (or a typo of it, `aliases`) and which has 7
 * value cells at its end. Rows the report does not print are absent.
 */
function table3Rows(model: PdfDocumentModel, template: TableTemplate, aliases: Record<string, string> = {}): Map<string, Block> {
  const found = new Map<string, Block>();
  const all = rows(model);
  let from = 0;
  for (const spec of t3RowsFor(template)) {
    const labels = [...spec.labels, ...(aliases[spec.key] ? [aliases[spec.key]!] : [])].map(squash);
    const at = all.findIndex(
      (b, i) => i >= from && b.cells.length >= 8 && b.cells.slice(0, -7).some((c) => labels.some((l) => squash(c).endsWith(l))),
    );
    if (at < 0) continue;
    found.set(spec.key, all[at]!);
    from = at + 1;
  }
  return found;
}

function expectTable3(model: PdfDocumentModel, expected: Expected, aliases: Record<string, string> = {}): void {
  const t3 = table3Rows(model, expected.template, aliases);
  for (const spec of t3RowsFor(expected.template)) {
    const want = T3_COLUMNS.map((c) => expected.cells[t3Key(spec.key, c.key)] ?? null);
    const block = t3.get(spec.key);
    // a row missing from the model must be one the report does not print
    expect(block?.cells.slice(-7).map(valueOf) ?? want.map(() => null), spec.key).toEqual(want);
  }
  expect(t3.size).toBeGreaterThan(20);
  // one table, even where it runs over a page break
  expect(new Set([...t3.values()].map((b) => b.table)).size).toBe(1);
}

function expectTable4(model: PdfDocumentModel, expected: Expected): void {
  const want = T4_COLUMNS.map((c) => expected.cells[t4Key(c.key)] ?? null);
  const row = rows(model).find((b) => b.cells.length === 15 && b.cells.every((c) => valueOf(c) !== null && !Number.isNaN(valueOf(c))));
  expect(row?.cells.map(valueOf)).toEqual(want);
}

describe.runIf(existsSync(path.join(REAL, 'szfgs2024.pdf')))('real corpus PDFs (../shared/corpus/real)', () => {
  const load = async (name: string) => {
    const model = await pdfToModel(readFileSync(path.join(REAL, name)));
    const expected = JSON.parse(readFileSync(path.join(REAL, 'expected', `${name}.json`), 'utf8')) as Expected;
    return { model, expected };
  };

  it('szfgs2024: Table 3 rows with their labels and values, in order', async () => {
    const { model, expected } = await load('szfgs2024.pdf');
    expect(model.pageCount).toBe(6);
    expect(model.title).toBe('淮安市人民政府2024 年政府信息公开工作年度报告');
    expect(rows(model).find((b) => b.cells[0] === '一、本年新收政府信息公开申请数量')?.cells).toEqual([
      '一、本年新收政府信息公开申请数量',
      ...'3001|53|0|0|61|4|3119'.split('|'),
    ]);
    expectTable3(model, expected);
    expectTable4(model, expected);
  });

  it('szfgs2024: a merged cell cut by the page break is joined, and page numbers are gone', async () => {
    const { model } = await load('szfgs2024.pdf');
    const unable = rows(model).find((b) => b.cells.includes('1.本机关不掌握相关政府信息'));
    expect(unable?.cells.slice(0, 2)).toEqual(['（四）无法提供', '1.本机关不掌握相关政府信息']);
    const next = rows(model).find((b) => b.cells.includes('2.没有现成信息需要另行制作'));
    expect(next?.page).toBe(5);
    expect(next?.cells).toEqual(['2.没有现成信息需要另行制作', '11', '0', '0', '0', '0', '0', '11']);
    expect(model.blocks.some((b) => /^-\s*\d+\s*-$/.test(b.cells[0]!))).toBe(false);
  });

  it('hzq2024: the vertical (Identity-V) row-group label keeps all its characters', async () => {
    const { model, expected } = await load('hzq2024_working.pdf');
    expect(rows(model).find((b) => b.cells.includes('（一）予以公开'))?.cells[0]).toBe('三、本年度办理结果');
    // the report prints the label with a typo, and （六）其他处理 as one row (expected: sub-rows null)
    expectTable3(model, expected, { 'outcome.withheld.law_prohibited': '其他法律行政止公开' });
    expectTable4(model, expected);
    // Table 2 runs from page 2 to page 3 as one table
    const t2 = rows(model).filter((b) => b.table === 0);
    expect(new Set(t2.map((b) => b.page))).toEqual(new Set([2, 3]));
    expect(t2.find((b) => b.cells[0] === '行政事业性收费')?.cells).toEqual(['行政事业性收费', '7545']);
  });
});

describe('sample PDFs (samples/pdf)', () => {
  const names = readdirSync(SAMPLES).filter((f) => f.endsWith('.pdf'));
  const load = async (name: string) => {
    const model = await pdfToModel(readFileSync(path.join(SAMPLES, name)));
    const expected = JSON.parse(readFileSync(path.join(ROOT, 'samples/expected/pdf', `${name}.json`), 'utf8')) as Expected;
    return { model, expected };
  };

  it.each(names)('%s: Table 3 and Table 4 rows carry the expected values', async (name) => {
    const { model, expected } = await load(name);
    expect(model.pageErrors).toEqual([]);
    expectTable3(model, expected);
    expectTable4(model, expected);
    // furniture: no page-number line and no running header line survives
    expect(model.blocks.some((b) => /^(—|-)\s*\d+\s*(—|-)$|^第\s*\d+\s*页$/.test(b.cells[0]!))).toBe(false);
    expect(model.blocks.filter((b) => b.kind === 'text' && b.cells[0] === model.title).length).toBeLessThanOrEqual(1);
  });

  it('v2021 ruled: Table 3 continues on the next page; its repeated header rows are dropped', async () => {
    const { model } = await load('v2021-ruled-repeated-header.pdf');
    const t3 = rows(model).filter((b) => b.table === rows(model).find((r) => r.cells.includes('（一）予以公开'))!.table);
    expect(new Set(t3.map((b) => b.page)).size).toBe(2);
    expect(t3.filter((b) => b.cells.includes('自然人'))).toHaveLength(1);
    // the narrow merged label column reads as one label, in the first row it spans
    expect(t3.find((b) => b.cells.includes('（一）予以公开'))?.cells[0]).toBe('三、本年度办理结果');
    // the 3-row header: 申请人情况 spans 7 columns, 法人或其他组织 5 (merged cells appear once)
    expect(t3[0]!.cells).toEqual(['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况']);
    expect(t3[1]!.cells).toEqual(['自然人', '法人或其他组织', '总计']);
  });

  it('v2019 ruled: a group label cut by the page break is not repeated on the next page', async () => {
    const { model } = await load('v2019-ruled-split.pdf');
    const first = rows(model).find((b) => b.cells.some((c) => c.endsWith('要求提供公开出版物')));
    expect(first?.cells[0]).toBe('3.要求提供公开出版物');
  });

  it('borderless: blank cells keep their column', async () => {
    const { model } = await load('v2021-borderless.pdf');
    const row = rows(model).find((b) => b.cells[0] === '一、本年新收政府信息公开申请数量');
    expect(row?.cells).toEqual(['一、本年新收政府信息公开申请数量', '1', '', '', '', '', '', '1']);
  });
});
