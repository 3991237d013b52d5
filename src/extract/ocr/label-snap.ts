/**
 * OCR label post-correction: a row or column label OCR read with a wrong character or two
 * (予以公开 as 子以公开, 行政处罚 as 行政处昼, 信息内容 as 言息内容) is snapped to the template
 * label it nearly is, before the mapper (extract/tables/) matches labels. The mapper's own
 * fuzzy matching is made for wording variants; one misread character in a four-character
 * label costs it most of its bigrams.
 *
 * A label is snapped only when it is close to exactly one template label: edit distance on
 * normalised text (NFKC, no whitespace), at most one edit per four characters of the template
 * label, and every other template label farther away. Short labels (under three characters)
 * are never snapped. A leading ordinal is kept; punctuation OCR put before the label (a
 * misread ordinal: ”> for 2.) is dropped. Pure; the raw text is kept by the caller.
 */
import { T2_BLOCKS, T3_COLUMNS, T3_ROWS } from '../../domain/vocabulary.ts';
import type { Block } from '../model.ts';
import { normalizeLabel } from '../tables/labels.ts';

/** Header and group labels the templates print besides the row and column labels (spec §4, §5). */
const HEADERS = [
  '信息内容',
  '申请人情况',
  '法人或其他组织',
  '本年度办理结果',
  '不予公开',
  '无法提供',
  '不予处理',
  '其他处理',
  '行政复议',
  '行政诉讼',
  '未经复议直接起诉',
  '复议后起诉',
  '结果维持',
  '结果纠正',
  '其他结果',
  '尚未审结',
];

/** One edit allowed per this many characters of the template label. */
const CHARS_PER_EDIT = 4;
const MIN_LENGTH = 3;

const VOCABULARY: readonly string[] = [
  ...new Set(
    [
      ...T3_ROWS.flatMap((row) => row.labels),
      ...T3_COLUMNS.flatMap((column) => column.labels),
      ...Object.values(T2_BLOCKS).flatMap((blocks) => blocks.flatMap((block) => [...block.rows, ...block.columns].flatMap((label) => label.labels))),
      ...HEADERS,
    ].map(normalizeLabel),
  ),
];

/** After NFKC: 一、 (一) 1. 1、, or a number whose point OCR lost (3危及…): kept as read. */
const ORDINAL = /^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、](?!\d)|\d{1,2}(?=\p{Script=Han}))/u;
/** Sentence punctuation: a text line holding it is prose, not a header row left as text. */
const PROSE = /[，。；]/u;
/** Punctuation and symbols before a label: a misread ordinal or a stray mark, not the label. */
const LEADING_JUNK = /^[^\p{L}\p{N}(]+/u;
const CJK = /\p{Script=Han}/u;

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** The template label `text` is a near miss of, with its ordinal; null when none is unambiguous or nothing would change. */
export function snapLabel(text: string): string | null {
  if (!CJK.test(text)) return null;
  const normalized = normalizeLabel(text);
  const ordinal = ORDINAL.exec(normalized)?.[0] ?? '';
  const body = normalized.slice(ordinal.length).replace(LEADING_JUNK, '');
  if (body.length < MIN_LENGTH) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  let runnerUp = Infinity;
  for (const label of VOCABULARY) {
    const distance = editDistance(body, label, Math.max(bestDistance, Math.floor(label.length / CHARS_PER_EDIT)));
    if (distance > Math.floor(label.length / CHARS_PER_EDIT)) {
      runnerUp = Math.min(runnerUp, distance);
      continue;
    }
    if (distance < bestDistance) {
      runnerUp = Math.min(runnerUp, bestDistance);
      [best, bestDistance] = [label, distance];
    } else runnerUp = Math.min(runnerUp, distance);
  }
  if (best === null || runnerUp <= bestDistance) return null;
  const snapped = ordinal + best;
  return snapped === normalized ? null : snapped;
}

/**
 * How far `text` is from the nearest template label: edits per character of that label (0 for a
 * label as printed, after its ordinal and stray marks), Infinity for text without Chinese.
 */
export function labelDistance(text: string): number {
  if (!CJK.test(text)) return Infinity;
  const normalized = normalizeLabel(text);
  const body = normalized.slice((ORDINAL.exec(normalized)?.[0] ?? '').length).replace(LEADING_JUNK, '');
  let best = Infinity;
  for (const label of VOCABULARY) best = Math.min(best, editDistance(body, label, Math.ceil(best * label.length)) / label.length);
  return best;
}

export interface LabelFix {
  page: number | null;
  /** the cell or text chunk as OCR read it */
  raw: string;
  /** what the mapper was given instead */
  text: string;
}

/**
 * Snaps the labels of the blocks on OCR'd pages (in place): table cells, and the
 * whitespace-separated chunks of text lines (a header row the table finder left as text).
 * Returns what was changed, with the raw OCR text.
 */
export function snapOcrLabels(blocks: Block[], ocrPages: readonly number[]): LabelFix[] {
  const pages = new Set(ocrPages);
  const fixes: LabelFix[] = [];
  const fix = (raw: string, page: number | null): string => {
    const text = snapLabel(raw);
    if (text === null) return raw;
    fixes.push({ page, raw, text });
    return text;
  };
  for (const block of blocks) {
    if (block.page === null || !pages.has(block.page)) continue;
    if (block.kind === 'row') block.cells = block.cells.map((cell) => fix(cell, block.page));
    else if (!PROSE.test(block.cells[0] ?? '')) block.cells = block.cells.map((line) => line.split(/(\s+)/u).map((chunk) => (/\S/u.test(chunk) ? fix(chunk, block.page) : chunk)).join(''));
  }
  return fixes;
}
