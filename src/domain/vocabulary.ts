/**
 * The canonical cell vocabulary of the national annual-report templates
 * (spec §3–§5; `shared/spec/cells.tsv` is the reference this is tested against).
 *
 * Keys are `<table>:<row>:<col>`. Rows and columns carry the labels the template prints;
 * extraction matches labels, never positions.
 */

export type TemplateId = 'v2021' | 'v2019' | 'pre2019' | 'unknown';
export type TableTemplate = 'v2021' | 'v2019';

export interface Label {
  /** canonical key fragment */
  key: string;
  /** printed label(s); the first is the template's wording, the rest are synonyms seen in the wild */
  labels: string[];
  /** ordinal printed before the label in the template ("一、", "（一）", "1.") */
  ordinal?: string;
  /** templates that print this row/column */
  templates: readonly TableTemplate[];
}

const BOTH = ['v2021', 'v2019'] as const;
const V2021 = ['v2021'] as const;
const V2019 = ['v2019'] as const;

// ---------------------------------------------------------------- Table 3

export const T3_COLUMNS: readonly Label[] = [
  { key: 'applicant.natural_person', labels: ['自然人'], templates: BOTH },
  { key: 'applicant.org.commercial', labels: ['商业企业'], templates: BOTH },
  { key: 'applicant.org.research', labels: ['科研机构'], templates: BOTH },
  { key: 'applicant.org.public_interest', labels: ['社会公益组织'], templates: BOTH },
  { key: 'applicant.org.legal_service', labels: ['法律服务机构'], templates: BOTH },
  { key: 'applicant.org.other', labels: ['其他'], templates: BOTH },
  { key: 'applicant.total', labels: ['总计'], templates: BOTH },
];

