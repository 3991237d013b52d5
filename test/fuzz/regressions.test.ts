/**
 * Regression tests for the robustness bugs the fuzz harness found, each named after what broke.
 * They run the extractors in-process on the minimal input that showed the bug.
 */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extract/extract-document.ts';
import { candidateRows, lastIsTotal } from '../../src/extract/tables/split.ts';
import { buildReport } from './lib/seeds.ts';

const encode = (text: string) => new TextEncoder().encode(text);

async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
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
