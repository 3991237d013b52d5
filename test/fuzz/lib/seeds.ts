/**
 * Seed documents for the fuzz harness: the real corpus beside the project (read in place, never
 * copied into the repo), whatever `samples/` holds, and small reports built here from the
 * vocabulary in every layout the adapters read (tab rows, Markdown pipes, HTML, glued text).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { T2_BLOCKS, T3_COLUMNS, T4_COLUMNS, t3RowsFor, type TableTemplate } from '../../../src/domain/vocabulary.ts';

export interface Seed {
  name: string;
  /** file name given to extractDocument as `source` (its extension is a format hint) */
  source: string;
  bytes: Uint8Array;
  kind: 'text' | 'html' | 'pdf' | 'word';
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
export const REAL_CORPUS = path.resolve(REPO_ROOT, '../shared/corpus/real');
export const SAMPLES = path.join(REPO_ROOT, 'samples');

const KINDS: Record<string, Seed['kind']> = {
  '.txt': 'text',
  '.md': 'text',
  '.markdown': 'text',
  '.tsv': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'word',
  '.doc': 'word',
  '.wps': 'word',
  '.ofd': 'word',
};

/** Largest seed read from disk: bigger files would dominate the CI budget. */
const MAX_SEED_BYTES = 2_000_000;

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => !file.split(path.sep).includes('expected') && !file.split(path.sep).includes('node_modules'))
    .filter((file) => KINDS[path.extname(file).toLowerCase()] !== undefined)
    .sort();
}

function readSeeds(root: string, prefix: string, files: readonly string[]): Seed[] {
  const seeds: Seed[] = [];
  for (const file of files) {
    const full = path.join(root, file);
    try {
      if (statSync(full).size > MAX_SEED_BYTES) continue;
      seeds.push({ name: `${prefix}/${file}`, source: file, bytes: new Uint8Array(readFileSync(full)), kind: KINDS[path.extname(file).toLowerCase()]! });
    } catch {
      // a sample being written concurrently: skip it
    }
  }
  return seeds;
}

/** Up to `count` of `files`, spread evenly over the (sorted) list. */
function spread<T>(files: readonly T[], count: number): T[] {
  const stride = Math.max(1, Math.ceil(files.length / count));
  return files.filter((_, i) => i % stride === 0).slice(0, count);
}

export interface SeedOptions {
  /** how many files to take from samples/ per kind (text/html/pdf) */
  samplesPerKind?: number;
}

export function loadSeeds(options: SeedOptions = {}): Seed[] {
  const perKind = options.samplesPerKind ?? 8;
  const sampleFiles = filesUnder(SAMPLES);
  const picked = (['text', 'html', 'pdf', 'word'] as const).flatMap((kind) => spread(sampleFiles.filter((file) => KINDS[path.extname(file).toLowerCase()] === kind), perKind));
  return [...readSeeds(REAL_CORPUS, 'real', filesUnder(REAL_CORPUS)), ...readSeeds(SAMPLES, 'samples', picked), ...builtSeeds()];
}

// ------------------------------------------------------------------ built reports

export type Layout = 'tsv' | 'markdown' | 'html' | 'glued' | 'spaced';

/** Small deterministic numbers whose row totals add up, so the built reports pass their checks. */
function rowValues(row: number, count: number): number[] {
  const values = Array.from({ length: count - 1 }, (_, col) => (row * 7 + col * 3) % 4);
  return [...values, values.reduce((a, b) => a + b, 0)];
}

