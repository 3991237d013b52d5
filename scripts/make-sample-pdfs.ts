/**
 * Writes the PDF samples: `samples/pdf/*.pdf` (print layouts of synthetic reports converted by
 * LibreOffice), their expected values in `samples/expected/pdf/<name>.pdf.json`, and the broken
 * PDFs in `samples/broken/` with their README. Data and prose come from the seedable generator in
 * `scripts/synthetic/`; the print HTML (fonts, column widths, running header, page-number footer,
 * borders or none) is written here. Needs LibreOffice, CJK fonts, poppler-utils, qpdf and img2pdf:
 * run it through `scripts/make-sample-pdfs.sh`, which installs them.
 *
 *   scripts/make-sample-pdfs.sh
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildNarrative,
  expectedFor,
  generateReport,
  present,
  type GenerateOptions,
  type Narrative,
  type PresentOptions,
  type PrintedReport,
} from './synthetic/index.ts';
import {
  T3_APPLICANT,
  T3_CORNER,
  T3_ORG,
  T3_ORG_LABELS,
  T3_OUTCOME_GROUP,
  T4_GROUP_LABELS,
  T4_KEYS_IN_ORDER,
  T4_LEAF_LABELS,
  T4_SUBGROUP_LABELS,
  outcomeRowCount,
  t2Blocks,
  t3Rows,
} from './synthetic/layout.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples');

interface PdfSample {
  name: string;
  generate: GenerateOptions;
  present: PresentOptions;
  font: string;
  /** false: a borderless table layout (spec §7 V-13) */
  borders: boolean;
  /** mark Table 3's header rows as a repeated heading (LibreOffice repeats them after a page break) */
  repeatHeader: boolean;
  /** running header text, or none */
  runningHeader: boolean;
  /** page-number footer: `— 3 —`, `- 3 -` or `第 3 页` */
  footer: 'emdash' | 'dash' | 'page';
  /** extra prose paragraphs before Table 2, so that Table 3 falls across a page break */
  padding: number;
  variants: string[];
}

const SAMPLES: PdfSample[] = [
  {
    name: 'v2021-ruled-repeated-header',
    generate: { seed: 'pdf-v2021-ruled', template: 'v2021', year: 2023, size: 'medium' },
    present: {},
    font: 'Noto Serif CJK SC',
    borders: true,
    repeatHeader: true,
    runningHeader: true,
    footer: 'emdash',
    padding: 3,
    variants: [
      'v2021',
      'ruled tables (LibreOffice, Noto Serif CJK CFF fonts)',
      'Table 3 split over a page break with its 3 header rows repeated',
      'rowspan/colspan headers; 三、本年度办理结果 in a narrow merged column (one or two characters a line)',
      'running header and — N — page-number footer',
    ],
  },
  {
    name: 'v2019-ruled-split',
    generate: { seed: 'pdf-v2019-ruled', template: 'v2019', year: 2020, size: 'large', procurementUnit: '元' },
    present: { plusSign: true, amountUnitSuffix: true },
    font: 'WenQuanYi Zen Hei',
    borders: true,
    repeatHeader: false,
    runningHeader: false,
    footer: 'dash',
    padding: 8,
    variants: [
      'v2019',
      'ruled tables (LibreOffice, WenQuanYi Zen Hei TrueType font)',
      'Table 3 split over a page break without a repeated header',
      '+n deltas, 元 procurement amount',
      '- N - page-number footer',
    ],
  },
  {
    name: 'v2021-borderless',
    generate: { seed: 'pdf-v2021-borderless', template: 'v2021', year: 2022, size: 'small' },
    present: { blankZeros: 't3-org' },
    font: 'Noto Sans CJK SC',
    borders: false,
    repeatHeader: false,
    runningHeader: true,
    footer: 'page',
    padding: 0,
    variants: [
      'v2021',
      'borderless tables (V-13): columns only from text alignment',
      'blank zero cells in Table 3 法人或其他组织 columns (V-03)',
      'running header and 第 N 页 footer',
    ],
  },
];

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function td(text: string, attrs: { colspan?: number; rowspan?: number; align?: string } = {}): string {
  const a = [
    attrs.colspan && attrs.colspan > 1 ? ` colspan="${attrs.colspan}"` : '',
    attrs.rowspan && attrs.rowspan > 1 ? ` rowspan="${attrs.rowspan}"` : '',
    ` align="${attrs.align ?? 'center'}" valign="middle"`,
  ].join('');
  return `<td${a}>${esc(text)}</td>`;
}

