import { describe, expect, it } from 'vitest';
import type { Block } from '../model.ts';
import { assembleBlocks, type BlockSource } from '../pdf/assemble.ts';
import { placeDoubts, type PagedDoubt } from '../pdf/doubt-places.ts';
import type { Glyph } from '../pdf/geometry.ts';
import type { PageLayout, TableCell } from '../pdf/page-layout.ts';
import { mapTables } from '../tables/map-tables.ts';
import { decoy, doubtKeys, matchesOf, type PlacedDoubt } from './doubt-keys.ts';

const row = (...cells: string[]): Block => ({ kind: 'row', cells, page: 2, table: 0 });
const map = (blocks: readonly Block[]) => mapTables(blocks, 'v2021');

/** A v2021 Table 3 as an OCR'd page gives it: row blocks with real cell boundaries. */
const TABLE3: Block[] = [
  row('申请人情况'),
  row('自然人', '法人或其他组织', '总计'),
  row('商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'),
  row('一、本年新收政府信息公开申请数量', '7', '1', '0', '0', '0', '0', '8'),
  row('二、上年结转政府信息公开申请数量', '1', '0', '0', '0', '0', '0', '1'),
  row('三、本年度办理结果', '（一）予以公开', '7', '1', '0', '0', '0', '0', '8'),
  row('（七）总计', '7', '1', '0', '0', '0', '0', '8'),
  row('四、结转下年度继续办理', '1', '0', '0', '0', '0', '0', '1'),
];

const doubt = (text: string, place: PlacedDoubt['place'], reread: string | null = '4'): PlacedDoubt => ({
  page: 2,
  text,
  reread,
  conf: 71.26,
  rereadConf: reread === null ? null : 86.44,
  place,
});

describe('OCR doubts → canonical cell keys', () => {
  const cells = map(TABLE3);

  it('names the cell whose value came from the doubted word, with both readings', () => {
    // the "1" of 商业企业 in the received.new row (block 3, cell 2), not the other 1s of the table
    expect(doubtKeys(TABLE3, cells, [doubt('1', { block: 3, cell: 2, occurrence: 0 })], map)).toEqual([
      { key: 't3:received.new:applicant.org.commercial', page: 2, read: '1', alternative: '4', confidence: 71.3, alternativeConfidence: 86.4 },
    ]);
    expect(doubtKeys(TABLE3, cells, [doubt('8', { block: 6, cell: 7, occurrence: 0 }, null)], map)).toEqual([
      { key: 't3:outcome.total:applicant.total', page: 2, read: '8', alternative: null, confidence: 71.3, alternativeConfidence: null },
    ]);
  });

  it('finds the word among the same number in one text line by its match', () => {
    const text: Block[] = [...TABLE3.slice(0, 7), { kind: 'text', cells: ['四、结转下年度继续办理 1 0 0 0 0 0 1'], page: 2 }];
    const textCells = map(text);
    const keys = (occurrence: number) => doubtKeys(text, textCells, [doubt('1', { block: 7, cell: 0, occurrence })], map).map((note) => note.key);
    expect(keys(0)).toEqual(['t3:carried_forward:applicant.natural_person']);
    expect(keys(1)).toEqual(['t3:carried_forward:applicant.total']);
  });

  it('keeps a doubt no cell took with a null key: unplaced, a header, or a report without tables', () => {
    expect(doubtKeys(TABLE3, cells, [doubt('7', null)], map).map((note) => note.key)).toEqual([null]);
    expect(doubtKeys(TABLE3, cells, [doubt('商业', { block: 2, cell: 0, occurrence: 0 })], map).map((note) => note.key)).toEqual([null]);
    expect(doubtKeys(TABLE3, [], [doubt('7', { block: 3, cell: 1, occurrence: 0 })], () => []).map((note) => note.key)).toEqual([null]);
  });

  it('matches whole numbers first, and changes every digit of the decoy', () => {
    expect(matchesOf('11 1 1.5 +1', '1')).toEqual([3, 10]);
    expect(matchesOf('173', '7')).toEqual([1]);
    expect(decoy('+1,090.5')).toBe('+6,545.0');
  });
});

describe('OCR doubts → their place in the blocks (PDF geometry)', () => {
  const cell = (text: string, x0: number, y0: number): TableCell => ({ text, x0, x1: x0 + 20, y0, y1: y0 + 10, rowSpan: 1 });
  const glyph = (text: string, x0: number, y0: number): Glyph => ({ text, x0: x0 + 2, x1: x0 + 8, y0: y0 + 2, y1: y0 + 8, size: 6, vertical: false });
  const page: PageLayout = {
    page: 2,
    width: 600,
    height: 800,
    items: [
      { kind: 'text', y0: 10, y1: 20, size: 6, text: '共 1 件 1 次' },
      { kind: 'table', method: 'stream', y0: 100, y1: 120, xs: [0, 100, 200], rows: [[cell('行政处罚', 0, 100), cell('1', 100, 100), cell('1', 200, 100)]] },
    ],
  };
  const sources: BlockSource[] = [];
  const blocks = assembleBlocks([page], sources);
  const glyphs = new Map([[2, [glyph('共', 0, 10), glyph('1', 20, 10), glyph('件', 40, 10), glyph('1', 60, 10), glyph('次', 80, 10), glyph('1', 100, 100), glyph('1', 200, 100)]]]);
  const at = (x0: number, y0: number): PagedDoubt => ({ page: 2, text: '1', reread: '4', conf: 70, rereadConf: 90, x0: x0 + 2, x1: x0 + 8, y0: y0 + 2, y1: y0 + 8 });

  it('places a word in its table cell, and in a text line by the same words before it', () => {
    expect(placeDoubts([at(200, 100), at(60, 10), at(20, 10), at(500, 500)], blocks, sources, glyphs).map((d) => d.place)).toEqual([
      { block: 1, cell: 2, occurrence: 0 },
      { block: 0, cell: 0, occurrence: 1 },
      { block: 0, cell: 0, occurrence: 0 },
      null,
    ]);
  });
});
