/**
 * A born-digital print layout of a report: positioned glyphs and ruling lines per page, what the
 * PDF adapter reads out of a PDF page (src/extract/pdf/page-content.ts) before its layout analysis.
 * No PDF writer is installed here, so the benchmark hands these pages to the PDF adapter's layout
 * half (src/extract/pdf/layout-blocks.ts) in place of pdfjs's reading of a PDF: ruled tables with
 * merged cells, text wrapped in narrow cells, tables running over page breaks.
 */
import type { Glyph, Segment } from '../../../src/extract/pdf/geometry.ts';
import type { PagedContent } from '../../../src/extract/pdf/layout-blocks.ts';
import { T3_APPLICANT, T3_CORNER, T3_ORG, T3_ORG_LABELS, T3_OUTCOME_GROUP, T3_TRANSPOSED_CORNER, T4_GROUP_LABELS, T4_KEYS_IN_ORDER, T4_LEAF_LABELS, T4_SUBGROUP_LABELS, outcomeRowCount, t2Blocks, t3ApplicantRows, t3Rows, t3TransposedHeader, t4VerticalRows, type HeaderCell } from '../layout.ts';
import { buildNarrative, type NarrativeOptions } from '../narrative.ts';
import type { PrintedReport } from '../present.ts';

export interface PrintOptions {
  /** Table 3 transposed and Table 4 as a vertical list (V-21) */
  transposed?: boolean;
  /** prose paragraphs repeated before Table 2, moving Table 3 down so a page break falls in it */
  padding?: number;
  narrative?: NarrativeOptions;
}

const WIDTH = 842;
const HEIGHT = 595;
const MARGIN = 36;
const BODY = 10;
const LINE = 16;

type Cell = HeaderCell;
const cell = (text: string, colspan = 1, rowspan = 1): Cell => ({ text, colspan, rowspan });

class Pages {
  readonly pages: PagedContent[] = [];
  y = MARGIN;
  private current!: PagedContent;
  constructor() {
    this.newPage();
  }
  newPage(): void {
    this.current = { page: this.pages.length + 1, content: { width: WIDTH, height: HEIGHT, glyphs: [], segments: [] } };
    this.pages.push(this.current);
    this.y = MARGIN;
  }
  /** Glyphs of `text` from (x, y) (top of the line), one em a CJK character, half an em for others. */
  text(str: string, x: number, y: number, size: number): void {
    for (const ch of str) {
      const w = /[\u0000-\u00ff]/.test(ch) ? size / 2 : size;
      if (ch !== ' ') this.current.content.glyphs.push({ text: ch, x0: x, x1: x + w, y0: y, y1: y + size, size, vertical: false } satisfies Glyph);
      x += w;
    }
  }
  rule(segment: Segment): void {
    this.current.content.segments.push(segment);
  }
  paragraph(text: string): void {
    const perLine = Math.floor((WIDTH - 2 * MARGIN) / BODY) - 2;
    for (let i = 0; i < text.length; i += perLine) {
      if (this.y + LINE > HEIGHT - MARGIN) this.newPage();
      this.text(text.slice(i, i + perLine), MARGIN + (i === 0 ? 2 * BODY : 0), this.y, BODY);
      this.y += LINE;
    }
  }

  /**
   * A ruled table: `rows` in HTML order (a merged cell listed where it starts), `widths` per grid
   * column. Each cell draws its own borders; text wraps at the cell width. A row that does not fit
   * goes to the next page (a merged cell reaching over the break is cut there); the header rows go
   * with the first data row.
   */
  table(rows: Cell[][], widths: number[], size: number): void {
    const xs = widths.reduce<number[]>((acc, w) => [...acc, acc.at(-1)! + w], [MARGIN]);
    // grid placement, as a browser places rowspans and colspans
    const taken = rows.map(() => new Set<number>());
    const placed = rows.map((cells, r) => {
      let col = 0;
      return cells.map((c) => {
        while (taken[r]!.has(col)) col++;
        for (let dr = 0; dr < c.rowspan; dr++) for (let dc = 0; dc < c.colspan; dc++) taken[r + dr]?.add(col + dc);
        const at = { ...c, col };
        col += c.colspan;
        return at;
      });
    });
    const linesOf = (c: Cell & { col: number }) => {
      const width = xs[c.col + c.colspan]! - xs[c.col]! - 3;
      const perLine = Math.max(1, Math.floor(width / size));
      const lines: string[] = [];
      for (let i = 0; i < c.text.length; i += perLine) lines.push(c.text.slice(i, i + perLine));
      return lines;
    };
    const heights = placed.map((cells) => Math.max(size + 6, ...cells.filter((c) => c.rowspan === 1).map((c) => linesOf(c).length * (size + 1) + 6)));
    const tops: number[] = [];
    const pageOf: number[] = [];
    // header rows (before the first row with a number) stay on one page with the first data row
    const firstData = Math.max(0, rows.findIndex((cells) => cells.some((c) => /^\d/.test(c.text))));
    for (let r = 0; r < rows.length; r++) {
      const keep = r < firstData ? heights.slice(r, firstData + 1).reduce((a, b) => a + b, 0) : heights[r]!;
      if (this.y + keep > HEIGHT - MARGIN && this.y > MARGIN) this.newPage();
      tops.push(this.y);
      pageOf.push(this.pages.length - 1);
      this.y += heights[r]!;
    }
    placed.forEach((cells, r) => {
      for (const c of cells) {
        // a merged cell is cut at a page break: it ends with the last row on its page
        let last = r;
        while (last + 1 < Math.min(rows.length, r + c.rowspan) && pageOf[last + 1] === pageOf[r]) last++;
        const page = this.pages[pageOf[r]!]!;
        const [x0, x1, y0, y1] = [xs[c.col]!, xs[c.col + c.colspan]!, tops[r]!, tops[last]! + heights[last]!];
        page.content.segments.push({ dir: 'h', at: y0, from: x0, to: x1 }, { dir: 'h', at: y1, from: x0, to: x1 }, { dir: 'v', at: x0, from: y0, to: y1 }, { dir: 'v', at: x1, from: y0, to: y1 });
        const lines = linesOf(c);
        const saved = this.current;
        this.current = page;
        lines.forEach((line, k) => this.text(line, x0 + 2, y0 + 3 + k * (size + 1), size));
        this.current = saved;
      }
    });
    this.y += LINE;
  }
}