function table(sample: PdfSample, widths: number[], header: string[], body: string[]): string {
  const border = sample.borders ? 'border="1"' : 'border="0"';
  const cols = widths.map((w) => `<col width="${w}">`).join('');
  const head = header.length ? `<thead>${header.map((r) => `<tr>${r}</tr>`).join('')}</thead>` : '';
  return `<table ${border} cellspacing="0" cellpadding="3" width="100%"><colgroup>${cols}</colgroup>${head}<tbody>${body
    .map((r) => `<tr>${r}</tr>`)
    .join('')}</tbody></table>`;
}

function table2(sample: PdfSample, printed: PrintedReport): string {
  const rows: string[] = [];
  const raw = (key: string) => printed.cells[key]?.raw ?? '';
  for (const block of t2Blocks(printed.data.template)) {
    rows.push(td(block.header, { colspan: 4 }));
    const n = block.columns.length;
    const spans = n === 3 ? [1, 1, 1] : n === 2 ? [1, 2] : [3];
    rows.push(td('信息内容') + block.columns.map((c, i) => td(c, { colspan: spans[i] })).join(''));
    for (const row of block.rows) rows.push(td(row.label) + row.cells.map((k, i) => td(raw(k), { colspan: spans[i] })).join(''));
  }
  return table(sample, [190, 150, 150, 150], [], rows);
}

function table3(sample: PdfSample, printed: PrintedReport): string {
  const template = printed.data.template;
  const raw = (key: string) => printed.cells[key]?.raw ?? '';
  const header = [
    td(T3_CORNER, { colspan: 3, rowspan: 3 }) + td(T3_APPLICANT, { colspan: 7 }),
    td('自然人', { rowspan: 2 }) + td(T3_ORG, { colspan: 5 }) + td('总计', { rowspan: 2 }),
    T3_ORG_LABELS.map((l) => td(l)).join(''),
  ];
  const body: string[] = [];
  const span = outcomeRowCount(template);
  for (const row of t3Rows(template)) {
    let head = '';
    if (row.kind === 'top') head = td(row.label, { colspan: 3, align: 'left' });
    else {
      if (row.outcomeFirst) head += td(T3_OUTCOME_GROUP, { rowspan: span });
      if (row.kind === 'outcome') head += td(row.label, { colspan: 2, align: 'left' });
      else {
        if (row.groupFirst) head += td(row.group!, { rowspan: row.groupSize });
        head += td(row.label, { align: 'left' });
      }
    }
    body.push(head + row.cells.map((k) => td(raw(k))).join(''));
  }
  const widths = [26, 62, 200, 50, 50, 50, 50, 50, 50, 50];
  return sample.repeatHeader ? table(sample, widths, header, body) : table(sample, widths, [], [...header, ...body]);
}

function table4(sample: PdfSample, printed: PrintedReport): string {
  const raw = (key: string) => printed.cells[key]?.raw ?? '';
  const rows = [
    td(T4_GROUP_LABELS[0], { colspan: 5 }) + td(T4_GROUP_LABELS[1], { colspan: 10 }),
    T4_LEAF_LABELS.map((l) => td(l, { rowspan: 2 })).join('') + T4_SUBGROUP_LABELS.map((l) => td(l, { colspan: 5 })).join(''),
    [...T4_LEAF_LABELS, ...T4_LEAF_LABELS].map((l) => td(l)).join(''),
    T4_KEYS_IN_ORDER.map((k) => td(raw(k))).join(''),
  ];
  return table(sample, Array(15).fill(42), [], rows);
}

