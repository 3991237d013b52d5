/**
 * The project's sample documents (`samples/`): which reports, in which format and variant, with
 * their expected values. `scripts/make-samples.ts` writes them; `test/synthetic.test.ts` checks
 * that the committed files are what this module builds.
 */
import {
  crawlerAmbiguities,
  cutAfter,
  expectedFor,
  garbageBytes,
  generatePre2019,
  generateReport,
  generateSeries,
  present,
  renderCrawlerText,
  renderHtml,
  renderHtmlBytes,
  renderMarkdown,
  renderNewsPage,
  renderPre2019Html,
  renderText,
  type ExpectedFile,
  type GenerateOptions,
  type PresentOptions,
  type PrintedReport,
  type ReportData,
} from './index.ts';


export interface Sample {
  /** path under samples/ */
  path: string;
  bytes: Uint8Array | string;
  expected: ExpectedFile;
  /** one line for the README */
  what: string;
}

/** Folders of samples/ (and of samples/expected/) that this module owns. */
export const OWNED_FOLDERS = ['html', 'text', 'markdown', 'bad'] as const;

export interface SampleSet {
  samples: Sample[];
  readme: string;
}

export function buildSamples(): SampleSet {
  const samples: Sample[] = [];

  function add(path: string, bytes: Uint8Array | string, expected: Omit<ExpectedFile, 'file'> & { file?: string }, what: string): void {
    const { file: _ignored, ...rest } = expected;
    samples.push({ path, bytes, expected: { file: path.split('/').pop() as string, ...rest } as ExpectedFile, what });
  }

  /** First seed of `base-0, base-1, …` whose report satisfies `accept`. */
  function find(base: string, options: Omit<GenerateOptions, 'seed'>, accept: (d: ReportData) => boolean): ReportData {
    for (let i = 0; i < 10_000; i++) {
      const d = generateReport({ ...options, seed: `${base}-${i}` });
      if (accept(d)) return d;
    }
    throw new Error(`no seed for ${base}`);
  }

  const total = (d: ReportData, row: string): number => d.values[`t3:${row}:applicant.total`] ?? 0;
  const orgRequests = (d: ReportData): number => total(d, 'received.new') - (d.values['t3:received.new:applicant.natural_person'] ?? 0);
  const t4Total = (d: ReportData): number =>
    (d.values['t4:cases:review.total'] ?? 0) + (d.values['t4:cases:litigation.direct.total'] ?? 0) + (d.values['t4:cases:litigation.after_review.total'] ?? 0);

  function expected(path: string, printed: PrintedReport, variants: string[], notes: string, extra: Partial<ExpectedFile> = {}): ExpectedFile {
    return { ...expectedFor(path.split('/').pop() as string, printed), variants, notes, ...extra };
  }

  // ------------------------------------------------------------------ html

  {
    // 1. a 设区的市 people's government: large numbers, 规章 rows, thousands separators, clean TRS page
    const d = find('city-gov', { year: 2023, template: 'v2021', agencyOptions: { level: 'prefectural', type: 'government' } }, (x) =>
      total(x, 'received.new') >= 1000 && t4Total(x) > 0 && (x.values['t2.a20_8:admin_fee:amount_wan'] ?? 0) > 0 && x.values['t2.a20_1:regulation:issued']! > 0,
    );
    const opts: PresentOptions = { thousands: true };
    const p = present(d, opts);
    const path = 'html/v2021-city-gov-utf8.html';
    add(path, renderHtml(p, { cms: 'trs' }), expected(path, p, ['v2021', 'utf-8', 'site-furniture', 'metadata-table', 'large-agency', 'V-09 thousands separators'],
      'City people\'s government (has 规章 power), large request volume; counts ≥ 1000 printed with thousands separators (1,234 → 1234). Clean TRS-style page: header/nav/breadcrumb, a 信息公开 metadata table (the first <table>), related-links list naming the previous year\'s report, footer and inline scripts.'),
      'v2021, UTF-8 TRS-style portal page of a city government: large numbers with thousands separators, 规章 rows filled, 万元 decimals, metadata table before the body');
  }

  // 2–3. the same agency in consecutive years (T3-06)
  const pair = (() => {
    for (let i = 0; i < 10_000; i++) {
      const series = generateSeries({ seed: `pair-${i}`, years: [2022, 2023], template: 'v2021', agencyOptions: { level: 'county', type: 'department' }, size: 'medium' });
      const [y1, y2] = series as [ReportData, ReportData];
      if (total(y1, 'carried_forward') >= 2 && orgRequests(y1) > 0 && orgRequests(y2) > 0 && !y1.agency.rulemaking) return series;
    }
    throw new Error('no pair');
  })();
  {
    const d = pair[0] as ReportData;
    const na = ['issued', 'repealed', 'in_force'].map((c) => `t2.a20_1:regulation:${c}`);
    const p = present(d, { blankZeros: 't3-org', naKeys: na, naMarker: '/' });
    const path = 'html/v2021-gbk-split-headers.html';
    add(path, renderHtmlBytes(p, { cms: 'hanweb', charset: 'gbk', wordPaste: true, splitHeaders: true, nbspPadding: true }),
      expected(path, p, ['v2021', 'GBK (charset only in <meta http-equiv>)', 'V-05 split headers', 'V-03 blank cells = zero', 'V-04 "/" N/A', '&nbsp; padding', 'Word paste', 'hanweb furniture', 'T3-06 pair (year 1 of 2)'],
        `GBK bytes, no BOM, charset declared only in <meta http-equiv="Content-Type">. Word-pasted body (MsoNormal, font spans, <o:p>). Header and label text split over <p>, <br/> and <span> (商业</p><p>企业, 申请人情</span><span>况, 三、本/年度办/理结果), &nbsp; padding. Zero cells of the five 法人或其他组织 columns are blank (null); 规章 row printed as "/" (null). Same agency as v2021-next-year-dash-na.html (${(pair[1] as ReportData).year}): its carried_over row equals this report's carried_forward row (null = 0).`),
      'v2021, GBK with charset only in <meta>, Word paste, split headers (`商业</p><p>企业`, `<br/>`, spans), `&nbsp;` padding, blank zero cells, `/` N/A; year 1 of the T3-06 pair');
  }
  {
    const d = pair[1] as ReportData;
    const na = ['issued', 'repealed', 'in_force'].map((c) => `t2.a20_1:regulation:${c}`);
    const p = present(d, { blankZeros: 'all', naKeys: na, naMarker: '—' });
    const path = 'html/v2021-next-year-dash-na.html';
    add(path, renderHtml(p, { cms: 'trs', nbspPadding: true }),
      expected(path, p, ['v2021', 'utf-8', 'V-03 blank cells = zero (every table)', 'V-04 "—" N/A', '&nbsp; padding', 'T3-06 pair (year 2 of 2)'],
        `Every zero cell is blank (<td>&nbsp;</td> or empty) in all three tables; 规章 row printed as "—". Year 2 of the T3-06 pair with v2021-gbk-split-headers.html (${(pair[0] as ReportData).year}): received.carried_over here = carried_forward there, column by column (null counted as 0).`),
      'v2021, UTF-8, every zero printed blank, `—` N/A, `&nbsp;` padding; year 2 of the T3-06 pair (carried_over = last year\'s carried_forward)');
  }
  {
    // 4. v2019 with Shanghai-2019 habits: 总计 blank on outcome detail rows, 元 amounts, +/− deltas, V-08 colspans
    const d = find('v2019-sh', { year: 2020, template: 'v2019', procurementUnit: '元', size: 'medium' }, (x) =>
      total(x, 'received.new') >= 20 && (x.values['t2.a20_9:central_procurement:amount'] ?? 0) > 0 &&
      Object.entries(x.values).some(([k, v]) => k.endsWith(':items_delta') && v > 0) && Object.entries(x.values).some(([k, v]) => k.endsWith(':items_delta') && v < 0),
    );
    const p = present(d, { blankDetailTotals: true, plusSign: true, amountUnitSuffix: true });
    const path = 'html/v2019-2020-blank-totals.html';
    add(path, renderHtml(p, { cms: 'trs', inconsistentColspan: true }),
      expected(path, p, ['v2019', 'utf-8', 'V-03 总计 blank on outcome detail rows', 'V-08 inconsistent colspan', 'V-09 amount with unit (元)', 'signed deltas (+n/-n)'],
        'v2019 template (2020). As in the 2019 Shanghai report, the 总计 column is blank on every outcome detail row (null), so T3-02 fails on those rows and T3-03 fails on the 总计 column when null counts as 0 — the data itself is consistent. Table 2 has header and data colspans that disagree (V-08); items_delta printed with signs (+6 / -2); 采购总金额 printed with its unit (…元), value is the bare number.'),
      'v2019 (2020), Shanghai-2019 habits: 总计 blank on outcome detail rows (printed values fail T3-02/T3-03), V-08 colspans, `+n`/`-n` deltas, `…元` procurement amount');
  }
  {
    // 5. truncated download: cut in the middle of Table 3
    const d = find('truncated', { year: 2022, template: 'v2021', size: 'medium' }, (x) => total(x, 'received.new') >= 10);
    const p = present(d);
    const cutKey = 't3:outcome.withheld.third_party:applicant.org.research';
    const printed = cutAfter(p, cutKey);
    const path = 'html/v2021-truncated.html';
    add(path, renderHtml(p, { cms: 'trs', truncateAfter: cutKey }),
      expected(path, printed, ['v2021', 'utf-8', 'truncated mid-table'],
        `The file ends in the middle of Table 3, inside the start tag of the cell after ${cutKey} (no closing tags, no sections 四–六). Cells up to that key are printed; the rest are null. An extractor should report E_TRUNCATED (and may still return the printed cells); failing_rules are computed on the printed part with null = 0.`,
        { error: 'E_TRUNCATED' }),
      'v2021 page cut mid-Table 3 (inside a `<td` start tag): partial cells, E_TRUNCATED');
  }
  {
    // 6. V-21: Table 3 transposed (applicant types as rows) and Table 4 as a vertical list
    const d = find('transposed', { year: 2023, template: 'v2021', size: 'medium', agencyOptions: { level: 'county', type: 'department' } }, (x) =>
      total(x, 'received.new') >= 20 && orgRequests(x) >= 3 && t4Total(x) > 0,
    );
    const p = present(d, { blankZeros: 't3-org' });
    const path = 'html/v2021-transposed-tables.html';
    add(path, renderHtml(p, { cms: 'trs', transposed: true, splitHeaders: true }),
      expected(path, p, ['v2021', 'utf-8', 'V-21 transposed Table 3', 'V-21 vertical Table 4', 'V-05 split headers', 'V-03 blank cells = zero'],
        'Table 3 printed as its transpose: one row per applicant type (申请人情况 / 法人或其他组织 merged down the first columns), the 25 outcome rows as columns under a three-row header (一/二/四 and the single outcome rows merged down, 三、本年度办理结果 and the groups （三）–（六） merged across); the corner says 本行 instead of 本列. Table 4 as a vertical list: 行政复议 and 行政诉讼 (未经复议直接起诉 / 复议后起诉) merged down, 结果维持 … 总计 one per row with one value each. Zero cells of the five 法人或其他组织 types are blank (null). Values and identities are those of the template orientation.'),
      'v2021, Table 3 **transposed** (applicant types as rows, outcomes as columns) and Table 4 as a **vertical** list (V-21), split headers, blank zero 法人或其他组织 cells');
  }
  {
    const pre = generatePre2019('pre2019', 2015);
    const path = 'html/pre2019-2015-county.html';
    const stats = pre.stats.map((r) => `${r.label} ${r.year}/${r.cumulative === '' ? '(blank)' : r.cumulative}${r.unit}`).join('; ');
    add(path, renderPre2019Html(pre), {
      agency: pre.agency.name, year: pre.year, template: 'pre2019', cells: {}, failing_rules: [],
      variants: ['pre2019', 'Word paste', 'local 政府信息公开情况统计表'],
      notes: `Pre-2019 county government report (2015): 概述 / 主动公开 / 依申请公开 / 收费及减免 / 复议诉讼 / 问题与改进 and an annexed local 政府信息公开情况统计表 (指标名称/计量单位/${pre.year}年度/历年累计, no spans, one blank cell as &nbsp;). No v2019/v2021 cells. Table as printed (本年度/历年累计): ${stats}.`,
    }, 'pre-2019 (2015) narrative report with a local 政府信息公开情况统计表 (指标名称/计量单位/本年度/历年累计), Word paste');
  }

  // ------------------------------------------------------------------ text

  {
    const d = find('text-v2021', { year: 2023, template: 'v2021', size: 'small', breakRule: 'T3-01' }, (x) => total(x, 'received.new') >= 3);
    const p = present(d);
    const path = 'text/v2021-wordpaste-tabs.txt';
    add(path, renderText(p, { asciiParens: true, shiftedRows: ['outcome.other.misc', 'outcome.total'] }),
      expected(path, p, ['v2021', 'V-01 merged cells dropped inconsistently', 'V-12 Table 4 as one line of 15 numbers', 'V-16 heading levels', 'broken identity T3-01'],
        `Tab-separated text as copied from Word: markdown-ish headings at mixed levels, "(一) 予以公开" ASCII parentheses, leading merged cells dropped on some rows (3.其他 and (七) 总计 always, others at random) so the first number sits in different columns; Table 4 is one line of 15 numbers under flattened headers. Deliberately broken: ${d.broken?.keys.join(' and ')} were raised by the same amount, so T3-01 fails for 自然人 and 总计.`),
      'v2021 tab-separated Word copy: V-01 shifted rows, V-12 flat Table 4, mixed heading levels; **T3-01 broken** (结转下年度 typo)');
  }
  {
    const d = find('text-v2019', { year: 2019, template: 'v2019', procurementUnit: '万元', size: 'small' }, (x) =>
      total(x, 'received.new') >= 2 && Object.entries(x.values).some(([k, v]) => k.endsWith(':items_delta') && v < 0) && (x.values['t2.a20_9:central_procurement:amount'] ?? 0) > 0,
    );
    const p = present(d, { minusSign: '−', amountUnitSuffix: true });
    const path = 'text/v2019-wordpaste-tabs.txt';
    add(path, renderText(p, { shiftRate: 0.15 }),
      expected(path, p, ['v2019', 'V-01 merged cells dropped inconsistently', 'V-12', 'V-09 amount in 万元 with unit', 'U+2212 minus sign'],
        'v2019 template (2019, first year). Tab-separated; negative items_delta printed with U+2212 (−2 → -2); 采购总金额 printed with its unit (…万元), value is the bare number; rows shifted at random (V-01).'),
      'v2019 (2019) tab-separated Word copy: V-01, `−` (U+2212) negative deltas, `…万元` procurement amount');
  }
  {
    const opts = { straySpaceRate: 0.1 };
    const d = find('crawler-v2021', { year: 2022, template: 'v2021', size: 'medium', agencyOptions: { level: 'county', type: 'government' } }, (x) =>
      total(x, 'received.new') >= 40 && orgRequests(x) >= 3 && t4Total(x) > 0 && crawlerAmbiguities(present(x), opts).length === 0,
    );
    const p = present(d);
    const path = 'text/crawler-v2021.page.txt';
    add(path, renderCrawlerText(p, opts),
      expected(path, p, ['v2021', 'crawler text extract', 'glued cells', 'stray spaces at cell boundaries', 'Table 4 space-separated'],
        'Crawler page.txt: 8 metadata lines, a 正文 separator, then the whole article on one line. Table 3 cells glued without separators (label + digits, next row\'s ordinal glued to the previous digits); every glued row has exactly one split into 6 numbers + their sum (checked with leading zeros allowed). Table 2 rows glued only when every cell is one character, otherwise space-separated; Table 4 space-separated.'),
      'v2021 crawler `page.txt`: one-line body, Table 3 rows glued (`…申请数量 713000074`) with unique splits, stray spaces, Table 4 space-separated');
  }
  {
    const opts = { glueTable4: true, repeatOutcomeGroup: true, straySpaceRate: 0.1 };
    const d = find('crawler-v2019', { year: 2023, template: 'v2019', procurementUnit: '元', size: 'small', breakRule: 'T3-03', agencyOptions: { level: 'township' } }, (x) =>
      total(x, 'received.new') >= 5 && crawlerAmbiguities(present(x, { amountUnitSuffix: true }), opts).length === 0,
    );
    const p = present(d, { amountUnitSuffix: true });
    const path = 'text/crawler-v2019-2023.page.txt';
    add(path, renderCrawlerText(p, { ...opts, narrative: { declaredTemplate: 'v2021' } }),
      expected(path, p, ['v2019 tables in a 2023 report citing 〔2021〕30号 (V-07)', 'crawler text extract', 'glued cells', 'glued Table 4', 'repeated 三、本年度办理结果', 'broken identity T3-03'],
        `Township report for 2023 that cites 国办公开办函〔2021〕30号 in its preamble but prints v2019 tables (V-07): detect the template from labels. Crawler one-line body; Table 3 and Table 4 glued (unique splits: Table 3 rows 6 + sum, Table 4 three groups of 4 + sum); 三、本年度办理结果 printed again before （四） as in a real 2019 extract. Deliberately broken: ${d.broken?.keys.join(' and ')} raised by the same amount (an application counted twice), so T3-03 fails for 自然人 and 总计 while each row still adds up.`),
      'v2019 tables in a **2023** township report citing 〔2021〕30号 (V-07), crawler `page.txt`, Table 3 and Table 4 glued; **T3-03 broken**');
  }

  // ------------------------------------------------------------------ markdown

  {
    const d = find('md-v2019', { year: 2019, template: 'v2019', procurementUnit: '万元', size: 'medium', breakRule: 'T4-01', agencyOptions: { level: 'county', type: 'department' } }, (x) => total(x, 'received.new') >= 5);
    const p = present(d, { plusSign: true });
    const path = 'markdown/v2019-clean.md';
    add(path, renderMarkdown(p),
      expected(path, p, ['v2019', 'markdown pipe tables', 'three-row Table 4 header', 'broken identity T4-01'],
        `Markdown converted from HTML: one pipe table per Table 2 block, Table 3 with leaf headers and group labels in the first three columns, Table 4 with its three header rows. 采购总金额 printed without unit (value as printed, 万元). Deliberately broken: ${d.broken?.keys.join(', ')} raised, so T4-01 (行政复议 总计 = Σ four results) fails.`),
      'v2019 (2019) clean Markdown pipe tables; **T4-01 broken** (行政复议 总计 ≠ Σ)');
  }
  {
    const d = find('md-split', { year: 2024, template: 'v2021', size: 'large', agencyOptions: { level: 'prefectural', type: 'department' } }, (x) =>
      total(x, 'received.new') >= 200 && t4Total(x) > 0,
    );
    const p = present(d);
    const path = 'markdown/v2021-split-pdf.md';
    add(path, renderMarkdown(p, { split: true }),
      expected(path, p, ['v2021', 'markdown from PDF', 'partial tables', 'broken header cells', 'long labels cut (tail on a loose line)', 'page footers', 'Table 2 blocks as loose lines'],
        'PDF→Markdown conversion: prose wrapped at line width, page footers (— n —), Table 2 block (一) as a pipe table and the other blocks as loose lines ("行政许可 1234"), Table 3 split into partial tables at every group with group labels on wrapped loose lines, header cells broken (商业企|业), long row labels cut after 11 characters with the tail on a loose line before the row, 三、 in its own cell on the 予以公开 row; Table 4 header split over two rows.'),
      'v2021 PDF→Markdown conversion: Table 3 split into partial tables, broken header cells, cut labels, page footers, Table 2 partly as loose lines');
  }

  // ------------------------------------------------------------------ bad

  {
    const news = renderNewsPage('news', 2024);
    add('bad/news-article.html', news.html, {
      agency: null, year: null, template: 'unknown', cells: {}, failing_rules: [], error: 'E_NOT_REPORT',
      variants: ['not a report'],
      notes: 'A portal news article about a 政务公开 work meeting: it talks about annual reports (年度报告, 国办公开办函〔2021〕30号, 勾稽关系) and links to one in its related list, but holds no report and no tables.',
    }, 'portal news article that mentions annual reports but is not one: E_NOT_REPORT');
    add('bad/empty.html', '', {
      agency: null, year: null, template: 'unknown', cells: {}, failing_rules: [], error: 'E_EMPTY',
      variants: ['empty file'], notes: 'Zero bytes.',
    }, 'zero-byte file: E_EMPTY');
    add('bad/garbage.html', garbageBytes('garbage', 4096), {
      agency: null, year: null, template: 'unknown', cells: {}, failing_rules: [], error: 'E_BINARY',
      variants: ['binary garbage with an .html name'], notes: '4096 pseudo-random bytes (NULs, invalid UTF-8, no magic number) under an .html name.',
    }, '4 KB of random bytes named `.html`: E_BINARY');
  }

  return { samples, readme: readmeFor(samples, pair) };
}

