/**
 * Markdown with pipe tables, as HTML→Markdown or PDF→Markdown converters write it. The `split`
 * variant imitates a PDF conversion: text wrapped at line width, page footers (— 3 —), Table 3
 * broken into several partial tables with header cells split across lines, long row labels cut
 * with their remainder on a loose line, some Table 2 blocks as plain lines.
 */
import {
  T3_CORNER,
  T3_ORG,
  T3_ORG_LABELS,
  T3_OUTCOME_GROUP,
  T4_KEYS_IN_ORDER,
  T4_LEAF_LABELS,
  t2Blocks,
  t3Rows,
  transposedPieceLines,
  transposedPieces,
  transposedT3Lines,
  verticalT4Lines,
} from '../layout.ts';
import { buildNarrative, type NarrativeOptions } from '../narrative.ts';
import type { PrintedReport } from '../present.ts';
import { Rng } from '../prng.ts';

export interface MarkdownOptions {
  /** PDF-conversion style: partial tables, broken header cells, wrapped text, page footers */
  split?: boolean;
  /** Table 3 transposed and Table 4 as a vertical list (V-21); clean layout only */
  transposed?: boolean;
  /** with `transposed`: Table 3 printed in pieces — its columns over successive tables, or its rows over a page break */
  transposedSplit?: 'columns' | 'rows';
  narrative?: NarrativeOptions;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}
function rule(n: number): string {
  return `|${'---|'.repeat(n)}`;
}

/** wrap prose at a PDF line width */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out;
}

export function renderMarkdown(printed: PrintedReport, options: MarkdownOptions = {}): string {
  return options.split ? renderSplit(printed, options) : renderClean(printed, options);
}

function renderClean(printed: PrintedReport, options: MarkdownOptions): string {
  const d = printed.data;
  const story = buildNarrative(d, options.narrative);
  const raw = (key: string): string => printed.cells[key]?.raw ?? '';
  const out: string[] = [`# ${story.title}`, ''];
  for (const p of story.preamble) out.push(p, '');
  for (const s of story.sections) {
    out.push(`## ${s.heading}`, '');
    for (const p of s.paragraphs) out.push(p, '');
    if (s.table === 't2') {
      for (const block of t2Blocks(d.template)) {
        out.push(`**${block.header}**`, '');
        out.push(row(['信息内容', ...block.columns]), rule(block.columns.length + 1));
        for (const r of block.rows) out.push(row([r.label, ...r.cells.map(raw)]));
        out.push('');
      }
    }
    if (s.table === 't3' && options.transposed && options.transposedSplit) {
      const rng = Rng.derive(d.seed, 'markdown-transposed-split');
      transposedPieces(d.template, options.transposedSplit, rng).forEach((piece, k) => {
        // between pieces: nothing, a page-number line or a 续表 caption
        if (k > 0) out.push(...rng.pick([[], [`— ${k + 1} —`, ''], ['续表', '']]));
        const [first, ...rest] = transposedPieceLines(d.template, raw, piece);
        out.push(row(first!), rule(first!.length), ...rest.map(row), '');
      });
    } else if (s.table === 't3' && options.transposed) {
      const [first, ...rest] = transposedT3Lines(d.template, raw);
      out.push(row(first!), rule(first!.length), ...rest.map(row), '');
    } else if (s.table === 't3') {
      out.push(row([T3_CORNER, '', '', '申请人情况', '', '', '', '', '', '']), rule(10));
      out.push(row(['', '', '', '自然人', '法人或其他组织', '', '', '', '', '总计']));
      out.push(row(['', '', '', '', ...T3_ORG_LABELS, '']));
      for (const r of t3Rows(d.template)) {
        let head: string[];
        if (r.kind === 'top') head = [r.label, '', ''];
        else if (r.kind === 'outcome') head = [r.outcomeFirst ? T3_OUTCOME_GROUP : '', r.label, ''];
        else head = [r.outcomeFirst ? T3_OUTCOME_GROUP : '', r.groupFirst ? (r.group as string) : '', r.label];
        out.push(row([...head, ...r.cells.map(raw)]));
      }
      out.push('');
    }
    if (s.table === 't4' && options.transposed) {
      const [first, ...rest] = verticalT4Lines(raw);
      out.push(row(first!), rule(first!.length), ...rest.map(row), '');
    } else if (s.table === 't4') {
      out.push(row(['行政复议', '', '', '', '', '行政诉讼', '', '', '', '', '', '', '', '', '']), rule(15));
      out.push(row([...T4_LEAF_LABELS, '未经复议直接起诉', '', '', '', '', '复议后起诉', '', '', '', '']));
      out.push(row(['', '', '', '', '', ...T4_LEAF_LABELS, ...T4_LEAF_LABELS]));
      out.push(row(T4_KEYS_IN_ORDER.map(raw)));
      out.push('');
    }
  }
  out.push(...story.closing.map((c) => `${c}  `), '');
  return out.join('\n');
}

