/**
 * Borderless ("stream") tables: found and split into columns from text alignment alone.
 *
 * 1. Data lines have value words (numbers, N/A markers) standing apart from the label.
 *    A run of data lines, with the header and wrapped-label lines around them, is a table.
 * 2. A table is cut into segments where a single-phrase line introduces a new header
 *    (Table 2's 第二十条第（五）项 blocks have their own columns).
 * 3. Columns: the x-extents of value words, merged where they overlap (or where they never
 *    share a row and lie close: one column with jittering values); then header words that
 *    fall between them (a column blank in every row still has its header), narrowest first,
 *    skipping headers that span several columns and lone titles. Words centred left of the
 *    first value column are label area, split into label columns by left edge (group label,
 *    row label); the others go to the value column they overlap most.
 * 4. Rows: each data line anchors one row; lines without values attach to the nearest anchor
 *    (wrapped labels, a label vertically centred over several rows), an ordinal-led line to
 *    the anchor below it. Lines above the first anchor are header rows.
 */
import { median } from './geometry.ts';
import type { TableCell, TableItem } from './page-layout.ts';
import { isValueText, joinCellLines, type Chunk, type Line } from './text-lines.ts';

/** Starts a row label: 一、 （一） (一) 1. 1、 1． */
const ORDINAL_START = /^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．](?!\d))/u;

interface Band {
  x0: number;
  x1: number;
}

function isDataLine(line: Line): boolean {
  const values = line.words.filter((w) => isValueText(w.text)).length;
  if (values >= 2) return true;
  const last = line.chunks[line.chunks.length - 1]!;
  return values >= 1 && line.chunks.length >= 2 && last.text.split(/\s+/u).every(isValueText);
}

/** Words belong to the label area or a value column by their centre (headers are centred). */
function centre(w: Band): number {
  return (w.x0 + w.x1) / 2;
}

function overlaps(a: Band, b: Band, slack = 0): boolean {
  return a.x0 < b.x1 + slack && b.x0 < a.x1 + slack;
}

/** Merges overlapping intervals (sorted output). */
function mergeBands(bands: Band[], slack: number): Band[] {
  const sorted = [...bands].sort((a, b) => a.x0 - b.x0);
  const out: Band[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && b.x0 <= last.x1 + slack) last.x1 = Math.max(last.x1, b.x1);
    else out.push({ x0: b.x0, x1: b.x1 });
  }
  return out;
}

/**
 * Whether `line`, right below the table's last line `above`, continues a label wrapped there:
 * one phrase in the same type size, close below, and not the title of a sub-table (which a
 * header line would follow) or a heading.
 */
function isWrappedLabel(line: Line, above: Line, below: Line | undefined, lh: number): boolean {
  if (isDataLine(line) || line.chunks.length !== 1 || line.y0 - above.y1 > 0.8 * lh) return false;
  if (Math.abs(line.size - above.size) > 0.15 * above.size) return false;
  if (below && !isDataLine(below) && below.chunks.length >= 2) return false;
  return !ORDINAL_START.test(line.chunks[0]!.text);
}

/** Lines of one table: data lines, the lines between them, and header lines above. */
function findBlocks(lines: readonly Line[]): Line[][] {
  const data = lines.map(isDataLine);
  const lh = median(lines.map((l) => l.y1 - l.y0)) || 10;
  const blocks: Line[][] = [];
  let i = 0;
  while (i < lines.length) {
    if (!data[i]) {
      i++;
      continue;
    }
    let end = i;
    let misses = 0;
    for (let j = i + 1; j < lines.length; j++) {
      if (lines[j]!.y0 - lines[j - 1]!.y1 > 2.5 * lh) break;
      if (data[j]) {
        end = j;
        misses = 0;
      } else if (++misses > 5) break;
    }
    // wrapped label lines just below the last data line
    while (end + 1 < lines.length && isWrappedLabel(lines[end + 1]!, lines[end]!, lines[end + 2], lh)) end++;
    const dataLines = lines.slice(i, end + 1).filter((_, k) => data[i + k]);
    const left = Math.min(...dataLines.map((l) => l.x0));
    let start = i;
    for (let up = 0; up < 8 && start > 0; up++) {
      const prev = lines[start - 1]!;
      if (lines[start]!.y0 - prev.y1 > 2 * lh || blocks.at(-1)?.includes(prev)) break;
      const single = prev.chunks.length === 1;
      // section headings and prose start at the table's left edge; header fragments do not
      if (single && (prev.x0 <= left + 2 * prev.size || ORDINAL_START.test(prev.chunks[0]!.text))) break;
      start--;
    }
    const block = lines.slice(start, end + 1);
    const valueWords = dataLines.reduce((n, l) => n + l.words.filter((w) => isValueText(w.text)).length, 0);
    if (dataLines.length >= 2 || (block.length >= 2 && valueWords >= 3)) blocks.push(block);
    i = end + 1;
  }
  return blocks;
}

