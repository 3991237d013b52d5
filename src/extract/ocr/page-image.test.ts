import { describe, expect, it } from 'vitest';
import { eraseRules, findRules, readPgm, writePgm, type GreyImage } from './page-image.ts';

/** A 300 dpi image with a 2 px horizontal rule, a 1 px vertical rule with a gap, and a short stroke. */
function ruledImage(): GreyImage {
  const width = 400;
  const height = 300;
  const pixels = new Uint8Array(width * height).fill(255);
  for (const y of [50, 51]) for (let x = 20; x < 380; x++) pixels[y * width + x] = 30;
  for (let y = 10; y < 290; y++) if (y !== 150) pixels[y * width + 200] = 90;
  for (let x = 50; x < 130; x++) pixels[200 * width + x] = 0; // 80 px: a heading's stroke, not a rule
  return { width, height, pixels };
}

describe('rules in a page image', () => {
  it('finds horizontal and vertical rules, bridging small breaks, but not short strokes', () => {
    const rules = findRules(ruledImage(), 300);
    expect(rules.filter((r) => r.dir === 'h')).toEqual([
      { dir: 'h', at: 50.5, from: 20, to: 380 },
      { dir: 'h', at: 51.5, from: 20, to: 380 },
    ]);
    expect(rules.filter((r) => r.dir === 'v')).toEqual([{ dir: 'v', at: 200.5, from: 10, to: 290 }]);
  });

  it('finds no rules where lines of one direction have no crossing partner (underlines, big strokes)', () => {
    const image = ruledImage();
    for (let y = 0; y < image.height; y++) image.pixels[y * image.width + 200] = 255;
    expect(findRules(image, 300)).toEqual([]);
  });

  it('paints rules out and leaves the rest', () => {
    const image = ruledImage();
    eraseRules(image, findRules(image, 300));
    expect(image.pixels[51 * image.width + 100]).toBe(255);
    expect(image.pixels[100 * image.width + 200]).toBe(255);
    expect(image.pixels[200 * image.width + 60]).toBe(0);
  });

  it('reads back the PGM it writes', () => {
    const image = ruledImage();
    const back = readPgm(writePgm(image));
    expect([back.width, back.height]).toEqual([400, 300]);
    expect(Buffer.compare(Buffer.from(back.pixels), Buffer.from(image.pixels))).toBe(0);
    expect(() => readPgm(new TextEncoder().encode('P2\n1 1\n255\n0'))).toThrow(/PGM/);
  });
});