/** One report's rows as label + cells, in printed order (Table 2, 3, 4), with section headings. */
export function reportRows(template: TableTemplate): { heading?: string; cells?: string[] }[] {
  const rows: { heading?: string; cells?: string[] }[] = [];
  rows.push({ heading: '一、总体情况' }, { heading: '本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息 26 条。' });
  rows.push({ heading: '二、主动公开政府信息情况' });
  for (const block of T2_BLOCKS[template]) {
    rows.push({ cells: [`第二十条第（${block.item}）项`] });
    rows.push({ cells: ['信息内容', ...block.columns.map((column) => column.labels[0]!)] });
    block.rows.forEach((row, r) => {
      rows.push({ cells: [row.labels[0]!, ...block.columns.map((column, c) => (column.kind === 'amount' ? `${r + 1}.${c}5` : String((r + c) % 3)))] });
    });
  }
  rows.push({ heading: '三、收到和处理政府信息公开申请情况' });
  rows.push({ cells: ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况'] });
  rows.push({ cells: ['', ...T3_COLUMNS.map((column) => column.labels[0]!)] });
  t3RowsFor(template).forEach((row, r) => {
    rows.push({ cells: [`${row.ordinal ?? ''}${row.labels[0]!}`, ...rowValues(r, T3_COLUMNS.length).map(String)] });
  });
  rows.push({ heading: '四、政府信息公开行政复议、行政诉讼情况' });
  rows.push({ cells: ['行政复议', '行政诉讼'] });
  rows.push({ cells: T4_COLUMNS.map((column) => column.labels[0]!) });
  rows.push({ cells: [0, 1, 2].flatMap((group) => rowValues(group, 5)).map(String) });
  rows.push({ heading: '五、存在的主要问题及改进情况' }, { heading: '一是公开内容有待丰富，二是解读形式不够多样。' });
  rows.push({ heading: '六、其他需要报告的事项' }, { heading: '本机关 2023 年度未收取信息处理费。' });
  return rows;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildReport(template: TableTemplate, layout: Layout, year = template === 'v2019' ? 2020 : 2023): string {
  const title = `某某市某某区人民政府办公室${year}年政府信息公开工作年度报告`;
  const rows = reportRows(template);
  if (layout === 'html') {
    const body: string[] = [];
    let open = false;
    for (const row of rows) {
      if (row.heading !== undefined) {
        if (open) body.push('</table>');
        open = false;
        body.push(`<p>${escapeHtml(row.heading)}</p>`);
      } else {
        if (!open) body.push('<table border="1">');
        open = true;
        body.push(`<tr>${row.cells!.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`);
      }
    }
    if (open) body.push('</table>');
    return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><div class="nav"><a href="/">首页</a></div><div class="article"><h1>${title}</h1>${body.join('\n')}</div></body></html>`;
  }
  const lines = [`# ${title}`, ''];
  let inTable = false;
  for (const row of rows) {
    if (row.heading !== undefined) {
      lines.push(row.heading);
      inTable = false;
      continue;
    }
    const cells = row.cells!;
    switch (layout) {
      case 'tsv':
        lines.push(cells.join('\t'));
        break;
      case 'markdown':
        lines.push(`| ${cells.join(' | ')} |`);
        if (!inTable) lines.push(`|${cells.map(() => ' --- ').join('|')}|`);
        break;
      case 'glued':
        // a PDF flattened to text: label and numbers run together
        lines.push(cells.join(''));
        break;
      case 'spaced':
        lines.push(cells.join(' '));
        break;
    }
    inTable = true;
  }
  return lines.join('\n');
}

export function builtSeeds(): Seed[] {
  const encoder = new TextEncoder();
  const seeds: Seed[] = [];
  for (const template of ['v2021', 'v2019'] as const) {
    for (const layout of ['tsv', 'markdown', 'html', 'glued', 'spaced'] as const) {
      const source = `built-${template}-${layout}.${layout === 'html' ? 'html' : layout === 'markdown' ? 'md' : 'txt'}`;
      seeds.push({ name: `built/${source}`, source, bytes: encoder.encode(buildReport(template, layout)), kind: layout === 'html' ? 'html' : 'text' });
    }
  }
  seeds.push({ name: 'built/title-only.txt', source: 'title-only.txt', bytes: encoder.encode('某某县2023年政府信息公开工作年度报告\n'), kind: 'text' });
  return seeds;
}