/** Cuts a block where a single-phrase line is followed by a header line (a new sub-table). */
function segments(block: readonly Line[]): Line[][] {
  const out: Line[][] = [];
  let current: Line[] = [];
  block.forEach((line, k) => {
    const next = block[k + 1];
    const startsSub =
      line.chunks.length === 1 && next && !isDataLine(next) && next.chunks.length >= 2 && current.some(isDataLine) && !isDataLine(line);
    if (startsSub) {
      out.push(current);
      current = [];
    }
    current.push(line);
  });
  if (current.length) out.push(current);
  return out;
}

/**
 * Neighbouring value bands that no line fills both of are one column whose values jitter
 * (centred numbers of different widths, uneven cell padding): merge them when close.
 */
function mergeJittered(bands: Band[], dataLines: readonly Line[]): Band[] {
  const em = median(dataLines.map((l) => l.size)) || 10;
  const used = (line: Line, b: Band) => line.words.some((w) => isValueText(w.text) && overlaps(w, b));
  const out = [...bands];
  for (let k = 0; k + 1 < out.length; ) {
    const a = out[k]!;
    const b = out[k + 1]!;
    if (b.x0 - a.x1 < 2 * em && !dataLines.some((l) => used(l, a) && used(l, b))) {
      out.splice(k, 2, { x0: a.x0, x1: Math.max(a.x1, b.x1) });
    } else k++;
  }
  return out;
}

interface Columns {
  /** right edge of the label area */
  labelEdge: number;
  /** value columns, left to right */
  bands: Band[];
}

function findColumns(segment: readonly Line[]): Columns | null {
  const dataLines = segment.filter(isDataLine);
  const valueWords = dataLines.flatMap((l) => l.words.filter((w) => isValueText(w.text)));
  if (valueWords.length === 0) return null;
  const bands = mergeJittered(mergeBands(valueWords, 1), dataLines);
  const labelEdge = bands[0]!.x0 - 1;
  // headers of columns that no data line fills, narrowest first; spanning headers are skipped,
  // and so are lone phrases on their own line (a sub-table title centred over the table)
  const headerWords = segment
    .filter((l) => !isDataLine(l) && l.chunks.length > 1)
    .flatMap((l) => l.words)
    .filter((w) => centre(w) > labelEdge)
    .sort((a, b) => a.x1 - a.x0 - (b.x1 - b.x0));
  const added: Band[] = [];
  for (const w of headerWords) {
    if (bands.some((b) => overlaps(b, w))) continue;
    const hits = added.filter((b) => overlaps(b, w));
    if (hits.length >= 2) continue;
    if (hits.length === 1) {
      hits[0]!.x0 = Math.min(hits[0]!.x0, w.x0);
      hits[0]!.x1 = Math.max(hits[0]!.x1, w.x1);
    } else added.push({ x0: w.x0, x1: w.x1 });
  }
  return { labelEdge, bands: mergeBands([...bands, ...added], 0) };
}

/** Index of the column a word belongs to: most overlap, else nearest centre. */
function columnOf(word: Chunk, bands: readonly Band[]): number {
  let best = 0;
  let bestScore = -Infinity;
  bands.forEach((b, k) => {
    const overlap = Math.min(b.x1, word.x1) - Math.max(b.x0, word.x0);
    const score = overlap > 0 ? overlap : -Math.abs((b.x0 + b.x1) / 2 - (word.x0 + word.x1) / 2);
    if (score > bestScore) [best, bestScore] = [k, score];
  });
  return best;
}

