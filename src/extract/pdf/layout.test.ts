/** Unit tests of the layout analysis on synthetic geometry (no PDF needed). */
import { describe, expect, it } from 'vitest';
import { findFurniture, isPageNumberText } from './furniture.ts';
import type { Glyph, Segment } from './geometry.ts';
import { buildLatticeTable } from './lattice.ts';
import { groupRules } from './rules.ts';
import { findStreamTables } from './stream.ts';
import { buildLines, joinCellLines, lineText } from './text-lines.ts';

const SIZE = 9;

/** Glyphs of `text` set from (x, y) (top of the line), one em per CJK character, half for others. */
function text(str: string, x: number, y: number, size = SIZE): Glyph[] {
  const out: Glyph[] = [];
  for (const ch of str) {
    const w = /[\u0000-\u00ff]/.test(ch) ? size / 2 : size;
    if (ch !== ' ') out.push({ text: ch, x0: x, x1: x + w, y0: y, y1: y + size, size, vertical: false });
    x += w;
  }
  return out;
}

const h = (at: number, from: number, to: number): Segment => ({ dir: 'h', at, from, to });
const v = (at: number, from: number, to: number): Segment => ({ dir: 'v', at, from, to });

describe('lattice tables', () => {
  it('rebuilds a grid with a colspan and a rowspan from missing rule segments', () => {
    // columns at x = 0, 100, 200, 300; rows at y = 0, 20, 40, 60
    // row 0: "header" spans columns 0–1 (no vertical at x=100 between y 0–20)
    // column 0: "group" spans rows 1–2 (no horizontal at y=40 between x 0–100)
    const segments = [
      h(0, 0, 300),
      h(20, 0, 300),
      h(40, 100, 300),
      h(60, 0, 300),
      v(0, 0, 60),
      v(100, 20, 60),
      v(200, 0, 60),
      v(300, 0, 60),
    ];
    const glyphs = [
      ...text('header', 10, 5),
      ...text('total', 210, 5),
      ...text('三、本', 10, 25),
      ...text('年度', 10, 35),
      ...text('a', 110, 25),
      ...text('1', 210, 25),
      ...text('b', 110, 45),
      ...text('2', 210, 45),
    ];
    const [group] = groupRules(segments);
    const built = buildLatticeTable(group!, glyphs);
    expect(built?.table.rows.map((r) => r.map((c) => [c.text, c.rowSpan, c.colSpan]))).toEqual([
      [
        ['header', 1, 2],
        ['total', 1, 1],
      ],
      [
        ['三、本年度', 2, 1],
        ['a', 1, 1],
        ['1', 1, 1],
      ],
      [
        ['b', 1, 1],
        ['2', 1, 1],
      ],
    ]);
    expect(built?.used.size).toBe(glyphs.length);
  });

  it('merges borders drawn per cell and twice (half a point apart) into one rule', () => {
    const segments = [h(0, 0, 50), h(0.4, 50, 100), h(30, 0, 100), v(0, 0, 30), v(50, 0, 30), v(50.5, 0, 30), v(100, 0, 30)];
    const [group] = groupRules(segments);
    const built = buildLatticeTable(group!, [...text('x', 10, 10), ...text('y', 60, 10)]);
    expect(built?.table.xs).toHaveLength(3);
    expect(built?.table.rows[0]!.map((c) => c.text)).toEqual(['x', 'y']);
  });
});

describe('tables with column rules only', () => {
  it('are left to the stream analysis, which finds their rows', () => {
    // a top and a bottom rule and four column rules, no rules between the rows
    const segments = [h(0, 0, 300), h(80, 0, 300), v(0, 0, 80), v(150, 0, 80), v(240, 0, 80), v(300, 0, 80)];
    const glyphs = [20, 40, 60].flatMap((y, k) => [...text(`第${k + 1}行标签`, 10, y), ...text(String(k * 7), 200, y), ...text(String(k), 260, y)]);
    const [group] = groupRules(segments);
    expect(buildLatticeTable(group!, glyphs)).toBeNull();
    const { tables } = findStreamTables(buildLines(glyphs));
    expect(tables[0]!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['第1行标签', '0', '0'],
      ['第2行标签', '7', '1'],
      ['第3行标签', '14', '2'],
    ]);
  });
});

