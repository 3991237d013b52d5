import { describe, expect, it } from 'vitest';
import type { Block } from '../model.ts';
import { toRecords } from './records.ts';
import { mapTable2 } from './table2.ts';

/** v2019 Table 2 rows as loose text lines (a PDF→Markdown conversion), blank cells not printed. */
const text = (line: string): Block => ({ kind: 'text', cells: [line], page: null });
function license(line: string): Record<string, number | null> {
  const blocks = [text('第二十条第（五）项'), text('信息内容上一年项目数量本年增/减处理决定数量'), text(line)];
  const cells = mapTable2(toRecords(blocks), 'v2019', new Set());
  return Object.fromEntries(cells.filter((cell) => cell.key.startsWith('t2.a20_5:license:')).map((cell) => [cell.key.split(':')[2]!, cell.value]));
}

describe('Table 2 signed numbers', () => {
  it('reads a number printed with its sign as 本年增/减, not a glued number cut to push it along', () => {
    expect(license('行政许可 56 +2')).toEqual({ items_prev: 56, items_delta: 2 });
    expect(license('行政许可 56 -3')).toEqual({ items_prev: 56, items_delta: -3 });
  });

  it('keeps every printed cell in its place, signed or not', () => {
    expect(license('行政许可 5 6 +2')).toEqual({ items_prev: 5, items_delta: 6, decisions: 2 });
    expect(license('行政许可 56 0 12')).toEqual({ items_prev: 56, items_delta: 0, decisions: 12 });
  });
});