export function renderPrintPages(printed: PrintedReport, options: PrintOptions = {}): PagedContent[] {
  const d = printed.data;
  const story = buildNarrative(d, options.narrative);
  const raw = (key: string): string => printed.cells[key]?.raw ?? '';
  const out = new Pages();
  const full = WIDTH - 2 * MARGIN;
  out.text(story.title, MARGIN + 120, out.y, 16);
  out.y += 30;
  for (const p of story.preamble) out.paragraph(p);
  for (const s of story.sections) {
    out.paragraph(s.heading);
    for (const p of s.paragraphs) out.paragraph(p);
    if (s.table === 't2') {
      for (let k = 0; k < (options.padding ?? 0); k++) for (const p of story.preamble) out.paragraph(p);
      const rows: Cell[][] = [];
      for (const block of t2Blocks(d.template)) {
        rows.push([cell(block.header, 4)]);
        const n = block.columns.length;
        const spans = n === 3 ? [1, 1, 1] : n === 2 ? [1, 2] : [3];
        rows.push([cell('信息内容'), ...block.columns.map((c, i) => cell(c, spans[i]))]);
        for (const row of block.rows) rows.push([cell(row.label), ...row.cells.map((k, i) => cell(raw(k), spans[i]))]);
      }
      out.table(rows, [full * 0.34, full * 0.22, full * 0.22, full * 0.22], BODY);
    }
    if (s.table === 't3' && options.transposed) {
      const header = t3TransposedHeader(d.template);
      const rows: Cell[][] = header.map((cells, r) => [...(r === 0 ? [cell(T3_TRANSPOSED_CORNER, 3, 3)] : []), ...cells]);
      const applicants = t3ApplicantRows();
      const outcomes = t3Rows(d.template);
      const orgSize = applicants.filter((a) => a.group).length;
      applicants.forEach((a, i) => {
        const head: Cell[] = i === 0 ? [cell(T3_APPLICANT, 1, applicants.length)] : [];
        if (a.group === null) head.push(cell(a.label, 2));
        else head.push(...(a.groupFirst ? [cell(a.group, 1, orgSize)] : []), cell(a.label));
        rows.push([...head, ...outcomes.map((row) => cell(raw(row.cells[i] as string)))]);
      });
      const stub = [28, 28, 40];
      const rest = (full - stub.reduce((a, b) => a + b)) / outcomes.length;
      out.table(rows, [...stub, ...outcomes.map(() => rest)], 5);
    } else if (s.table === 't3') {
      const rows: Cell[][] = [
        [cell(T3_CORNER, 3, 3), cell('申请人情况', 7)],
        [cell('自然人', 1, 2), cell(T3_ORG, 5), cell('总计', 1, 2)],
        T3_ORG_LABELS.map((l) => cell(l)),
      ];
      const span = outcomeRowCount(d.template);
      for (const row of t3Rows(d.template)) {
        const head: Cell[] = [];
        if (row.kind === 'top') head.push(cell(row.label, 3));
        else {
          if (row.outcomeFirst) head.push(cell(T3_OUTCOME_GROUP, 1, span));
          if (row.kind === 'outcome') head.push(cell(row.label, 2));
          else head.push(...(row.groupFirst ? [cell(row.group as string, 1, row.groupSize)] : []), cell(row.label));
        }
        rows.push([...head, ...row.cells.map((k) => cell(raw(k)))]);
      }
      out.table(rows, [40, 60, 260, ...Array.from({ length: 7 }, () => (full - 360) / 7)], 8);
    }
    if (s.table === 't4' && options.transposed) {
      const rows: Cell[][] = [[cell('项目', 3), cell('件数')]];
      for (const row of t4VerticalRows()) {
        const head: Cell[] = row.groupFirst ? [cell(row.group, row.subgroup ? 1 : 2, row.groupSize)] : [];
        if (row.subgroup && row.subgroupFirst) head.push(cell(row.subgroup, 1, T4_LEAF_LABELS.length));
        rows.push([...head, cell(row.leaf), cell(raw(row.key))]);
      }
      out.table(rows, [full * 0.2, full * 0.3, full * 0.3, full * 0.2], BODY);
    } else if (s.table === 't4') {
      const rows: Cell[][] = [
        [cell(T4_GROUP_LABELS[0], 5), cell(T4_GROUP_LABELS[1], 10)],
        [...T4_LEAF_LABELS.map((l) => cell(l, 1, 2)), ...T4_SUBGROUP_LABELS.map((l) => cell(l, 5))],
        [...T4_LEAF_LABELS, ...T4_LEAF_LABELS].map((l) => cell(l)),
        T4_KEYS_IN_ORDER.map((k) => cell(raw(k))),
      ];
      out.table(rows, Array.from({ length: 15 }, () => full / 15), 8);
    }
  }
  for (const line of story.closing) out.paragraph(line);
  return out.pages;
}
