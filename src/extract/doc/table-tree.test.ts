import { describe, expect, it } from 'vitest';
import type { ParagraphProps } from './paragraph-props.ts';
import type { Paragraph } from './paragraphs.ts';
import { nestTables, type Item } from './table-tree.ts';

const props = (depth: number, extra: Partial<ParagraphProps> = {}): ParagraphProps => ({ depth, rowEnd: false, innerCellEnd: false, mergedAway: [], ...extra });
const text = (value: string): Paragraph => ({ text: value, cellMark: false, props: props(0) });
/** A depth-1 cell: its text ends with U+0007. */
const cell = (value: string): Paragraph => ({ text: value, cellMark: true, props: props(1) });
/** A depth-1 row mark: one more U+0007, flagged as the row's end, with its cells' merge flags. */
const rowMark = (mergedAway: boolean[] = []): Paragraph => ({ text: '', cellMark: true, props: props(1, { rowEnd: true, mergedAway }) });

/** Tables as arrays of rows of cell texts, paragraphs as strings. */
function shape(items: Item[]): unknown[] {
  return items.map((item) =>
    item.kind === 'paragraph' ? item.text : item.rows.map((row) => row.cells.map((content) => (content.length === 1 && content[0]!.kind === 'paragraph' ? content[0]!.text : shape(content)))),
  );
}

describe('nestTables', () => {
  it('turns cell marks into cells and row marks into rows, between paragraphs', () => {
    const items = nestTables([text('二、主动公开政府信息情况'), cell('信息内容'), cell('本年制发件数'), rowMark(), cell('规章'), cell('2'), rowMark(), text('三、收到和处理政府信息公开申请情况')]);
    expect(shape(items)).toEqual(['二、主动公开政府信息情况', [['信息内容', '本年制发件数'], ['规章', '2']], '三、收到和处理政府信息公开申请情况']);
  });

  it('keeps an empty cell as a cell: two U+0007 in a row end a row only when the second is flagged so', () => {
    const items = nestTables([cell('（二）部分公开'), cell(''), cell('7'), rowMark()]);
    expect(shape(items)).toEqual([[['（二）部分公开', '', '7']]]);
  });

  it("keeps a row mark's merge flags with its row", () => {
    const [table] = nestTables([cell(''), cell('（二）部分公开'), cell('297'), rowMark([true, false, false])]);
    expect(table).toMatchObject({ kind: 'table', rows: [{ mergedAway: [true, false, false] }] });
  });

  it('keeps the paragraphs of a cell together', () => {
    const inCell: Paragraph = { text: '商业', cellMark: false, props: props(1) };
    expect(shape(nestTables([inCell, cell('企业'), rowMark()]))).toEqual([[[[ '商业', '企业' ]]]]);
  });

  it('nests a table whose cells and rows end with flagged paragraph marks inside the cell that holds it', () => {
    const inner = (value: string, extra: Partial<ParagraphProps>): Paragraph => ({ text: value, cellMark: false, props: props(2, extra) });
    const items = nestTables([
      { text: '正文', cellMark: false, props: props(1) },
      inner('规章', { innerCellEnd: true }),
      inner('2', { innerCellEnd: true }),
      inner('', { rowEnd: true }),
      cell('落款'),
      rowMark(),
    ]);
    expect(shape(items)).toEqual([[[['正文', [['规章', '2']], '落款']]]]);
  });

  it('keeps the rows of a table cut off before its last row mark', () => {
    expect(shape(nestTables([cell('规章'), cell('2'), rowMark(), cell('行政规范性文件'), cell('0')]))).toEqual([[['规章', '2'], ['行政规范性文件', '0']]]);
  });

  it('refuses a depth no Word file has', () => {
    expect(() => nestTables([{ text: 'x', cellMark: false, props: props(1_000_000) }])).toThrow(expect.objectContaining({ code: 'E_DOC_INVALID' }));
  });
});
