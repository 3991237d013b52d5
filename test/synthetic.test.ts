import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysFor } from '../src/domain/vocabulary.ts';
import {
  RULE_IDS,
  checkIdentities,
  countSplits,
  crawlerAmbiguities,
  encodeGbk,
  expectedFor,
  failingRules,
  generateMany,
  generateReport,
  generateSeries,
  present,
  renderCrawlerText,
  renderHtml,
  renderHtmlBytes,
  renderMarkdown,
  renderText,
  uniqueSplit,
  usccWithCheck,
  type ExpectedFile,
} from '../scripts/synthetic/index.ts';
import { buildSamples } from '../scripts/synthetic/samples.ts';

const SAMPLES = join(import.meta.dirname, '..', 'samples');

describe('synthetic report data', () => {
  const reports = generateMany(500, 'test');

  it('has a value for exactly the template keys, in printed order', () => {
    for (const r of reports) expect(Object.keys(r.values)).toEqual(keysFor(r.template));
  });

  it('satisfies every §6.1 identity unless told to break one', () => {
    for (const r of reports) {
      expect(r.broken).toBeNull();
      expect(r.failingRules).toEqual([]);
      expect(checkIdentities(r.template, r.values).filter((c) => !c.ok)).toEqual([]);
    }
  });

  it('breaks exactly the requested identity', () => {
    for (const rule of RULE_IDS) {
      for (let i = 0; i < 40; i++) {
        const r = generateReport({ seed: `break-${rule}-${i}`, breakRule: rule });
        expect(r.failingRules, `${rule} seed ${i}`).toEqual([rule]);
        expect(failingRules(r.template, r.values)).toEqual([rule]);
        expect(r.broken?.rule).toBe(rule);
      }
    }
  });

  it('looks like real reports: non-negative counts, signed deltas only where allowed, many zeros, some large agencies', () => {
    let zeros = 0;
    let cells = 0;
    let large = 0;
    const wrong: string[] = [];
    for (const r of reports) {
      for (const [key, value] of Object.entries(r.values)) {
        cells++;
        if (value === 0) zeros++;
        if (!key.endsWith(':items_delta') && value < 0) wrong.push(`${r.seed} ${key} negative`);
        if (!key.endsWith(':amount_wan') && !key.endsWith(':amount') && !Number.isInteger(value)) wrong.push(`${r.seed} ${key} not an integer`);
      }
      if ((r.values['t3:received.new:applicant.total'] ?? 0) >= 500) large++;
      expect(r.template === 'v2019' || r.year >= 2021).toBe(true);
    }
    expect(wrong).toEqual([]);
    expect(zeros / cells).toBeGreaterThan(0.5);
    expect(large).toBeGreaterThan(0);
    expect(reports.some((r) => r.template === 'v2019')).toBe(true);
    expect(reports.some((r) => Object.entries(r.values).some(([k, v]) => k.endsWith(':items_delta') && v < 0))).toBe(true);
    expect(reports.some((r) => !Number.isInteger(r.values['t2.a20_8:admin_fee:amount_wan'] ?? 0))).toBe(true);
  });

  it('is deterministic per seed', () => {
    expect(generateReport({ seed: 'same' })).toEqual(generateReport({ seed: 'same' }));
    expect(generateReport({ seed: 'same' })).not.toEqual(generateReport({ seed: 'other' }));
  });

  it('continues a series: carried_over(Y) = carried_forward(Y−1) (T3-06), in_force continues (T2-01)', () => {
    for (let i = 0; i < 20; i++) {
      const [a, b] = generateSeries({ seed: `series-${i}`, years: [2022, 2023], template: 'v2021' });
      expect(b!.agency).toEqual(a!.agency);
      for (const col of ['natural_person', 'org.commercial', 'org.research', 'org.public_interest', 'org.legal_service', 'org.other', 'total']) {
        expect(b!.values[`t3:received.carried_over:applicant.${col}`]).toBe(a!.values[`t3:carried_forward:applicant.${col}`]);
      }
      const inForce = 't2.a20_1:normative_doc:in_force';
      expect(b!.values[inForce]).toBe(a!.values[inForce]! + b!.values['t2.a20_1:normative_doc:issued']! - b!.values['t2.a20_1:normative_doc:repealed']!);
    }
  });

  it('makes 10,000 distinct reports', () => {
    const many = generateMany(10_000, 'bench');
    expect(many).toHaveLength(10_000);
    expect(new Set(many.map((report) => report.id)).size).toBe(10_000);
  });

  it('writes valid USCC check characters', () => {
    // a published example code: 91350100M000100Y43
    expect(usccWithCheck('91350100M000100Y4')).toBe('91350100M000100Y43');
    for (const r of reports.slice(0, 50)) expect(usccWithCheck(r.agency.uscc.slice(0, 17))).toBe(r.agency.uscc);
  });
});

