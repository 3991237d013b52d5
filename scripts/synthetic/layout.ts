/**
 * The printed structure of Tables 2–4 (labels, ordinals, merged group cells) shared by all
 * renderers, derived from `src/domain/vocabulary.ts`.
 */
import { T2_BLOCKS, T3_COLUMNS, T4_COLUMNS, t2Key, t3Key, t3RowsFor, t4Key, type TableTemplate } from '../../src/domain/vocabulary.ts';

export const T3_CORNER = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const T3_APPLICANT = '申请人情况';
export const T3_ORG = '法人或其他组织';
export const T3_OUTCOME_GROUP = '三、本年度办理结果';

export interface T3Row {
  key: string;
  /** printed label with its ordinal: （一）予以公开, 1.属于国家秘密 */
  label: string;
  ordinal: string;
  bare: string;
  /** top: 一/二/四 rows; outcome: （一）（二）（六 in v2019）（七）; sub: numbered items of a group */
  kind: 'top' | 'outcome' | 'sub';
  /** group label of a sub-item: （三）不予公开 … */
  group: string | null;
  /** first row of its group (the group label shares this row, V-02) */
  groupFirst: boolean;
  /** number of rows of its group */
  groupSize: number;
  /** first row of 三、本年度办理结果 */
  outcomeFirst: boolean;
  /** cell keys in column order (自然人 … 总计) */
  cells: string[];
}

const GROUPS: Record<string, string> = {
  'outcome.withheld': '（三）不予公开',
  'outcome.unable': '（四）无法提供',
  'outcome.not_processed': '（五）不予处理',
  'outcome.other': '（六）其他处理',
};

export const T3_COLUMN_LABELS = T3_COLUMNS.map((c) => c.labels[0] as string);
export const T3_ORG_LABELS = T3_COLUMN_LABELS.slice(1, 6);

export function t3Rows(template: TableTemplate): T3Row[] {
  const rows = t3RowsFor(template);
  const out: T3Row[] = [];
  let seenOutcome = false;
  for (const row of rows) {
    const parts = row.key.split('.');
    const groupKey = parts.length === 3 ? `${parts[0]}.${parts[1]}` : null;
    const group = groupKey ? (GROUPS[groupKey] ?? null) : null;
    const kind: T3Row['kind'] = row.key.startsWith('outcome.') ? (group ? 'sub' : 'outcome') : 'top';
    const siblings = group ? rows.filter((r) => r.key.startsWith(`${groupKey}.`)) : [];
    const outcomeFirst = kind !== 'top' && !seenOutcome;
    if (kind !== 'top') seenOutcome = true;
    const ordinal = row.ordinal ?? '';
    const bare = row.labels[0] as string;
    out.push({
      key: row.key,
      label: ordinal + bare,
      ordinal,
      bare,
      kind,
      group,
      groupFirst: group !== null && siblings[0]?.key === row.key,
      groupSize: siblings.length,
      outcomeFirst,
      cells: T3_COLUMNS.map((c) => t3Key(row.key, c.key)),
    });
  }
  return out;
}

/** rows spanned by the 三、本年度办理结果 label */
export function outcomeRowCount(template: TableTemplate): number {
  return t3Rows(template).filter((r) => r.kind !== 'top').length;
}

export interface T2Layout {
  /** 第二十条第（一）项 */
  header: string;
  columns: string[];
  rows: Array<{ label: string; cells: string[] }>;
}

export function t2Blocks(template: TableTemplate): T2Layout[] {
  return T2_BLOCKS[template].map((block) => ({
    header: `第二十条第（${block.item}）项`,
    columns: block.columns.map((c) => c.labels[0] as string),
    rows: block.rows.map((r) => ({ label: r.labels[0] as string, cells: block.columns.map((c) => t2Key(block.key, r.key, c.key)) })),
  }));
}

export const T4_GROUP_LABELS = ['行政复议', '行政诉讼'] as const;
export const T4_SUBGROUP_LABELS = ['未经复议直接起诉', '复议后起诉'] as const;
export const T4_LEAF_LABELS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] as const;
export const T4_KEYS_IN_ORDER = T4_COLUMNS.map((c) => t4Key(c.key));

// ---------------------------------------------------------------- V-21: other orientations

/** Corner of a transposed Table 3: the identity now runs along each row. */
export const T3_TRANSPOSED_CORNER = '（本行数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

export interface T3ApplicantRow {
  /** column key of the template (applicant.natural_person …) */
  key: string;
  label: string;
  /** 法人或其他组织 for the five organisation types */
  group: string | null;
  groupFirst: boolean;
}

