/**
 * Regression tests for the robustness bugs the fuzz harness found, each named after what broke.
 * They run the extractors in-process on the minimal input that showed the bug.
 */
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extract/extract-document.ts';
import { MAX_HTML_NESTING, nestingDepth } from '../../src/extract/html/nesting.ts';
import { labelScore, normalizeLabel } from '../../src/extract/tables/labels.ts';
import { candidateRows, lastIsTotal } from '../../src/extract/tables/split.ts';
import { t3RowsFor } from '../../src/domain/vocabulary.ts';
import { publicationDate } from '../../src/extract/publication-date.ts';
import { nested } from './lib/mutate.ts';
import { buildReport, loadSeeds } from './lib/seeds.ts';

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * CPU time of this thread, not wall time: the CI machine has two cores shared with the other test
 * files, and the work measured here is synchronous. Thresholds sit well below the broken code's times.
 */
async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = process.threadCpuUsage();
  const value = await run();
  const used = process.threadCpuUsage(started);
  return { value, ms: (used.user + used.system) / 1000 };
}

/** The built v2021 report with every Table 3 row's numbers replaced by `runs(label)`. */
function withTable3Rows(runs: (label: string) => string): string {
  let inTable3 = false;
  return buildReport('v2021', 'spaced')
    .split('\n')
    .map((line) => {
      if (line.includes('本年新收')) inTable3 = true;
      if (line.startsWith('四、')) inTable3 = false;
      return inTable3 ? `${line.replace(/[\d\s]+$/, '')} ${runs(line)}` : line;
    })
    .join('\n');
}

describe('glued-number splitter (tables/split.ts)', () => {
  it('two 300-digit runs in a Table 3 row no longer stall the cut enumeration (was ~10 s per row)', async () => {
    const tokens = [{ raw: '9'.repeat(300) }, { raw: '9'.repeat(300) }];
    const { ms } = await timed(() => candidateRows(tokens, 7, lastIsTotal));
    expect(ms).toBeLessThan(500);
  });

  it('every Table 3 row holding long glued runs still extracts within the budget', async () => {
    for (const runs of [(): string => `${'9'.repeat(300)} ${'9'.repeat(300)}`, (): string => '1'.repeat(20), (line: string) => Array.from({ length: 40 }, (_, i) => ((i * 7919 + line.length) % 9) + 1).join('')]) {
      const { value: result, ms } = await timed(() => extractDocument(encode(withTable3Rows(runs)), { source: 'glued.txt' }));
      expect(result.error).toBeNull();
      expect(ms).toBeLessThan(2000);
    }
  });

  it('a 400-digit run is no Infinity cell: it stays printed, value null (unparsed)', () => {
    const [row] = candidateRows([{ raw: '9'.repeat(400) }], 1);
    expect(row![0]).toMatchObject({ value: null, nullReason: 'unparsed', raw: '9'.repeat(400) });
  });

  it('a dotted digit run ("1.2.3.4.5") is no NaN cell', () => {
    const rows = candidateRows([{ raw: '1.2.3.4.5' }, { parsed: { value: 1, raw: '1' }, raw: '1' }], 2);
    for (const row of rows) for (const slot of row) expect(slot.value === null || Number.isFinite(slot.value)).toBe(true);
    const cut = candidateRows([{ raw: '1.2.3.4.5' }], 3);
    for (const row of cut) for (const slot of row) expect(slot.value === null || Number.isFinite(slot.value)).toBe(true);
  });

  it('a 400-digit run in a Table 4 cell yields no non-finite value', async () => {
    const text = buildReport('v2021', 'tsv').replace(/^\d+(?:\t\d+){14}$/m, (line) => `${'9'.repeat(400)}${line.slice(1)}`);
    expect(text).toContain('9'.repeat(400));
    const result = await extractDocument(encode(text), { source: 'huge-number.txt' });
    for (const cell of result.cells) expect(cell.value === null || Number.isFinite(cell.value)).toBe(true);
  });
});

