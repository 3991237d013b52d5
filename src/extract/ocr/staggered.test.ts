import { describe, expect, it } from 'vitest';
import { replaceBand, staggeredBands } from './staggered.ts';
import type { OcrWord } from './tsv.ts';

const word = (line: string, left: number, top: number, width: number, height: number, conf: number, text: string): OcrWord => ({
  line,
  left,
  top,
  width,
  height,
  conf,
  text,
});

/** Body lines 35 px high; line 1.1.2 merged a two-line header band (tall, unsure words). */
const WORDS: OcrWord[] = [
  word('1.1.1', 100, 100, 200, 35, 96, '申请人情况'),
  word('1.1.2', 100, 200, 120, 35, 95, '自然人'),
  word('1.1.2', 300, 200, 100, 88, 28, 'as'),
  word('1.1.2', 450, 202, 120, 89, 20, 'nae'),
  word('1.1.2', 650, 200, 70, 35, 96, '总计'),
  // a duplicate fragment Tesseract put on a line of its own, inside the band
  word('1.1.3', 320, 250, 30, 16, 60, '7'),
  word('1.1.4', 100, 400, 300, 35, 96, '一、本年新收政府信息公开申请数量'),
  // one stretched but well-read character is no band
  word('1.1.5', 100, 500, 40, 80, 95, '之'),
  word('1.1.5', 140, 500, 40, 35, 20, '和'),
];

describe('staggeredBands', () => {
  it('finds the line with several tall, unsure words and spans all its words', () => {
    expect(staggeredBands(WORDS)).toEqual([{ left: 100, top: 200, width: 620, height: 91 }]);
  });

  it('finds nothing on a page of ordinary lines', () => {
    expect(staggeredBands(WORDS.filter((w) => w.line !== '1.1.2'))).toEqual([]);
  });

  it('joins overlapping bands', () => {
    const second = [word('2.1.1', 600, 250, 100, 90, 10, 'x'), word('2.1.1', 800, 250, 100, 90, 10, 'y')];
    expect(staggeredBands([...WORDS, ...second])).toEqual([{ left: 100, top: 200, width: 800, height: 140 }]);
  });
});

describe('replaceBand', () => {
  it('replaces the words centred in the band with the second reading, placed back on the page', () => {
    const [band] = staggeredBands(WORDS);
    const reread = [
      word('1.1.1', 30, 30, 120, 35, 94, '自然人'),
      word('2.1.1', 230, 30, 110, 35, 96, '商业企业'),
      word('3.1.1', 230, 70, 60, 35, 92, '构'),
      // centred above the band: the line above, already read
      word('4.1.1', 230, -60, 100, 35, 96, '申请人情况'),
    ];
    const out = replaceBand(WORDS, band!, reread, { left: 70, top: 170 }, 'band0');
    expect(out.map((w) => w.text)).toEqual(['申请人情况', '一、本年新收政府信息公开申请数量', '之', '和', '自然人', '商业企业', '构']);
    expect(out.find((w) => w.text === '构')).toMatchObject({ left: 300, top: 240, line: 'band0.3.1.1' });
  });
});
