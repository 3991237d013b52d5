import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { expandDeltas, PT_PER_MM, readOfdPage } from './ofd-page.ts';

const A4 = { x: 0, y: 0, w: 210, h: 297 };

function page(objects: string): Element[] {
  const $ = cheerio.load(`<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1">${objects}</ofd:Layer></ofd:Content></ofd:Page>`, { xml: true });
  return $.root().children().toArray() as Element[];
}

const pt = (mm: number) => mm * PT_PER_MM;

describe('expandDeltas', () => {
  it('reads plain gaps and the `g n d` repeat', () => {
    expect(expandDeltas('1.5 2')).toEqual([1.5, 2]);
    expect(expandDeltas('g 3 4.5')).toEqual([4.5, 4.5, 4.5]);
    expect(expandDeltas('1 g 2 3 5')).toEqual([1, 3, 3, 5]);
    expect(expandDeltas(undefined)).toEqual([]);
  });

  it('stops at its limit, so a damaged repeat cannot expand without end', () => {
    expect(expandDeltas('g 999999999 1', 4)).toEqual([1, 1, 1, 1]);
  });
});

describe('readOfdPage', () => {
  it('places each character at Boundary + X/Y + the DeltaX gaps, in points', () => {
    const content = readOfdPage(page('<ofd:TextObject ID="2" Boundary="10 20 50 10" Font="1" Size="5"><ofd:TextCode X="1" Y="4" DeltaX="g 2 6">一二三</ofd:TextCode></ofd:TextObject>'), A4);
    expect(content.width).toBeCloseTo(pt(210));
    expect(content.glyphs.map((g) => g.text)).toEqual(['一', '二', '三']);
    expect(content.glyphs.map((g) => g.x0)).toEqual([pt(11), pt(17), pt(23)].map((x) => expect.closeTo(x, 6)));
    const [first] = content.glyphs;
    // baseline at 24 mm: 0.85 em above it, 0.15 em below, as the PDF reader boxes glyphs
    expect(first!.y0).toBeCloseTo(pt(24 - 0.85 * 5));
    expect(first!.y1).toBeCloseTo(pt(24 + 0.15 * 5));
    expect(first!.x1).toBeCloseTo(pt(16)); // a CJK character is one em wide
    expect(first!.size).toBeCloseTo(pt(5));
    expect(first!.vertical).toBe(false);
  });

  it('repeats the last gap when DeltaX is shorter than the text, and skips blanks but keeps their advance', () => {
    const content = readOfdPage(page('<ofd:TextObject ID="2" Boundary="0 0 100 10" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="2">1 23</ofd:TextCode></ofd:TextObject>'), A4);
    expect(content.glyphs.map((g) => g.text)).toEqual(['1', '2', '3']);
    expect(content.glyphs.map((g) => g.x0)).toEqual([0, pt(4), pt(6)].map((x) => expect.closeTo(x, 6)));
    // a half-width character's box stops at its nominal width, not at the next character
    expect(content.glyphs[0]!.x1).toBeCloseTo(pt(2));
  });

  it('continues a TextCode without X from where the previous one ended', () => {
    const content = readOfdPage(
      page('<ofd:TextObject ID="2" Boundary="0 0 100 10" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="4">一二</ofd:TextCode><ofd:TextCode>三</ofd:TextCode></ofd:TextObject>'),
      A4,
    );
    expect(content.glyphs.map((g) => g.x0)).toEqual([0, pt(4), pt(8)].map((x) => expect.closeTo(x, 6)));
  });

  it('applies a text object’s CTM (scale and translation) before its Boundary offset', () => {
    const content = readOfdPage(page('<ofd:TextObject ID="2" Boundary="10 10 50 20" CTM="2 0 0 2 3 0" Size="3"><ofd:TextCode X="1" Y="3" DeltaX="3">甲乙</ofd:TextCode></ofd:TextObject>'), A4);
    expect(content.glyphs.map((g) => g.x0)).toEqual([pt(10 + 3 + 2), pt(10 + 3 + 8)].map((x) => expect.closeTo(x, 6)));
    expect(content.glyphs[0]!.size).toBeCloseTo(pt(6));
    expect(content.glyphs[0]!.y1).toBeCloseTo(pt(10 + 2 * (3 + 0.15 * 3)));
  });

  it('drops text set at an angle (a stamp or watermark)', () => {
    const content = readOfdPage(page('<ofd:TextObject ID="2" Boundary="10 10 50 50" CTM="0.7071 0.7071 -0.7071 0.7071 0 0" Size="8"><ofd:TextCode X="0" Y="8">样章</ofd:TextCode></ofd:TextObject>'), A4);
    expect(content.glyphs).toEqual([]);
  });

  it('finds text objects inside page blocks', () => {
    const content = readOfdPage(page('<ofd:PageBlock ID="9"><ofd:TextObject ID="2" Boundary="0 0 10 10" Size="4"><ofd:TextCode X="0" Y="4">字</ofd:TextCode></ofd:TextObject></ofd:PageBlock>'), A4);
    expect(content.glyphs.map((g) => g.text)).toEqual(['字']);
  });

  it('turns stroked axis-aligned path edges into ruling segments, in points', () => {
    const content = readOfdPage(
      page(
        '<ofd:PathObject ID="3" Boundary="20 30 100 1" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0.5 L 100 0.5</ofd:AbbreviatedData></ofd:PathObject>' +
          '<ofd:PathObject ID="4" Boundary="20 30 50 40"><ofd:AbbreviatedData>M 0 0 L 50 0 L 50 40 L 0 40 C</ofd:AbbreviatedData></ofd:PathObject>' +
          '<ofd:PathObject ID="5" Boundary="0 0 50 50"><ofd:AbbreviatedData>M 0 0 L 50 50</ofd:AbbreviatedData></ofd:PathObject>',
      ),
      A4,
    );
    const h = content.segments.filter((s) => s.dir === 'h');
    const v = content.segments.filter((s) => s.dir === 'v');
    expect(h).toHaveLength(3); // the line and the rectangle's top and bottom; the diagonal is no rule
    expect(v).toHaveLength(2);
    expect(h[0]!.at).toBeCloseTo(pt(30.5));
    expect(h[0]!.from).toBeCloseTo(pt(20));
    expect(h[0]!.to).toBeCloseTo(pt(120));
    expect(v.map((s) => s.at).sort((a, b) => a - b)).toEqual([pt(20), pt(70)].map((x) => expect.closeTo(x, 6)));
  });

  it('reads a thin filled rectangle as one rule, and ignores an unstroked, unfilled path', () => {
    const content = readOfdPage(
      page(
        '<ofd:PathObject ID="3" Boundary="10 10 80 0.3" Stroke="false" Fill="true"><ofd:AbbreviatedData>M 0 0 L 80 0 L 80 0.3 L 0 0.3 C</ofd:AbbreviatedData></ofd:PathObject>' +
          '<ofd:PathObject ID="4" Boundary="10 50 80 1" Stroke="false"><ofd:AbbreviatedData>M 0 0 L 80 0</ofd:AbbreviatedData></ofd:PathObject>',
      ),
      A4,
    );
    expect(content.segments).toHaveLength(1);
    expect(content.segments[0]).toMatchObject({ dir: 'h' });
    expect(content.segments[0]!.at).toBeCloseTo(pt(10.15));
  });
});