const FILLER = [
  '围绕群众关切，持续深化重点领域信息公开，对涉及公共利益、需要社会公众广泛知晓的信息，做到应公开尽公开、应解读尽解读。',
  '加强政策解读工作，坚持政策文件与解读材料同步组织、同步审签、同步部署，运用图表图解、问答等形式，提高政策解读的针对性和可读性。',
  '做好政务公开标准化规范化工作，按照基层政务公开标准目录梳理公开事项，动态更新公开内容，确保信息准确、完整、及时。',
  '强化政府信息公开工作人员业务培训，围绕《条例》适用、依申请公开答复规范等内容开展专题学习，提升依法公开能力。',
];

function renderHtml(sample: PdfSample, printed: PrintedReport, narrative: Narrative): string {
  const body: string[] = [];
  const para = (text: string) => `<p style="text-indent:2em">${esc(text)}</p>`;
  body.push(`<p align="center" style="font-size:20pt"><b>${esc(narrative.title.replace(/(\d{4}\s*年)/, '<br>$1')).replace('&lt;br&gt;', '<br>')}</b></p>`);
  for (const p of narrative.preamble) body.push(para(p));
  for (const section of narrative.sections) {
    body.push(`<p style="text-indent:2em"><b>${esc(section.heading)}</b></p>`);
    for (const p of section.paragraphs) body.push(para(p));
    if (section.numeral === '一') for (let i = 0; i < sample.padding; i++) body.push(para(FILLER[i % FILLER.length]!));
    if (section.table === 't2') body.push(table2(sample, printed));
    if (section.table === 't3') body.push(table3(sample, printed));
    if (section.table === 't4') body.push(table4(sample, printed));
  }
  for (const line of narrative.closing) body.push(`<p align="right">${esc(line)}</p>`);
  const pageField = '<sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield>';
  const footer = { emdash: `— ${pageField} —`, dash: `- ${pageField} -`, page: `第 ${pageField} 页` }[sample.footer];
  const header = sample.runningHeader ? `<div title="header"><p align="center" style="font-size:9pt">${esc(narrative.title)}</p></div>` : '';
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(narrative.title)}</title>
<style>body, p, td { font-family: "${sample.font}"; } p { font-size: 12pt; } td { font-size: 9pt; }</style></head>
<body>
${header}
${body.join('\n')}
<div title="footer"><p align="center" style="font-size:10pt">${footer}</p></div>
</body></html>
`;
}

function soffice(html: string, outDir: string): void {
  execFileSync('soffice', ['--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', outDir, html], {
    stdio: 'ignore',
  });
}

/** Page(s) on which a text occurs, from poppler's text (a sanity check of the intended layout). */
function pagesOf(pdf: string, needle: string): number[] {
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  return text
    .split('\f')
    .map((page, i) => (page.replace(/\s+/g, '').includes(needle) ? i + 1 : 0))
    .filter(Boolean);
}

// ------------------------------------------------------------------ broken samples

/** A structurally valid PDF whose page tree is empty (/Count 0). */
function zeroPagePdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let out = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function writeBroken(source: string, work: string): void {
  const dir = join(ROOT, 'broken');
  // The folder is shared with the broken Word samples (make-sample-docx.ts, make-sample-doc.ts): overwrite, never clear.
  mkdirSync(dir, { recursive: true });
  // a portal's "file not found" page saved under the attachment's name
  writeFileSync(
    join(dir, 'not-a-pdf.pdf'),
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 页面不存在</title></head>\n<body><h1>对不起，您访问的页面不存在！</h1><p>请检查网址是否正确。</p></body></html>\n',
  );
  // a download cut off at 40%: the header survives, the cross-reference table and most objects do not
  const bytes = readFileSync(source);
  writeFileSync(join(dir, 'truncated.pdf'), bytes.subarray(0, Math.floor(bytes.length * 0.4)));
  // AES-256 with a user password: nothing can be read without it
  execFileSync('qpdf', ['--encrypt', 'gongkai-user', 'gongkai-owner', '256', '--', source, join(dir, 'encrypted.pdf')]);
  writeFileSync(join(dir, 'zero-pages.pdf'), zeroPagePdf());
  // a scan: page 1 rendered to a greyscale image and wrapped as an image-only PDF
  execFileSync('pdftoppm', ['-r', '60', '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', source, join(work, 'scan')]);
  execFileSync('img2pdf', ['--output', join(dir, 'scanned.pdf'), join(work, 'scan.png')]);
  writeFileSync(
    join(dir, 'README.md'),
    `# samples/broken/