/** Table 3's columns as the rows of its transpose (自然人, 法人或其他组织 × 5, 总计). */
export function t3ApplicantRows(): T3ApplicantRow[] {
  return T3_COLUMNS.map((column, i) => {
    const label = column.labels[0] as string;
    const inOrg = i >= 1 && i <= T3_ORG_LABELS.length;
    return { key: column.key, label, group: inOrg ? T3_ORG : null, groupFirst: inOrg && label === T3_ORG_LABELS[0] };
  });
}

/** A header cell of a merged (HTML) header. */
export interface HeaderCell {
  text: string;
  colspan: number;
  rowspan: number;
}

/**
 * The header of a transposed Table 3, three rows deep as Word would merge it: 一/二/四 span all
 * three rows, 三、本年度办理结果 spans the outcome columns, each group label its sub-items.
 */
export function t3TransposedHeader(template: TableTemplate): HeaderCell[][] {
  const rows = t3Rows(template);
  const top: HeaderCell[] = [];
  const middle: HeaderCell[] = [];
  const leaves: HeaderCell[] = [];
  for (const row of rows) {
    if (row.kind === 'top') top.push({ text: row.label, colspan: 1, rowspan: 3 });
    else {
      if (row.outcomeFirst) top.push({ text: T3_OUTCOME_GROUP, colspan: outcomeRowCount(template), rowspan: 1 });
      if (row.kind === 'outcome') middle.push({ text: row.label, colspan: 1, rowspan: 2 });
      else {
        if (row.groupFirst) middle.push({ text: row.group as string, colspan: row.groupSize, rowspan: 1 });
        leaves.push({ text: row.label, colspan: 1, rowspan: 1 });
      }
    }
  }
  return [top, middle, leaves];
}

/** The header of a transposed Table 3 on a grid, merged cells printed blank (Markdown, tabs): one array per header row, one entry per outcome column. */
export function t3TransposedHeaderGrid(template: TableTemplate): string[][] {
  const grid: string[][] = [[], [], []];
  t3TransposedHeader(template).forEach((cells, r) => {
    let col = 0;
    for (const cell of cells) {
      while (grid[r]![col] !== undefined) col++;
      for (let dr = 0; dr < cell.rowspan; dr++) {
        for (let dc = 0; dc < cell.colspan; dc++) grid[r + dr]![col + dc] = dr === 0 && dc === 0 ? cell.text : '';
      }
      col += cell.colspan;
    }
  });
  return grid;
}

export interface T4VerticalRow {
  key: string;
  /** 行政复议 / 行政诉讼, on the first row of its group */
  group: string;
  groupFirst: boolean;
  groupSize: number;
  /** 未经复议直接起诉 / 复议后起诉 for litigation rows, on the first row of the sub-group */
  subgroup: string | null;
  subgroupFirst: boolean;
  leaf: string;
}

/** Table 4 as a vertical list: one row per item, in template order. */
export function t4VerticalRows(): T4VerticalRow[] {
  return T4_KEYS_IN_ORDER.map((key, i) => {
    const litigation = i >= T4_LEAF_LABELS.length;
    const position = i % T4_LEAF_LABELS.length;
    return {
      key,
      group: litigation ? T4_GROUP_LABELS[1] : T4_GROUP_LABELS[0],
      groupFirst: i === 0 || i === T4_LEAF_LABELS.length,
      groupSize: litigation ? 2 * T4_LEAF_LABELS.length : T4_LEAF_LABELS.length,
      subgroup: litigation ? T4_SUBGROUP_LABELS[i < 2 * T4_LEAF_LABELS.length ? 0 : 1] : null,
      subgroupFirst: litigation && position === 0,
      leaf: T4_LEAF_LABELS[position] as string,
    };
  });
}

/**
 * A transposed Table 3 as grid lines (Markdown, tab-separated text): three stub columns
 * (申请人情况 | 法人或其他组织 | type), the header grid, then one line per applicant type.
 */
export function transposedT3Lines(template: TableTemplate, raw: (key: string) => string): string[][] {
  const header = t3TransposedHeaderGrid(template);
  const lines = header.map((cells, r) => [r === 0 ? T3_TRANSPOSED_CORNER : '', '', '', ...cells]);
  const outcomes = t3Rows(template);
  t3ApplicantRows().forEach((applicant, i) => {
    const stub = [i === 0 ? T3_APPLICANT : '', applicant.groupFirst ? (applicant.group as string) : '', applicant.label];
    lines.push([...stub, ...outcomes.map((row) => raw(row.cells[i] as string))]);
  });
  return lines;
}

/** A vertical Table 4 as grid lines: 项目 (group | sub-group | item) and 件数, merged cells blank. */
export function verticalT4Lines(raw: (key: string) => string): string[][] {
  const lines: string[][] = [['项目', '', '', '件数']];
  for (const row of t4VerticalRows()) {
    lines.push([row.groupFirst ? row.group : '', row.subgroupFirst ? (row.subgroup as string) : '', row.leaf, raw(row.key)]);
  }
  return lines;
}