/** Table 3 data rows in printed order. Group headers (三、本年度办理结果, （三）不予公开 …) are not data rows. */
export const T3_ROWS: readonly Label[] = [
  { key: 'received.new', ordinal: '一、', labels: ['本年新收政府信息公开申请数量'], templates: BOTH },
  { key: 'received.carried_over', ordinal: '二、', labels: ['上年结转政府信息公开申请数量'], templates: BOTH },
  { key: 'outcome.granted', ordinal: '（一）', labels: ['予以公开'], templates: BOTH },
  {
    key: 'outcome.partial',
    ordinal: '（二）',
    labels: ['部分公开（区分处理的，只计这一情形，不计其他情形）', '部分公开'],
    templates: BOTH,
  },
  { key: 'outcome.withheld.state_secret', ordinal: '1.', labels: ['属于国家秘密'], templates: BOTH },
  { key: 'outcome.withheld.law_prohibited', ordinal: '2.', labels: ['其他法律行政法规禁止公开'], templates: BOTH },
  { key: 'outcome.withheld.security_stability', ordinal: '3.', labels: ['危及“三安全一稳定”'], templates: BOTH },
  { key: 'outcome.withheld.third_party', ordinal: '4.', labels: ['保护第三方合法权益'], templates: BOTH },
  { key: 'outcome.withheld.internal_affairs', ordinal: '5.', labels: ['属于三类内部事务信息'], templates: BOTH },
  { key: 'outcome.withheld.process_info', ordinal: '6.', labels: ['属于四类过程性信息'], templates: BOTH },
  { key: 'outcome.withheld.enforcement_file', ordinal: '7.', labels: ['属于行政执法案卷'], templates: BOTH },
  { key: 'outcome.withheld.admin_query', ordinal: '8.', labels: ['属于行政查询事项'], templates: BOTH },
  { key: 'outcome.unable.not_held', ordinal: '1.', labels: ['本机关不掌握相关政府信息'], templates: BOTH },
  { key: 'outcome.unable.needs_creation', ordinal: '2.', labels: ['没有现成信息需要另行制作'], templates: BOTH },
  { key: 'outcome.unable.unclear', ordinal: '3.', labels: ['补正后申请内容仍不明确'], templates: BOTH },
  { key: 'outcome.not_processed.complaint', ordinal: '1.', labels: ['信访举报投诉类申请'], templates: BOTH },
  { key: 'outcome.not_processed.repeat', ordinal: '2.', labels: ['重复申请'], templates: BOTH },
  { key: 'outcome.not_processed.publication', ordinal: '3.', labels: ['要求提供公开出版物'], templates: BOTH },
  { key: 'outcome.not_processed.mass_repeat', ordinal: '4.', labels: ['无正当理由大量反复申请'], templates: BOTH },
  {
    key: 'outcome.not_processed.confirm_reissue',
    ordinal: '5.',
    labels: ['要求行政机关确认或重新出具已获取信息'],
    templates: BOTH,
  },
  { key: 'outcome.other', ordinal: '（六）', labels: ['其他处理'], templates: V2019 },
  {
    key: 'outcome.other.no_correction',
    ordinal: '1.',
    labels: ['申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '申请人无正当理由逾期不补正'],
    templates: V2021,
  },
  {
    key: 'outcome.other.fee_unpaid',
    ordinal: '2.',
    labels: ['申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '申请人逾期未按收费通知要求缴纳费用'],
    templates: V2021,
  },
  { key: 'outcome.other.misc', ordinal: '3.', labels: ['其他'], templates: V2021 },
  { key: 'outcome.total', ordinal: '（七）', labels: ['总计'], templates: BOTH },
  { key: 'carried_forward', ordinal: '四、', labels: ['结转下年度继续办理'], templates: BOTH },
];

// ---------------------------------------------------------------- Table 4

const T4_LEAVES = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;

const T4_GROUPS = [
  { key: 'review', label: '行政复议' },
  { key: 'litigation.direct', label: '未经复议直接起诉' },
  { key: 'litigation.after_review', label: '复议后起诉' },
] as const;

/** The 15 Table 4 columns in printed order; the single row key is `cases`. */
export const T4_COLUMNS: readonly Label[] = T4_GROUPS.flatMap((group) =>
  T4_LEAVES.map((leaf) => ({
    key: `${group.key}.${leaf.key}`,
    labels: [`${group.label}${leaf.label}`],
    templates: BOTH,
  })),
);
export const T4_ROW = 'cases';

// ---------------------------------------------------------------- Table 2

export type T2ValueKind = 'count' | 'signed' | 'amount';

export interface T2Column extends Label {
  kind: T2ValueKind;
}

export interface T2Block {
  key: string;
  /** Art. 20 item numeral as printed: 第二十条第（一）项 */
  item: string;
  rows: readonly Label[];
  columns: readonly T2Column[];
}

const itemsPrev: T2Column = { key: 'items_prev', labels: ['上一年项目数量'], kind: 'count', templates: V2019 };
const itemsDelta: T2Column = { key: 'items_delta', labels: ['本年增/减', '本年增减'], kind: 'signed', templates: V2019 };
const decisionsV2019: T2Column = { key: 'decisions', labels: ['处理决定数量'], kind: 'count', templates: V2019 };
const decisionsV2021: T2Column = {
  key: 'decisions',
  labels: ['本年处理决定数量', '处理决定数量'],
  kind: 'count',
  templates: V2021,
};

export const T2_BLOCKS: Record<TableTemplate, readonly T2Block[]> = {
  v2021: [
    {
      key: 't2.a20_1',
      item: '一',
      rows: [
        { key: 'regulation', labels: ['规章'], templates: V2021 },
        { key: 'normative_doc', labels: ['行政规范性文件', '规范性文件'], templates: V2021 },
      ],
      columns: [
        { key: 'issued', labels: ['本年制发件数'], kind: 'count', templates: V2021 },
        { key: 'repealed', labels: ['本年废止件数'], kind: 'count', templates: V2021 },
        { key: 'in_force', labels: ['现行有效件数', '现行有效件数（历史累计）'], kind: 'count', templates: V2021 },
      ],
    },
    {
      key: 't2.a20_5',
      item: '五',
      rows: [{ key: 'license', labels: ['行政许可'], templates: V2021 }],
      columns: [decisionsV2021],
    },
    {
      key: 't2.a20_6',
      item: '六',
      rows: [
        { key: 'penalty', labels: ['行政处罚'], templates: V2021 },
        { key: 'coercion', labels: ['行政强制'], templates: V2021 },
      ],
      columns: [decisionsV2021],
    },
    {
      key: 't2.a20_8',
      item: '八',
      rows: [{ key: 'admin_fee', labels: ['行政事业性收费'], templates: V2021 }],
      columns: [{ key: 'amount_wan', labels: ['本年收费金额（单位：万元）', '本年收费金额'], kind: 'amount', templates: V2021 }],
    },
  ],
  v2019: [
    {
      key: 't2.a20_1',
      item: '一',
      rows: [
        { key: 'regulation', labels: ['规章'], templates: V2019 },
        { key: 'normative_doc', labels: ['规范性文件', '行政规范性文件'], templates: V2019 },
      ],
      columns: [
        { key: 'made', labels: ['本年新制作数量'], kind: 'count', templates: V2019 },
        { key: 'published', labels: ['本年新公开数量'], kind: 'count', templates: V2019 },
        { key: 'published_total', labels: ['对外公开总数量'], kind: 'count', templates: V2019 },
      ],
    },
    {
      key: 't2.a20_5',
      item: '五',
      rows: [
        { key: 'license', labels: ['行政许可'], templates: V2019 },
        { key: 'other_mgmt_service', labels: ['其他对外管理服务事项'], templates: V2019 },
      ],
      columns: [itemsPrev, itemsDelta, decisionsV2019],
    },
    {
      key: 't2.a20_6',
      item: '六',
      rows: [
        { key: 'penalty', labels: ['行政处罚'], templates: V2019 },
        { key: 'coercion', labels: ['行政强制'], templates: V2019 },
      ],
      columns: [itemsPrev, itemsDelta, decisionsV2019],
    },
    {
      key: 't2.a20_8',
      item: '八',
      rows: [{ key: 'admin_fee', labels: ['行政事业性收费'], templates: V2019 }],
      columns: [itemsPrev, itemsDelta],
    },
    {
      key: 't2.a20_9',
      item: '九',
      rows: [{ key: 'central_procurement', labels: ['政府集中采购'], templates: V2019 }],
      columns: [
        { key: 'projects', labels: ['采购项目数量'], kind: 'count', templates: V2019 },
        { key: 'amount', labels: ['采购总金额'], kind: 'amount', templates: V2019 },
      ],
    },
  ],
};

// ---------------------------------------------------------------- keys

export function t3Key(row: string, col: string): string {
  return `t3:${row}:${col}`;
}
export function t4Key(col: string): string {
  return `t4:${T4_ROW}:${col}`;
}
export function t2Key(block: string, row: string, col: string): string {
  return `${block}:${row}:${col}`;
}

export function t3RowsFor(template: TableTemplate): Label[] {
  return T3_ROWS.filter((row) => row.templates.includes(template));
}

/** Every canonical key a template defines, in printed order (Table 2, 3, 4). */
export function keysFor(template: TableTemplate): string[] {
  const keys: string[] = [];
  for (const block of T2_BLOCKS[template]) {
    for (const row of block.rows) for (const col of block.columns) keys.push(t2Key(block.key, row.key, col.key));
  }
  for (const row of t3RowsFor(template)) for (const col of T3_COLUMNS) keys.push(t3Key(row.key, col.key));
  for (const col of T4_COLUMNS) keys.push(t4Key(col.key));
  return keys;
}
