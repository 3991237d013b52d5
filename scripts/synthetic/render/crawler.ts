/**
 * A site crawler's text extract of a report page (like the archive's `page.txt`): an 8-line
 * metadata header, a `==== 正文 ====` separator, then the whole article on one line, with
 * table cells glued without separators (`一、本年新收政府信息公开申请数量 713000074`).
 * Glued Table 3 rows (and a glued Table 4) must have a unique split under the row-total
 * constraint; `crawlerAmbiguities` lists the rows that would not.
 */
import {
  T3_APPLICANT,
  T3_CORNER,
  T3_ORG_LABELS,
  T3_OUTCOME_GROUP,
  T3_TRANSPOSED_CORNER,
  T4_KEYS_IN_ORDER,
  T4_LEAF_LABELS,
  T4_SUBGROUP_LABELS,
  t2Blocks,
  t3ApplicantRows,
  t3Rows,
  t3TransposedHeader,
  t4VerticalRows,
} from '../layout.ts';
import { buildNarrative, type NarrativeOptions } from '../narrative.ts';
import { countSplits, countTransposedSplits, T3_SHAPE, T4_SHAPE } from '../glue.ts';
import type { PrintedReport } from '../present.ts';
import { Rng } from '../prng.ts';

export interface CrawlerOptions {
  /** Table 4 glued like Table 3 (only when its split is unique); otherwise space-separated */
  glueTable4?: boolean;
  /** print 三、本年度办理结果 again before （四） (a page-break artefact seen in a 2019 extract) */
  repeatOutcomeGroup?: boolean;
  /** share of Table 3 rows with a stray space at a true cell boundary (`230 000023`) */
  straySpaceRate?: number;
  /**
   * Table 3 transposed (applicant types as rows) and Table 4 as a vertical list (V-21), flattened
   * in the page's cell order: the header cells row by row, then each applicant row's labels and
   * its numbers glued, with a space at some cell boundaries (`cellSpaceRate`)
   */
  transposed?: boolean;
  /** with `transposed`: share of cell boundaries of an applicant row printed as a space @default 0.5 */
  cellSpaceRate?: number;
  narrative?: NarrativeOptions;
}

/** The applicant rows of a transposed Table 3 as crawler text prints them: labels, then digit runs. */
function transposedRows(printed: PrintedReport, options: CrawlerOptions): { stub: string; tokens: string[]; cells: string[] }[] {
  const rng = Rng.derive(printed.data.seed, 'crawler-transposed');
  const rate = options.cellSpaceRate ?? 0.5;
  const outcomes = t3Rows(printed.data.template);
  return t3ApplicantRows().map((applicant, i) => {
    const cells = outcomes.map((row) => printed.cells[row.cells[i] as string]?.raw ?? '');
    const tokens: string[] = [];
    cells.forEach((cell, k) => {
      if (k === 0 || rng.chance(rate)) tokens.push(cell);
      else tokens[tokens.length - 1] += cell;
    });
    const stub = `${i === 0 ? `${T3_APPLICANT} ` : ''}${applicant.groupFirst ? `${applicant.group} ` : ''}${applicant.label}${rng.chance(0.5) ? ' ' : ''}`;
    return { stub, tokens, cells };
  });
}

/** Table 3 rows (and Table 4 when glued) whose glued digits do not split uniquely. */
export function crawlerAmbiguities(printed: PrintedReport, options: CrawlerOptions = {}): string[] {
  const bad: string[] = [];
  if (options.transposed) {
    // each applicant row must split one way under its own arithmetic; Table 4 is never glued
    const cells = t3Rows(printed.data.template).length;
    t3ApplicantRows().forEach((applicant, i) => {
      const row = transposedRows(printed, options)[i]!;
      if (row.cells.some((c) => !/^\d+$/.test(c)) || countTransposedSplits(row.tokens, cells) !== 1) bad.push(applicant.key);
    });
    return bad;
  }
  for (const row of t3Rows(printed.data.template)) {
    const cells = row.cells.map((k) => printed.cells[k]?.raw ?? '');
    if (cells.some((c) => !/^\d+$/.test(c))) {
      bad.push(row.key);
      continue;
    }
    if (countSplits(cells.join(''), T3_SHAPE) !== 1) bad.push(row.key);
  }
  if (options.glueTable4) {
    const cells = T4_KEYS_IN_ORDER.map((k) => printed.cells[k]?.raw ?? '');
    if (cells.some((c) => !/^\d+$/.test(c)) || countSplits(cells.join(''), T4_SHAPE) !== 1) bad.push('t4');
  }
  return bad;
}