/** Label-area words → label cells, one per left-edge cluster (group label, row label …). */
function labelCells(words: Chunk[], em: number): TableCell[] {
  const clusters: Chunk[][] = [];
  for (const w of [...words].sort((a, b) => a.x0 - b.x0)) {
    const last = clusters[clusters.length - 1];
    if (last && w.x0 - last[0]!.x0 <= 1.5 * em) last.push(w);
    else clusters.push([w]);
  }
  return clusters.map((ws) => {
    ws.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
    return cellOf(ws);
  });
}

function cellOf(words: readonly Chunk[]): TableCell {
  return {
    text: joinCellLines(words.map((w) => w.text)),
    x0: Math.min(...words.map((w) => w.x0)),
    x1: Math.max(...words.map((w) => w.x1)),
    y0: Math.min(...words.map((w) => w.y0)),
    y1: Math.max(...words.map((w) => w.y1)),
    rowSpan: 1,
  };
}

function buildRows(segment: readonly Line[], cols: Columns): TableCell[][] {
  const anchors = segment.filter(isDataLine);
  const groups = new Map<Line, Line[]>(anchors.map((a) => [a, [a]]));
  const headerLines: Line[] = [];
  const own: Line[] = [];
  for (const line of segment) {
    if (groups.has(line)) continue;
    if (line.y1 <= anchors[0]!.y0 + 1) {
      headerLines.push(line);
      continue;
    }
    if (line.words.some((w) => centre(w) > cols.labelEdge)) {
      own.push(line); // not a wrapped label: a row of its own
      continue;
    }
    const middle = (line.y0 + line.y1) / 2;
    let best = anchors[0]!;
    let bestDist = Infinity;
    for (const a of anchors) {
      let d = Math.abs((a.y0 + a.y1) / 2 - middle);
      // a line opening with an ordinal starts the label of the row below it
      if (ORDINAL_START.test(line.chunks[0]!.text) && a.y0 < line.y0) d += 1000;
      if (d < bestDist) [best, bestDist] = [a, d];
    }
    groups.get(best)!.push(line);
  }
  const em = median(segment.map((l) => l.size)) || 10;
  const rowOf = (lines: Line[]): TableCell[] => {
    const words = lines.flatMap((l) => l.words);
    const label = words.filter((w) => centre(w) <= cols.labelEdge);
    const perColumn: Chunk[][] = cols.bands.map(() => []);
    for (const w of words) if (centre(w) > cols.labelEdge) perColumn[columnOf(w, cols.bands)]!.push(w);
    const values = perColumn.map((ws, k) =>
      ws.length ? cellOf(ws.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) : { text: '', ...cols.bands[k]!, y0: lines[0]!.y0, y1: lines[0]!.y1, rowSpan: 1 },
    );
    return [...(label.length ? labelCells(label, em) : []), ...values];
  };
  const rows: { y: number; cells: TableCell[] }[] = [];
  for (const line of headerLines) rows.push({ y: line.y0, cells: rowOf([line]) });
  for (const line of own) rows.push({ y: line.y0, cells: rowOf([line]) });
  for (const [anchor, lines] of groups) rows.push({ y: anchor.y0, cells: rowOf(lines) });
  return rows.sort((a, b) => a.y - b.y).map((r) => r.cells);
}

/** Borderless tables among a page's free lines, and the lines they took. */
export function findStreamTables(lines: readonly Line[]): { tables: TableItem[]; used: Set<Line> } {
  const tables: TableItem[] = [];
  const used = new Set<Line>();
  for (const block of findBlocks(lines)) {
    const rows: TableCell[][] = [];
    let xs: number[] = [];
    for (const segment of segments(block)) {
      const cols = findColumns(segment);
      if (!cols) {
        // a header-only segment (e.g. a sub-table title): one row per line
        for (const line of segment) rows.push(line.chunks.map((c) => cellOf([c])));
        continue;
      }
      if (xs.length === 0) xs = [Math.min(...segment.map((l) => l.x0)), ...cols.bands.map((b) => b.x0)];
      rows.push(...buildRows(segment, cols));
    }
    if (rows.length === 0) continue;
    for (const line of block) used.add(line);
    tables.push({
      kind: 'table',
      method: 'stream',
      y0: Math.min(...block.map((l) => l.y0)),
      y1: Math.max(...block.map((l) => l.y1)),
      xs,
      rows,
    });
  }
  return { tables, used };
}