describe('text adapter (text/text-model.ts)', () => {
  it('a line of 100 000 spaces no longer makes the Markdown rule regex backtrack quadratically (was 11 s)', async () => {
    for (const line of [`${' '.repeat(100_000)}x`, `--${' '.repeat(100_000)}x`]) {
      const text = `${buildReport('v2021', 'markdown')}\n${line}\n`;
      const { value: result, ms } = await timed(() => extractDocument(encode(text), { source: 'spaces.md' }));
      expect(result.error).toBeNull();
      expect(ms).toBeLessThan(1000);
    }
  });
});

const htmlPage = (body: string) =>
  `<html><head><meta charset="utf-8"><title>某局2023年政府信息公开工作年度报告</title></head><body>${body}</body></html>`;
const bigText = '本年新收政府信息公开申请数量 1 2 3 '.repeat(5000);

describe('HTML adapter (html/)', () => {
  it('a page nested 100 000 <div>s deep is refused with E_BUDGET at once (was 98 s, then E_INTERNAL)', async () => {
    const { value: result, ms } = await timed(() => extractDocument(encode(htmlPage(nested('div', 100_000, 'x'))), { source: 'deep.html' }));
    expect(result.error?.code).toBe('E_BUDGET');
    expect(ms).toBeLessThan(500);
  });

  it('3 000 unclosed <font>s, one per paragraph, are refused (parse5 reopened them all: 4.5 M elements, 28 s)', async () => {
    const body = Array.from({ length: 3000 }, (_, i) => `<p><font color="#${i}">a</p>`).join('');
    const { value: result, ms } = await timed(() => extractDocument(encode(htmlPage(body)), { source: 'fonts.html' }));
    expect(result.error?.code).toBe('E_BUDGET');
    expect(ms).toBeLessThan(500);
  });

  it('5 000 nested <b>s no longer overflow the stack (E_INTERNAL): E_BUDGET', async () => {
    const result = await extractDocument(encode(htmlPage(nested('b', 5000, 'x'))), { source: 'bold.html' });
    expect(result.error?.code).toBe('E_BUDGET');
  });

  it('pages just under the nesting limit, with 100 KB of text at the bottom, read within the budget (995 nested <div>s took 4 minutes: the body finder and text() were quadratic in the depth)', async () => {
    for (const [tag, depth] of [['div', 995], ['div class="title"', 995], ['table><tr><td', 330], ['font color="red"', 495]] as const) {
      const { value: result, ms } = await timed(() => extractDocument(encode(htmlPage(nested(tag, depth, bigText))), { source: 'deep.html' }));
      expect(result.error, tag).toBeNull();
      expect(ms, tag).toBeLessThan(2000);
    }
  });

  it('tables of rowspan=colspan=65535 cells fill a bounded grid (5 000 rows took 43 s)', async () => {
    const rows = '<tr><td rowspan="65535" colspan="65535">本年新收政府信息公开申请数量</td><td>1</td></tr>'.repeat(5000);
    const { value: result, ms } = await timed(() => extractDocument(encode(htmlPage(`<p>某某局2023年政府信息公开工作年度报告</p><table>${rows}</table>`)), { source: 'spans.html' }));
    expect(result.error).toBeNull();
    expect(ms).toBeLessThan(2000);
  });

  it('real and sample pages nest far below the limit, and the estimate is never far below the parsed depth', () => {
    for (const seed of loadSeeds({ samplesPerKind: 100 }).filter((s) => s.kind === 'html')) {
      const html = new TextDecoder().decode(seed.bytes);
      const estimate = nestingDepth(html);
      expect(estimate, seed.name).toBeLessThan(MAX_HTML_NESTING / 10);
      const $ = cheerio.load(html);
      let deepest = 0;
      const stack: [AnyNode, number][] = [[$.root()[0]!, 0]];
      while (stack.length) {
        const [node, depth] = stack.pop()!;
        if (node.type === 'tag') deepest = Math.max(deepest, depth);
        for (const child of 'children' in node ? node.children : []) stack.push([child, depth + 1]);
      }
      expect(estimate, seed.name).toBeGreaterThanOrEqual(deepest - 3);
    }
  });
});

