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