export function renderCrawlerText(printed: PrintedReport, options: CrawlerOptions = {}): string {
  const d = printed.data;
  const a = d.agency;
  const rng = Rng.derive(d.seed, 'crawler');
  const story = buildNarrative(d, options.narrative);
  const raw = (key: string): string => printed.cells[key]?.raw ?? '';
  const ambiguous = crawlerAmbiguities(printed, options);
  const t3Bad = ambiguous.filter((k) => k !== 't4');
  if (t3Bad.length > 0) throw new Error(`glued rows without a unique split: ${t3Bad.join(', ')}`);
  const glueT4 = options.glueTable4 === true && !ambiguous.includes('t4');
  const stray = options.straySpaceRate ?? 0.08;

  const parts: string[] = [story.title];
  for (const p of story.preamble) parts.push(p);
  for (const s of story.sections) {
    parts.push(` ${s.heading}`);
    for (const p of s.paragraphs) parts.push(rng.chance(0.5) ? ` ${p}` : p);
    if (s.table === 't2') {
      for (const block of t2Blocks(d.template)) {
        parts.push(rng.chance(0.5) ? `${block.header} 信息内容 ${block.columns.join(' ')} ` : `${block.header}信息内容${block.columns.join('')}`);
        for (const row of block.rows) {
          const cells = row.cells.map(raw);
          // single-character cells glue unambiguously (规章000); wider ones keep a space
          const joined = cells.length === 1 || cells.every((c) => c.length === 1) ? cells.join('') : ` ${cells.join(' ')} `;
          parts.push(`${row.label}${joined}`);
        }
      }
      parts.push(' ');
    }
    if (s.table === 't3' && options.transposed) {
      const header = t3TransposedHeader(d.template).flat().map((cell) => cell.text);
      parts.push(`${T3_TRANSPOSED_CORNER} `, ...header.map((text) => `${text}${rng.chance(0.5) ? ' ' : ''}`));
      for (const row of transposedRows(printed, options)) parts.push(` ${row.stub}${row.tokens.join(' ')} `);
    } else if (s.table === 't3') {
      parts.push(`${T3_CORNER} 申请人情况 自然人 法人或其他组织 总计 ${T3_ORG_LABELS.map((l) => (l.length === 4 ? `${l.slice(0, 2)} ${l.slice(2)}` : l)).join(' ')} `);
      for (const row of t3Rows(d.template)) {
        let head = '';
        if (row.outcomeFirst) head += `${T3_OUTCOME_GROUP} `;
        if (row.groupFirst) {
          if (options.repeatOutcomeGroup && row.key === 'outcome.unable.not_held') head += T3_OUTCOME_GROUP;
          head += `${row.group}${rng.chance(0.5) ? ' ' : ''}`;
        }
        const cells = row.cells.map(raw);
        let digits = cells.join('');
        if (rng.chance(stray)) {
          // a stray space at a true boundary
          const at = rng.int(1, cells.length - 1);
          digits = `${cells.slice(0, at).join('')} ${cells.slice(at).join('')}`;
        }
        parts.push(`${head}${row.label}${rng.chance(0.5) ? ' ' : ''}${digits}`);
      }
      parts.push(' ');
    }
    if (s.table === 't4' && options.transposed) {
      parts.push('项目 件数 ');
      for (const row of t4VerticalRows()) {
        parts.push(`${row.groupFirst ? `${row.group} ` : ''}${row.subgroupFirst ? `${row.subgroup} ` : ''}${row.leaf} ${raw(row.key)} `);
      }
    } else if (s.table === 't4') {
      const leaves = T4_LEAF_LABELS.join('');
      parts.push(`行政复议 行政诉讼 ${leaves} ${T4_SUBGROUP_LABELS.join(' ')} ${leaves}${leaves} `);
      const cells = T4_KEYS_IN_ORDER.map(raw);
      parts.push(glueT4 ? cells.join('') : cells.join(' '));
      parts.push(' ');
    }
  }
  parts.push(` ${story.closing.join(' ')}`);
  const body = parts.join('').replace(/ {2,}/g, ' ');

  const time = `${String(rng.int(8, 18)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
  const id = rng.int(10000, 99999);
  const ym = d.published.slice(0, 7).replace('-', '');
  const header = [
    `标题: ${story.title}`,
    `发布时间: ${d.published} ${time}`,
    '文号: ',
    '发布机构: ',
    '栏目: 政府信息公开年报',
    `原文链接: https://${a.host}/zwgk/zfxxgk/zfxxgknb/${ym}/t${d.published.replace(/-/g, '')}_${id}.htm`,
    `本地目录: zwgk/zfxxgk/zfxxgknb/${ym}/${id}_${story.title}`,
    '页面链接与图片详见 links.tsv(同目录)',
    '==================== 正文 ====================',
  ];
  return `${header.join('\n')}\n${body}\n`;
}