function renderSplit(printed: PrintedReport, options: MarkdownOptions): string {
  const d = printed.data;
  const rng = Rng.derive(d.seed, 'markdown-split');
  const story = buildNarrative(d, options.narrative);
  const raw = (key: string): string => printed.cells[key]?.raw ?? '';
  const width = rng.int(26, 32);
  let page = 1;
  const out: string[] = [];
  const footer = (): void => {
    page += 1;
    out.push('', `— ${page} —`, '');
  };
  out.push(...wrap(story.title, width + 4), '');
  for (const p of story.preamble) out.push(...wrap(p, width));
  for (const s of story.sections) {
    out.push(s.heading);
    for (const p of s.paragraphs) out.push(...wrap(p, width));
    if (s.table === 't2') {
      const blocks = t2Blocks(d.template);
      blocks.forEach((block, i) => {
        out.push(block.header);
        if (i === 0) {
          out.push(`## 表二：${s.heading.replace(/^二、/, '')}`);
          out.push(row(['信息内容', ...block.columns]), rule(block.columns.length + 1));
          for (const r of block.rows) out.push(row([r.label, ...r.cells.map(raw)]));
          out.push('');
        } else {
          // blocks printed as loose lines, not tables
          out.push(`信息内容${block.columns.join('')}`);
          for (const r of block.rows) out.push(`${r.label} ${r.cells.map(raw).join(' ')}`);
        }
      });
      footer();
    }
    if (s.table === 't3') {
      // header text as loose lines, broken where the PDF wrapped it
      out.push('申请人情况', `${T3_CORNER.slice(0, 16)}${T3_ORG}`, `${T3_CORNER.slice(16)}`, '自然人总计');
      out.push(T3_ORG_LABELS.slice(0, 4).map((l) => l.slice(0, 3)).join(''), T3_ORG_LABELS[4] as string, '本年');
      out.push(`## 表三：${s.heading.replace(/^三、/, '')}`);
      const tail = T3_ORG_LABELS.slice(0, 4).map((l) => l.slice(3));
      out.push(row([...tail, '', '', '', '', '']), rule(9));
      const rows = t3Rows(d.template);
      let inTable = true;
      let chunk = 0;
      for (const r of rows) {
        // every group label lands on loose lines between partial tables (wrapped in a narrow cell)
        if (r.groupFirst || (r.key === 'outcome.total' && rng.chance(0.5))) {
          chunk += 1;
          out.push('');
          if (chunk === 3) footer();
          if (r.group) out.push(...wrap(r.group, 4));
          inTable = false;
        }
        let label = r.label;
        const cut = 11;
        if (label.length > cut + 2) {
          // the label's tail lands on a loose line before the table
          if (inTable) out.push('');
          out.push(label.slice(cut));
          label = label.slice(0, cut);
          inTable = false;
        }
        const cells = [label, ...r.cells.map(raw)];
        if (r.outcomeFirst) cells.unshift('三、');
        if (!inTable) {
          out.push(row(cells), rule(cells.length));
          inTable = true;
        } else out.push(row(cells));
      }
      out.push('');
    }
    if (s.table === 't4') {
      out.push('行政复议行政诉讼', '未经复议直接起诉复议后起诉', '结果结果其他尚未', '总计', '总计总计');
      const top = [...T4_LEAF_LABELS, ...T4_LEAF_LABELS, ...T4_LEAF_LABELS].map((l) => (l === '总计' ? '' : l.slice(0, 2)));
      const bottom = [...T4_LEAF_LABELS, ...T4_LEAF_LABELS, ...T4_LEAF_LABELS].map((l) => (l === '总计' ? '总计' : l.slice(2)));
      out.push(row(top), rule(15), row(bottom), row(T4_KEYS_IN_ORDER.map(raw)), rule(15), '');
    }
  }
  out.push('', ...story.closing, '');
  return out.join('\n');
}
