import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { onePagePdf, pathologicalContent } from '../../test/fuzz/lib/pdf-mutate.ts';
import { createExtractionPool } from './pool.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const REPORT = '某某县某某局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t439\n';

describe('extraction pool', () => {
  const pool = createExtractionPool({ size: 2, timeoutMs: 20_000 });
  afterAll(() => pool.close());

  it('extracts on worker threads, in parallel, with results matched to their documents', async () => {
    const results = await Promise.all(
      [2021, 2022, 2023].map((year) => pool.extract(encode(REPORT.replace('2023', String(year))), { source: `r${year}.txt` })),
    );
    expect(results.map((result) => [result.source, result.report?.year])).toEqual([
      ['r2021.txt', 2021],
      ['r2022.txt', 2022],
      ['r2023.txt', 2023],
    ]);
    expect(results[0]!.cells.find((cell) => cell.key === 't2.a20_5:license:decisions')?.value).toBe(439);
  });

  it('turns a document over its time budget into E_BUDGET and keeps serving', async () => {
    const slow = createExtractionPool({ size: 1, timeoutMs: 1 });
    const result = await slow.extract(encode(REPORT.repeat(2000)), { source: 'huge.txt' });
    expect(result.error?.code).toBe('E_BUDGET');
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    await slow.close();
    const after = await pool.extract(encode(REPORT), { source: 'ok.txt' });
    expect(after.error).toBeNull();
  });
});

describe('extraction pool against pathological PDFs found by fuzzing', () => {
  it('contains pdfjs failures: a damaged page tree gives a PDF error code and the pool keeps serving', async () => {
    const pool = createExtractionPool({ size: 1, timeoutMs: 20_000 });
    try {
      const damaged = new Uint8Array(readFileSync(new URL('../../test/fuzz/fixtures/pdf-unhandled-rejection.pdf', import.meta.url)));
      expect((await pool.extract(damaged, { source: 'damaged.pdf' })).error?.code).toMatch(/^E_PDF_/);
      expect((await pool.extract(encode(REPORT), { source: 'after.txt' })).error).toBeNull();
    } finally {
      await pool.close();
    }
  });

  it('stops a content stream that would run for minutes (200 000 nested q operators) at the time budget', async () => {
    const pool = createExtractionPool({ size: 1, timeoutMs: 3_000 });
    try {
      const started = performance.now();
      const result = await pool.extract(onePagePdf(pathologicalContent('q-nesting', 200_000)), { source: 'q.pdf' });
      expect(result.error?.code ?? 'ok').toMatch(/^(E_BUDGET|E_PDF_|ok)/);
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await pool.close();
    }
  });
});