Documents that cannot be extracted, each with the error code its reader (src/extract/pdf/, docx/, doc/)
must throw. The PDFs are written by \`scripts/make-sample-pdfs.sh\` from \`samples/pdf/v2021-ruled-repeated-header.pdf\`,
the Word files by \`scripts/make-sample-docx.ts\` and \`scripts/make-sample-doc.sh\`.

| file | what it is | expected error code |
| --- | --- | --- |
| \`not-a-pdf.pdf\` | an HTML "page not found" page saved under a .pdf name | \`E_PDF_INVALID\` |
| \`truncated.pdf\` | the first 40% of a sample PDF (a cut-off download): no cross-reference table, no page tree | \`E_PDF_INVALID\` |
| \`encrypted.pdf\` | the sample encrypted with qpdf (AES-256, user password \`gongkai-user\`) | \`E_PDF_ENCRYPTED\` |
| \`zero-pages.pdf\` | a valid PDF whose page tree is empty (\`/Count 0\`) | \`E_PDF_NO_PAGES\` |
| \`scanned.pdf\` | page 1 of the sample as a 60 dpi greyscale image (img2pdf): no text layer | \`E_PDF_NO_TEXT\` |
| \`zip-bomb.docx\` | a tiny DOCX whose \`word/document.xml\` inflates to 64 MB | \`E_BUDGET\` |
| \`truncated.doc\` | the first 40% of \`samples/doc/v2021-city-gov-utf8.doc\` (a cut-off download): the compound file's directory is lost | \`E_DOC_INVALID\` |
| \`encrypted.doc\` | the same .doc saved by LibreOffice with the password \`gongkai-user\` (RC4) | \`E_DOC_ENCRYPTED\` |
`,
  );
}

// ------------------------------------------------------------------ main

const work = mkdtempSync(join(tmpdir(), 'gongkai-pdf-samples-'));
try {
  mkdirSync(join(ROOT, 'pdf'), { recursive: true });
  mkdirSync(join(ROOT, 'expected', 'pdf'), { recursive: true });
  for (const sample of SAMPLES) {
    const data = generateReport(sample.generate);
    const printed = present(data, sample.present);
    const narrative = buildNarrative(data);
    const html = join(work, `${sample.name}.html`);
    writeFileSync(html, renderHtml(sample, printed, narrative));
    soffice(html, work);
    const pdf = join(ROOT, 'pdf', `${sample.name}.pdf`);
    copyFileSync(join(work, `${sample.name}.pdf`), pdf);
    const file = `${sample.name}.pdf`;
    const expected = expectedFor(file, printed, { variants: sample.variants });
    writeFileSync(join(ROOT, 'expected', 'pdf', `${file}.json`), `${JSON.stringify(expected, null, 2)}\n`);
    const first = pagesOf(pdf, '一、本年新收政府信息公开申请数量');
    const last = pagesOf(pdf, '四、结转下年度继续办理');
    console.log(`${file}: ${data.agency.name} ${data.year} ${data.template}; Table 3 on pages ${first}–${last}`);
  }
  writeBroken(join(ROOT, 'pdf', `${SAMPLES[0]!.name}.pdf`), work);
  console.log('wrote samples/broken/');
} finally {
  rmSync(work, { recursive: true, force: true });
}