describe('renderers', () => {
  const v2021 = generateReport({ seed: 'render-2021', template: 'v2021', year: 2023, size: 'medium' });
  const v2019 = generateReport({ seed: 'render-2019', template: 'v2019', year: 2020, size: 'medium' });

  it('are deterministic', () => {
    for (const d of [v2021, v2019]) {
      const p = present(d, { blankZeros: 't3-org', plusSign: true });
      expect(renderHtml(p, { splitHeaders: true, nbspPadding: true })).toBe(renderHtml(present(d, { blankZeros: 't3-org', plusSign: true }), { splitHeaders: true, nbspPadding: true }));
      expect(renderText(p)).toBe(renderText(p));
      expect(renderMarkdown(p, { split: true })).toBe(renderMarkdown(p, { split: true }));
      expect(Buffer.from(renderHtmlBytes(p, { charset: 'gbk' })).equals(Buffer.from(renderHtmlBytes(p, { charset: 'gbk' })))).toBe(true);
    }
  });

  it('print every cell of the template', () => {
    const p = present(v2021);
    const html = renderHtml(p);
    expect(html).toContain('colspan="3" rowspan="3"');
    expect(html).toContain('rowspan="22"');
    expect(html).toContain('rowspan="8"');
    expect(renderHtml(present(v2019))).toContain('rowspan="20"');
    const text = renderText(p);
    expect(text.split('\n').filter((l) => /^(\d+\t){14}\d+$/.test(l))).toHaveLength(1);
  });

  it('encode GBK that decodes back, with the charset only in <meta>', () => {
    const p = present(v2021);
    const bytes = renderHtmlBytes(p, { charset: 'gbk' });
    const decoded = new TextDecoder('gbk').decode(bytes);
    expect(decoded).toBe(renderHtml(p, { charset: 'gbk' }));
    expect(decoded).toContain('charset=gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(new TextDecoder('gbk').decode(encodeGbk('“三安全一稳定”〔2021〕（一）'))).toBe('“三安全一稳定”〔2021〕（一）');
  });

  it('glue crawler rows only where the split is unique', () => {
    expect(uniqueSplit('713000074', { groups: [6] })).toEqual([71, 3, 0, 0, 0, 0, 74]);
    expect(countSplits('1111113', { groups: [6] })).toBe(0);
    expect(countSplits('000000000000000', { groups: [4, 4, 4] })).toBe(1);
    for (let i = 0; i < 50; i++) {
      const d = generateReport({ seed: `glue-${i}`, template: 'v2021', size: 'medium' });
      const p = present(d);
      if (crawlerAmbiguities(p).length > 0) expect(() => renderCrawlerText(p)).toThrow(/unique split/);
      else expect(renderCrawlerText(p)).toContain('==================== 正文 ====================');
    }
  });
});

describe('samples/', () => {
  const { samples, readme } = buildSamples();

  it('covers both templates, every format, failing identities and bad documents', () => {
    const templates = new Set(samples.map((s) => s.expected.template));
    expect([...templates].sort()).toEqual(['pre2019', 'unknown', 'v2019', 'v2021']);
    for (const folder of ['html/', 'text/', 'markdown/', 'bad/']) expect(samples.some((s) => s.path.startsWith(folder))).toBe(true);
    expect(samples.filter((s) => s.expected.failing_rules.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(samples.length).toBeGreaterThanOrEqual(12);
  });

  it('are committed exactly as the generator builds them (run `npm run samples`)', () => {
    for (const s of samples) {
      const file = join(SAMPLES, s.path);
      expect(existsSync(file), s.path).toBe(true);
      expect(Buffer.from(readFileSync(file)).equals(Buffer.from(typeof s.bytes === 'string' ? Buffer.from(s.bytes, 'utf8') : s.bytes)), s.path).toBe(true);
      const exp = JSON.parse(readFileSync(join(SAMPLES, 'expected', `${s.path}.json`), 'utf8')) as ExpectedFile;
      expect(exp, s.path).toEqual(s.expected);
    }
    expect(readFileSync(join(SAMPLES, 'README.md'), 'utf8')).toBe(readme);
  });

  it('expected files hold exactly the template key set and the failing rules of the printed values', () => {
    for (const s of samples) {
      const e = s.expected;
      expect(e.file).toBe(s.path.split('/').pop());
      if (e.template === 'v2021' || e.template === 'v2019') {
        expect(Object.keys(e.cells)).toEqual(keysFor(e.template));
        expect(e.failing_rules).toEqual(failingRules(e.template, e.cells));
        for (const v of Object.values(e.cells)) expect(v === null || typeof v === 'number').toBe(true);
      } else {
        expect(e.cells).toEqual({});
        expect(e.failing_rules).toEqual([]);
      }
    }
  });

  it('include two consecutive years of one agency whose carried_over continues carried_forward (T3-06)', () => {
    const reports = samples.map((s) => s.expected).filter((e) => e.template === 'v2021' || e.template === 'v2019');
    const pairs = reports.flatMap((a) => reports.filter((b) => b.agency === a.agency && b.year === (a.year ?? 0) + 1).map((b) => [a, b] as const));
    expect(pairs.length).toBeGreaterThanOrEqual(1);
    for (const [a, b] of pairs) {
      for (const col of ['natural_person', 'org.commercial', 'org.research', 'org.public_interest', 'org.legal_service', 'org.other', 'total']) {
        expect(b.cells[`t3:received.carried_over:applicant.${col}`] ?? 0).toBe(a.cells[`t3:carried_forward:applicant.${col}`] ?? 0);
      }
    }
  });

  it('expectedFor reads values as printed (blank / N/A → null)', () => {
    const d = generateReport({ seed: 'printed', template: 'v2019', year: 2020, size: 'medium', procurementUnit: '元' });
    const p = present(d, { blankZeros: 'all', naKeys: ['t2.a20_1:regulation:made'], naMarker: '/', amountUnitSuffix: true });
    const e = expectedFor('x.html', p);
    for (const key of keysFor('v2019')) {
      const v = d.values[key]!;
      if (v === 0) expect(e.cells[key], key).toBeNull();
      else expect(e.cells[key], key).toBe(v);
    }
    expect(p.cells['t2.a20_1:regulation:made']!.raw).toBe('/');
  });
});