describe('table mapper (tables/align.ts, tables/labels.ts)', () => {
  it('a Table 3 region of 18 000 records still yields every row within the budget (alignment is records × rows label scores)', async () => {
    const text = buildReport('v2021', 'tsv').replace(/^(一、本年新收.*)$/m, (line) => `${line}\n${line.replace(/\t/g, ' ')}\n`.repeat(9_000));
    const { value: result, ms } = await timed(() => extractDocument(encode(text), { source: 'long-table.txt' }));
    expect(result.error).toBeNull();
    expect(result.cells.length).toBe(200);
    expect(ms).toBeLessThan(2000);
  });

  it('scoring a long observed label against every template label cuts it into bigrams once (each score re-cut it: minutes for a wide table)', async () => {
    const labels = t3RowsFor('v2021').flatMap((row) => row.labels);
    const { ms } = await timed(() => {
      for (let record = 0; record < 200; record++) {
        const observed = normalizeLabel(`${record}行政复议结果维持${'其他法律行政法规'.repeat(2500)}`);
        for (const label of labels) labelScore(observed, label);
      }
    });
    expect(ms).toBeLessThan(1500);
  });
});

describe('glued-number splitter, second pass (tables/split.ts)', () => {
  it('3 000-digit runs in every table cell no longer make the splitter try and parse 3 000 parts per search node (16 s for HTML, 23 s for tab rows)', async () => {
    for (const layout of ['html', 'tsv'] as const) {
      const report = buildReport('v2021', layout);
      const tables = report.indexOf('二、');
      const text = report.slice(0, tables) + report.slice(tables).replace(/\d+/g, () => '9'.repeat(3000));
      const { value: result, ms } = await timed(() => extractDocument(encode(text), { source: `runs.${layout === 'html' ? 'html' : 'txt'}` }));
      expect(result.error, layout).toBeNull();
      for (const cell of result.cells) expect(cell.value === null || Number.isFinite(cell.value)).toBe(true);
      expect(ms, layout).toBeLessThan(2000);
    }
  });

  it('a row of 20 000 cells, mostly blank, is fitted in linear time (every blank window copied the row: quadratic)', async () => {
    const tokens = Array.from({ length: 20_000 }, (_, i) => (i % 3 ? { raw: '', parsed: { value: null, raw: '', nullReason: 'blank' as const } } : { raw: '1', parsed: { value: 1, raw: '1' } }));
    const { ms } = await timed(() => candidateRows(tokens, 7, lastIsTotal));
    expect(ms).toBeLessThan(200);
    const leading = Array.from({ length: 200_000 }, () => ({ raw: '', parsed: { value: null, raw: '', nullReason: 'blank' as const } }));
    const { value: rows, ms: fitted } = await timed(() => candidateRows([...leading, { raw: '3', parsed: { value: 3, raw: '3' } }], 1));
    expect(rows[0]!.map((slot) => slot.value)).toEqual([3]);
    expect(fitted).toBeLessThan(500);
  });
});

describe('publication date (publication-date.ts)', () => {
  it('strips tags in linear time from a page of 50 000 unclosed "<" (was 2.5 s: /<[^>]*>/ rescans to the end from each one)', async () => {
    const page = `<p>发布日期：2024-01-20</p>${'<'.repeat(50_000)}`;
    const { value, ms } = await timed(() => publicationDate({ text: '', page, source: 'x.html', reportYear: 2023 }));
    expect(value).toEqual({ date: '2024-01-20', basis: 'label' });
    expect(ms).toBeLessThan(200);
  });

  it('reads a meta date in linear time when many unclosed meta tags repeat (was quadratic: /[^>]*?/ to the end from each)', async () => {
    const page = `<meta content="2024-01-20" `.repeat(20_000);
    const { value, ms } = await timed(() => publicationDate({ text: '', page, source: 'x.html', reportYear: 2023 }));
    expect(value).toBeNull();
    expect(ms).toBeLessThan(200);
  });
});