// ---------------------------------------------------------------- V-21: a transposed Table 3 in pieces

/**
 * A piece of a transposed Table 3 printed as a table of its own: a wide table spread over
 * side-by-side or successive tables (a range of outcome columns, every applicant row), or broken
 * across pages (every column, a range of applicant rows).
 */
export interface TransposedPiece {
  /** outcome columns [from, to) */
  cols: [number, number];
  /** applicant rows [from, to) */
  rows: [number, number];
  /** prints the header rows (a continuation on the next page may not) */
  header: boolean;
  /** labels of merged cells cut by the split printed again in this piece (else left blank) */
  repeatGroups: boolean;
}

/** How a transposed Table 3 is cut: 2–3 pieces of columns, or 2 pieces of rows. */
export function transposedPieces(template: TableTemplate, how: 'columns' | 'rows', rng: { int(a: number, b: number): number; chance(p: number): boolean }): TransposedPiece[] {
  const width = t3Rows(template).length;
  const height = T3_COLUMNS.length;
  if (how === 'rows') {
    const cut = rng.int(1, height - 1);
    return [
      { cols: [0, width], rows: [0, cut], header: true, repeatGroups: false },
      { cols: [0, width], rows: [cut, height], header: rng.chance(0.5), repeatGroups: rng.chance(0.5) },
    ];
  }
  const cuts = rng.chance(0.3) ? [rng.int(3, Math.floor(width / 2) - 1), rng.int(Math.floor(width / 2) + 1, width - 3)] : [rng.int(3, width - 3)];
  const bounds = [0, ...cuts, width];
  const repeat = rng.chance(0.5);
  return cuts.concat(width).map((to, k) => ({ cols: [bounds[k]!, to], rows: [0, height], header: true, repeatGroups: repeat }));
}

interface PlacedCell extends HeaderCell {
  row: number;
  col: number;
}

function placeHeader(header: HeaderCell[][]): PlacedCell[] {
  const taken = header.map(() => new Set<number>());
  const placed: PlacedCell[] = [];
  header.forEach((cells, r) => {
    let col = 0;
    for (const cell of cells) {
      while (taken[r]!.has(col)) col++;
      for (let dr = 0; dr < cell.rowspan; dr++) for (let dc = 0; dc < cell.colspan; dc++) taken[r + dr]?.add(col + dc);
      placed.push({ ...cell, row: r, col });
      col += cell.colspan;
    }
  });
  return placed;
}

/** The header rows of a piece's columns: cells clipped to them, a cell cut on its left blank unless repeated. */
export function transposedPieceHeader(template: TableTemplate, piece: TransposedPiece): HeaderCell[][] {
  const [from, to] = piece.cols;
  const header = t3TransposedHeader(template);
  const out: HeaderCell[][] = header.map(() => []);
  for (const cell of placeHeader(header)) {
    const start = Math.max(cell.col, from);
    const end = Math.min(cell.col + cell.colspan, to);
    if (end <= start) continue;
    out[cell.row]!.push({ text: cell.col >= from || piece.repeatGroups ? cell.text : '', colspan: end - start, rowspan: cell.rowspan });
  }
  return out;
}

/** A piece of a transposed Table 3 as grid lines (Markdown, tabs), merged cells blank. */
export function transposedPieceLines(template: TableTemplate, raw: (key: string) => string, piece: TransposedPiece): string[][] {
  const [from, to] = piece.cols;
  const lines: string[][] = [];
  if (piece.header) {
    const grid: string[][] = [[], [], []];
    for (const cell of placeHeader(transposedPieceHeader(template, piece))) {
      for (let dr = 0; dr < cell.rowspan; dr++) for (let dc = 0; dc < cell.colspan; dc++) grid[cell.row + dr]![cell.col + dc] = dr === 0 && dc === 0 ? cell.text : '';
    }
    grid.forEach((cells, r) => lines.push([r === 0 && (from === 0 || piece.repeatGroups) ? T3_TRANSPOSED_CORNER : '', '', '', ...Array.from({ length: to - from }, (_, j) => cells[j] ?? '')]));
  }
  const outcomes = t3Rows(template).slice(from, to);
  const applicants = t3ApplicantRows();
  for (let i = piece.rows[0]; i < piece.rows[1]; i++) {
    const applicant = applicants[i]!;
    const firstOfPiece = i === piece.rows[0];
    const stub = [
      i === 0 || (firstOfPiece && piece.repeatGroups) ? T3_APPLICANT : '',
      applicant.group && (applicant.groupFirst || (firstOfPiece && piece.repeatGroups)) ? applicant.group : '',
      applicant.label,
    ];
    lines.push([...stub, ...outcomes.map((row) => raw(row.cells[i] as string))]);
  }
  return lines;
}
