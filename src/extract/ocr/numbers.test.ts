import { describe, expect, it } from 'vitest';
import { doubtfulNumbers, readStrip, settle, stackCrops } from './numbers.ts';
import type { OcrWord } from './tsv.ts';

const word = (line: string, left: number, text: string, conf: number, top = 100, height = 30): OcrWord => ({
  line,
  left,
  top,
  width: 20 * text.length,
  height,
  conf,
  text,
});

describe('doubtfulNumbers', () => {
  const words = [
    word('1', 100, '本年新收', 96),
    word('1', 400, '27', 97),
    word('1', 600, '3', 95),
    word('2', 100, '上年结转', 96, 200),
    word('2', 400, '7', 82, 200), // a row value read unsure
    word('2', 600, ';', 17, 200), // noise under a value column
    word('3', 100, '2022', 40, 300), // a year in prose: text follows it
    word('3', 200, '年共收到', 95, 300),
    word('4', 90, '1.', 20, 400), // an ordinal
    word('4', 130, '属于国家秘密', 95, 400),
    word('4', 400, '0', 95, 400),
    word('5', 100, '标题', 95, 500),
    word('5', 400, 'er', 20, 500), // noise, but on a line without numbers: a misread heading
  ];

  it('picks unsure values and noise in value columns, not prose numbers, ordinals or headings', () => {
    expect(doubtfulNumbers(words, 30).map((w) => w.text)).toEqual(['7', ';']);
  });
});

describe('settle', () => {
  const seven = word('1', 400, '7', 82);

  it('confirms a word the second reading agrees with', () => {
    expect(settle(seven, { text: '7', conf: 90 })).toEqual({ word: { ...seven, conf: 90 }, doubt: false });
  });

  it('takes a fairly sure second reading of another length (a digit dropped or added)', () => {
    expect(settle(seven, { text: '27', conf: 84 })).toMatchObject({ word: { text: '27' }, doubt: false });
  });

  it('keeps the first reading of a disputed digit, as a doubt, unless the first was a guess', () => {
    expect(settle(word('1', 400, '1', 80), { text: '4', conf: 88 })).toMatchObject({ word: { text: '1' }, doubt: true });
    expect(settle(word('1', 400, '2', 45), { text: '0', conf: 95 })).toMatchObject({ word: { text: '0' }, doubt: false });
    expect(settle(seven, null)).toMatchObject({ word: { text: '7' }, doubt: true });
  });

  it('replaces noise only by a sure number, and never makes noise a doubt', () => {
    expect(settle(word('1', 400, ';', 17), { text: '0', conf: 95 })).toMatchObject({ word: { text: '0' }, doubt: false });
    expect(settle(word('1', 400, ';', 17), { text: '0', conf: 60 })).toMatchObject({ word: { text: ';' }, doubt: false });
  });
});

describe('stackCrops and readStrip', () => {
  it('lays the crops out apart and maps each word of the second reading back to its crop', () => {
    const image = { width: 1000, height: 600, pixels: new Uint8Array(1000 * 600).fill(255) };
    image.pixels[105 * 1000 + 405] = 0;
    const words = [word('1', 400, '7', 82), word('2', 600, ';', 17, 200)];
    const strip = stackCrops(image, words, 30);
    expect(strip.places).toHaveLength(2);
    const [a, b] = strip.places;
    expect(b!.left).toBeGreaterThan(a!.left + a!.width);
    // the dark pixel keeps its place in the first crop
    // (the crop is padded by 0.3 word heights: 9 px)
    expect(strip.image.pixels[(a!.top + 14) * strip.image.width + a!.left + 14]).toBe(0);
    const second = [
      { line: '1.1.1', left: a!.left + 2, top: a!.top + 5, width: 30, height: 25, conf: 90, text: '27' },
      { line: '1.1.1', left: b!.left + 2, top: b!.top + 5, width: 15, height: 25, conf: 95, text: '0' },
    ];
    expect(readStrip(strip, second)).toEqual([
      { text: '27', conf: 90 },
      { text: '0', conf: 95 },
    ]);
    expect(readStrip(strip, [])).toEqual([null, null]);
  });
});