function readmeFor(samples: Sample[], pair: ReportData[]): string {
  const rows = samples.map((s) => {
    const e = s.expected;
    const rules = e.failing_rules.length ? e.failing_rules.join(', ') : '—';
    return `| \`${s.path}\` | ${e.template} | ${e.year ?? '—'} | ${e.agency ?? '—'} | ${rules} | ${s.what} |`;
  });
  const [y1, y2] = pair as [ReportData, ReportData];
  const readme = `# samples/

Report documents the project makes itself: **synthetic**, generated by \`scripts/make-samples.ts\`
(\`npm run samples\`) from the seedable generator in \`scripts/synthetic/\`. Agencies and places are
invented; no text is copied from real reports. Running the script twice gives identical bytes.

\`npm start\` loads this folder; tests read the documents and their expected values.

- \`html/\`, \`text/\`, \`markdown/\`, \`bad/\` — the documents. This README is generated by the same script.
- \`expected/<path>.json\` — expected values for \`<path>\`, in the format at the end of
  \`shared/spec/extract-output.md\`: \`{ file, agency, year, template, cells, failing_rules }\`, with every
  key of the template (\`keysFor(template)\`) present and \`null\` where the cell is blank, an N/A
  marker or not printed; \`failing_rules\` are the §6.1 identities (T3-01…T4-03) that fail on the
  printed values with null counted as 0. Optional fields: \`error\` (the error code an extractor should
  report: E_TRUNCATED, E_NOT_REPORT, E_EMPTY, E_BINARY), \`variants\` (what the sample exercises),
  \`notes\`. Pre-2019 and bad documents have \`cells: {}\`.
- \`pdf/\`, \`broken/\`, \`expected/pdf/\` — PDF samples, maintained separately (not generated here).
- \`pdf-scanned/\`, \`expected/pdf-scanned/\` — image-only scans of PDF samples for OCR, written by
  \`scripts/make-sample-scans.ts\`; their expected files carry \`min_cell_accuracy\` (OCR misreads some cells).
- \`docx/\`, \`doc/\` (and their \`expected/\` folders) — HTML samples converted to Word by LibreOffice
  (\`scripts/make-sample-docx.ts\`, \`scripts/make-sample-doc.sh\`), with the HTML sample's values.
- \`ofd/\`, \`expected/ofd/\` — PDF samples rewritten as OFD (GB/T 33190) by \`scripts/make-sample-ofd.ts\`,
  with the PDF sample's values.

Values as printed: \`1,234\` → 1234; \`562.0678\` (万元) keeps its decimals; \`+6\` / \`-2\` / \`−2\`
deltas keep their sign; \`251000元\` / \`16.92万元\` → the bare number; blank, \`/\`, \`—\` → null.

## Samples

| file | template | year | agency | failing rules | exercises |
|---|---|---|---|---|---|
${rows.join('\n')}

## Cross-year pair (T3-06)

\`html/v2021-gbk-split-headers.html\` (${y1.agency.name}, ${y1.year}) and
\`html/v2021-next-year-dash-na.html\` (same agency, ${y2.year}): year ${y2.year}'s
\`received.carried_over\` row equals year ${y1.year}'s \`carried_forward\` row in every column
(null counted as 0; ${y1.year} prints zero 法人或其他组织 cells blank). Table 2 continues too
(\`in_force\` ${y2.year} = \`in_force\` ${y1.year} + issued − repealed, T2-01).

## Identities broken on purpose

- \`text/v2021-wordpaste-tabs.txt\` — T3-01 (结转下年度 raised for 自然人 and 总计).
- \`text/crawler-v2019-2023.page.txt\` — T3-03 (予以公开 raised for 自然人 and 总计: outcomes exceed （七）总计).
- \`markdown/v2019-clean.md\` — T4-01 (行政复议 总计 ≠ sum of its four results).
- \`html/v2019-2020-blank-totals.html\` — consistent data, but 总计 is printed blank on outcome detail rows,
  so T3-02 and T3-03 fail on the printed values.
- \`html/v2021-truncated.html\` — the printed part stops inside Table 3, so T3-01/T3-02/T3-03 fail on
  what is printed.

## Regenerating

\`\`\`sh
npm run samples
\`\`\`

The generator is also a library (\`scripts/synthetic/index.ts\`): \`generateReport\`, \`generateSeries\`,
\`generateMany\` (benchmarks), \`present\` (printed cells), renderers (\`renderHtml\`, \`renderHtmlBytes\`,
\`renderText\`, \`renderMarkdown\`, \`renderCrawlerText\`, \`renderPre2019Html\`, \`renderNewsPage\`,
\`garbageBytes\`) and \`expectedFor\`.
`;
  return readme;
}
