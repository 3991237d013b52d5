/**
 * Plain text as copied out of Word: markdown-ish headings at inconsistent levels (V-16),
 * tab-separated tables whose merged group cells were dropped inconsistently (V-01: the first
 * number of a row sits in different columns), and Table 4 flattened to one line of 15 numbers
 * under flattened headers (V-12).
 */
import { T3_CORNER, T3_ORG_LABELS, T3_OUTCOME_GROUP, T4_KEYS_IN_ORDER, t2Blocks, t3Rows, transposedPieceLines, transposedPieces, transposedT3Lines, verticalT4Lines } from '../layout.ts';
import { buildNarrative, type NarrativeOptions } from '../narrative.ts';
import type { PrintedReport } from '../present.ts';
import { Rng } from '../prng.ts';

export interface TextOptions {
  /** print ordinals with ASCII parentheses and a space: "(一) 予以公开" (as the seed does) */
  asciiParens?: boolean;
  /** rows whose leading merged cells are dropped (besides the random ones): keys of Table 3 rows */
  shiftedRows?: readonly string[];
  /** share of other Table 3 rows whose leading cells are dropped at random */
  shiftRate?: number;
  /** Table 3 transposed and Table 4 as a vertical list (V-21), tab-separated with merged cells blank */
  transposed?: boolean;
  /** with `transposed`: Table 3 printed in pieces — its columns over successive tables, or its rows over a page break */
  transposedSplit?: 'columns' | 'rows';
  narrative?: NarrativeOptions;
}

function paren(label: string, ascii: boolean): string {
  if (!ascii) return label;
  return label.replace(/^（([一二三四五六七])）/, '($1) ');
}

export function renderText(printed: PrintedReport, options: TextOptions = {}): string {
  const d = printed.data;
  const rng = Rng.derive(d.seed, 'text');
  const story = buildNarrative(d, options.narrative);
  const ascii = options.asciiParens ?? false;
  const shifted = new Set(options.shiftedRows ?? []);
  const rate = options.shiftRate ?? 0.1;
  const raw = (key: string): string => printed.cells[key]?.raw ?? '';
  const lines: string[] = ['', '', `# ${story.title}`, ''];
  for (const p of story.preamble) lines.push(p, '');
  const levels = ['##', '##', '###', '####', '####', '####'];

  for (const [i, s] of story.sections.entries()) {
    lines.push(`${levels[i]} ${s.heading}`, '');
    for (const p of s.paragraphs) lines.push(p, '');
    if (s.table === 't2') {
      for (const block of t2Blocks(d.template)) {
        const width = block.columns.length;
        lines.push(block.header + '\t'.repeat(3));
        lines.push(['信息内容', ...block.columns].join('\t') + '\t'.repeat(3 - width));
        for (const row of block.rows) lines.push([row.label, ...row.cells.map(raw)].join('\t') + '\t'.repeat(3 - width));
      }
      lines.push('');
    }
    if (s.table === 't3' && options.transposed && options.transposedSplit) {
      const pieces = transposedPieces(d.template, options.transposedSplit, Rng.derive(d.seed, 'text-transposed-split'));
      // pieces one after another, a blank line between (each is a table of its own)
      for (const piece of pieces) lines.push(...transposedPieceLines(d.template, raw, piece).map((cells) => cells.join('\t')), '');
    } else if (s.table === 't3' && options.transposed) {
      lines.push(...transposedT3Lines(d.template, raw).map((cells) => cells.join('\t')), '');
    } else if (s.table === 't3') {
      lines.push(`${ascii ? T3_CORNER.replace('（', '(').replace(/）$/, ')') : T3_CORNER}\t\t申请人情况\t\t\t\t\t\t总计\t`);
      lines.push('\t\t自然人\t法人或其他组织\t\t\t\t\t\t');
      lines.push(`\t\t\t${T3_ORG_LABELS.join('\t')}\t\t`);
      for (const row of t3Rows(d.template)) {
        const label = paren(row.label, ascii);
        let lead: string[];
        if (row.kind === 'top') lead = [label, ''];
        else if (row.kind === 'outcome') lead = [row.outcomeFirst ? T3_OUTCOME_GROUP : '', label];
        else lead = ['', row.groupFirst ? paren(row.group as string, ascii) : '', label];
        // merged cells dropped inconsistently: leading blanks vanish from some rows
        if (shifted.has(row.key) || rng.chance(rate)) {
          while (lead.length > 1 && lead[0] === '') lead.shift();
          if (lead.length > 1 && lead[lead.length - 1] === '' && row.kind === 'top') lead.pop();
        }
        const trailing = row.kind === 'sub' ? '' : '\t';
        lines.push([...lead, ...row.cells.map(raw)].join('\t') + trailing);
      }
      lines.push('');
    }
    if (s.table === 't4' && options.transposed) {
      lines.push(...verticalT4Lines(raw).map((cells) => cells.join('\t')), '');
    } else if (s.table === 't4') {
      lines.push('行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t');
      const leaves = ['结果 维持', '结果 纠正', '其他 结果', '尚未 审结', '总计'];
      lines.push(`${leaves.join('\t')}\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t`);
      lines.push(`\t\t\t\t\t${leaves.join('\t')}\t${leaves.join('\t')}`);
      lines.push(T4_KEYS_IN_ORDER.map(raw).join('\t'));
      lines.push('');
    }
  }
  for (const c of story.closing) lines.push(c);
  return lines.join('\n') + '\n';
}