describe('text lines', () => {
  it('joins wrapped cell lines without the break, keeping a space only between Latin words', () => {
    expect(joinCellLines(['（二）部分公开（区分处理的，只计这一情', '形，不计其他情形）'])).toBe('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    expect(joinCellLines(['12', '345'])).toBe('12345');
    expect(joinCellLines(['annual', 'report'])).toBe('annual report');
  });

  it('splits a line into chunks at wide gaps', () => {
    const [line] = buildLines([...text('规章', 0, 0), ...text('12', 100, 0), ...text('3', 200, 0)]);
    expect(line!.chunks.map((c) => c.text)).toEqual(['规章', '12', '3']);
    expect(lineText(line!)).toBe('规章 12 3');
  });
});

describe('page furniture', () => {
  const line = (page: number, y0: number, str: string) => ({ page, y0, y1: y0 + 10, pageHeight: 842, text: str });

  it('recognises page-number forms', () => {
    for (const t of ['- 3 -', '— 12 —', '-3-', '·3·', '第 3 页', '第3页 共6页', '3/6', '3', 'Page 2 of 5']) expect(isPageNumberText(t), t).toBe(true);
    for (const t of ['2024 年', '一、总体情况', '3119 件']) expect(isPageNumberText(t), t).toBe(false);
  });

  it('drops page numbers and repeated running headers in the margins, nothing else', () => {
    const lines = [
      line(1, 20, 'XX局2023年政府信息公开工作年度报告'),
      line(1, 400, '— 1 —'), // not in a margin: body text
      line(1, 800, '— 1 —'),
      line(2, 20, 'XX局2023年政府信息公开工作年度报告'),
      line(2, 30, '附件'), // in the margin once: kept
      line(2, 800, '— 2 —'),
      line(3, 20, 'XX局2023年政府信息公开工作年度报告'),
      line(3, 800, '— 3 —'),
    ];
    const furniture = findFurniture(lines, 3);
    expect(lines.filter((l) => !furniture.has(l)).map((l) => [l.page, l.text])).toEqual([
      [1, '— 1 —'],
      [2, '附件'],
    ]);
  });
});

describe('stream (borderless) tables', () => {
  it('keeps blank cells in their column, using the headers of columns no row fills', () => {
    const xs = [200, 250, 300, 350];
    const glyphs = [
      ...text('自然人', xs[0]! - 9, 0),
      ...text('商业企业', xs[1]! - 14, 0),
      ...text('科研机构', xs[2]! - 14, 0),
      ...text('总计', xs[3]! - 5, 0),
      ...text('一、本年新收申请数量', 20, 20),
      ...text('5', xs[0]!, 20),
      ...text('5', xs[3]!, 20),
      ...text('二、上年结转申请数量', 20, 40),
      ...text('1', xs[0]!, 40),
      ...text('2', xs[1]!, 40),
      ...text('3', xs[3]!, 40),
    ];
    const { tables } = findStreamTables(buildLines(glyphs));
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['自然人', '商业企业', '科研机构', '总计'],
      ['一、本年新收申请数量', '5', '', '', '5'],
      ['二、上年结转申请数量', '1', '2', '', '3'],
    ]);
  });

  it('attaches a wrapped label line to its row and leaves prose alone', () => {
    const glyphs = [
      ...text('本报告所列数据的统计期限自2023年1月1日起至12月31日止。', 20, 0),
      ...text('（一）予以公开', 20, 30),
      ...text('7', 300, 30),
      ...text('7', 350, 30),
      ...text('（二）部分公开（区分处理的，只计', 20, 50),
      ...text('1', 300, 55),
      ...text('1', 350, 55),
      ...text('这一情形，不计其他情形）', 20, 60),
    ];
    const { tables, used } = findStreamTables(buildLines(glyphs));
    expect(tables[0]!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['（一）予以公开', '7', '7'],
      ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '1', '1'],
    ]);
    expect(used.size).toBe(4);
  });
});
