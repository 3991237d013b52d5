/**
 * The SQL of the analysis views (docs/warehouse.md), built from the cell vocabulary so that the
 * 261 columns of v_t3 cannot drift from src/domain/vocabulary.ts. The output is written to
 * migrations/views.sql (`npm run db:views`), a repeatable migration: `migrate` re-creates the
 * views whenever that file changes (src/db/migrate.ts), so a view change is one file, never a
 * new copy of every view. test/warehouse checks the file against this generator and the live
 * views against the column lists exported here.
 *
 * Conventions shared by every view:
 * - only current reports (status 'ok'); printed values are never changed;
 * - `nsum(a, b, …)` = the sum with blanks counted as 0, null only when every part is blank
 *   (the validator's convention for identities);
 * - `<row>_all` = the printed 总计 of a row, or, when it was left blank, the sum of its parts.
 */
import { T3_COLUMNS, T3_ROWS, T4_COLUMNS } from '../domain/vocabulary.ts';

// ---------------------------------------------------------------- Table 3

/** Column suffix of each printed Table 3 column. */
export const T3_PRINTED_SUFFIXES: Readonly<Record<string, string>> = {
  'applicant.natural_person': 'np',
  'applicant.org.commercial': 'commercial',
  'applicant.org.research': 'research',
  'applicant.org.public_interest': 'public_interest',
  'applicant.org.legal_service': 'legal_service',
  'applicant.org.other': 'org_other',
  'applicant.total': 'total',
};
const ORG_PARTS = ['commercial', 'research', 'public_interest', 'legal_service', 'org_other'];
/** Every column suffix of v_t3 in order: the seven printed ones, then `org` and `all`. */
export const T3_SUFFIXES = [...Object.values(T3_PRINTED_SUFFIXES), 'org', 'all'] as const;

/** Column stem of a Table 3 row key: `outcome.withheld.state_secret` → `withheld_state_secret`. */
export function t3Stem(rowKey: string): string {
  if (rowKey === 'outcome.total') return 'outcome_total';
  return rowKey.replace(/^outcome\./, '').replaceAll('.', '_');
}

/** Derived rows (spec §4.2): subtotal stem → the stems of its parts. */
export const T3_DERIVED_ROWS: Readonly<Record<string, readonly string[]>> = {
  withheld: T3_ROWS.filter((row) => row.key.startsWith('outcome.withheld.')).map((row) => t3Stem(row.key)),
  unable: T3_ROWS.filter((row) => row.key.startsWith('outcome.unable.')).map((row) => t3Stem(row.key)),
  not_processed: T3_ROWS.filter((row) => row.key.startsWith('outcome.not_processed.')).map((row) => t3Stem(row.key)),
};
/** v2021's three （六）其他处理 rows; their sum is comparable with v2019's single `outcome.other` row. */
const OTHER_PARTS = T3_ROWS.filter((row) => row.key.startsWith('outcome.other.')).map((row) => t3Stem(row.key));

/** Stems of v_t3 in column order: printed rows (with `other` harmonised), then the derived subtotals. */
export const T3_STEMS: readonly string[] = [...T3_ROWS.map((row) => t3Stem(row.key)), ...Object.keys(T3_DERIVED_ROWS)];

/** Every Table 3 value column of v_t3, in order. */
export function t3ValueColumns(): string[] {
  return T3_STEMS.flatMap((stem) => T3_SUFFIXES.map((suffix) => `${stem}_${suffix}`));
}

// ---------------------------------------------------------------- Table 4

export function t4Stem(colKey: string): string {
  return colKey.replaceAll('.', '_');
}
const T4_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'] as const;
const T4_LEAVES = ['upheld', 'corrected', 'other', 'pending'] as const;
/** Derived Table 4 columns and what they are. */
export const T4_DERIVED: readonly string[] = [
  ...T4_GROUPS.map((group) => `${group}_all`),
  'litigation_total',
  'litigation_all',
  ...T4_LEAVES.map((leaf) => `litigation_${leaf}`),
];
export function t4ValueColumns(): string[] {
  return [...T4_COLUMNS.map((col) => t4Stem(col.key)), ...T4_DERIVED];
}

// ---------------------------------------------------------------- Table 2

interface T2Column {
  name: string;
  /** SQL expression over the pivot CTE `p` */
  sql: string;
}
/** Printed Table 2 cells pivoted in the CTE, by column name. */
const T2_PRINTED: Readonly<Record<string, string>> = {
  regulation_issued_v2021: 't2.a20_1:regulation:issued',
  regulation_made: 't2.a20_1:regulation:made',
  regulation_repealed: 't2.a20_1:regulation:repealed',
  regulation_in_force: 't2.a20_1:regulation:in_force',
  regulation_published: 't2.a20_1:regulation:published',
  regulation_published_total: 't2.a20_1:regulation:published_total',
  normative_doc_issued_v2021: 't2.a20_1:normative_doc:issued',
  normative_doc_made: 't2.a20_1:normative_doc:made',
  normative_doc_repealed: 't2.a20_1:normative_doc:repealed',
  normative_doc_in_force: 't2.a20_1:normative_doc:in_force',
  normative_doc_published: 't2.a20_1:normative_doc:published',
  normative_doc_published_total: 't2.a20_1:normative_doc:published_total',
  license_decisions: 't2.a20_5:license:decisions',
  license_items_prev: 't2.a20_5:license:items_prev',
  license_items_delta: 't2.a20_5:license:items_delta',
  other_mgmt_service_items_prev: 't2.a20_5:other_mgmt_service:items_prev',
  other_mgmt_service_items_delta: 't2.a20_5:other_mgmt_service:items_delta',
  other_mgmt_service_decisions: 't2.a20_5:other_mgmt_service:decisions',
  penalty_decisions: 't2.a20_6:penalty:decisions',
  penalty_items_prev: 't2.a20_6:penalty:items_prev',
  penalty_items_delta: 't2.a20_6:penalty:items_delta',
  coercion_decisions: 't2.a20_6:coercion:decisions',
  coercion_items_prev: 't2.a20_6:coercion:items_prev',
  coercion_items_delta: 't2.a20_6:coercion:items_delta',
  admin_fee_items_prev: 't2.a20_8:admin_fee:items_prev',
  admin_fee_items_delta: 't2.a20_8:admin_fee:items_delta',
  admin_fee_amount_wan: 't2.a20_8:admin_fee:amount_wan',
  procurement_projects: 't2.a20_9:central_procurement:projects',
  procurement_amount: 't2.a20_9:central_procurement:amount',
};
const T2_OUTPUT: readonly T2Column[] = [
  { name: 'issued_basis', sql: `CASE p.template WHEN 'v2021' THEN 'issued' WHEN 'v2019' THEN 'made' END` },
  { name: 'regulation_issued', sql: 'coalesce(p.regulation_issued_v2021, p.regulation_made)' },
  { name: 'regulation_repealed', sql: 'p.regulation_repealed' },
  { name: 'regulation_in_force', sql: 'p.regulation_in_force' },
  { name: 'regulation_published', sql: 'p.regulation_published' },
  { name: 'regulation_published_total', sql: 'p.regulation_published_total' },
  { name: 'normative_doc_issued', sql: 'coalesce(p.normative_doc_issued_v2021, p.normative_doc_made)' },
  { name: 'normative_doc_repealed', sql: 'p.normative_doc_repealed' },
  { name: 'normative_doc_in_force', sql: 'p.normative_doc_in_force' },
  { name: 'normative_doc_published', sql: 'p.normative_doc_published' },
  { name: 'normative_doc_published_total', sql: 'p.normative_doc_published_total' },
  ...[
    'license_decisions',
    'penalty_decisions',
    'coercion_decisions',
    'license_items_prev',
    'license_items_delta',
    'penalty_items_prev',
    'penalty_items_delta',
    'coercion_items_prev',
    'coercion_items_delta',
    'other_mgmt_service_items_prev',
    'other_mgmt_service_items_delta',
    'other_mgmt_service_decisions',
    'admin_fee_items_prev',
    'admin_fee_items_delta',
    'admin_fee_amount_wan',
    'procurement_projects',
    'procurement_amount',
  ].map((name) => ({ name, sql: `p.${name}` })),
  { name: 'procurement_amount_unit', sql: 'p.procurement_amount_unit' },
  {
    name: 'procurement_amount_wan',
    sql: `CASE p.procurement_amount_unit WHEN '元' THEN round(p.procurement_amount / 10000, 6) WHEN '万元' THEN p.procurement_amount END`,
  },
];
export function t2ValueColumns(): string[] {
  return T2_OUTPUT.map((column) => column.name);
}

// ---------------------------------------------------------------- SQL

const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** Sum with blanks as 0; null when every part is null. */
export function nsum(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!;
  return `CASE WHEN num_nonnulls(${parts.join(', ')}) = 0 THEN NULL ELSE ${parts.map((part) => `coalesce(${part}, 0)`).join(' + ')} END`;
}
/**
 * Pivots go through one jsonb object per report (`jsonb_object_agg(key, value)`, then a lookup
 * per column): 200 `max(…) FILTER (…)` aggregates would test every cell 200 times. The objects
 * are built for all reports in one pass over cells (a hash aggregate): a view over the whole
 * panel costs one scan, while a per-report LATERAL lookup through the BRIN index reads the
 * whole (small) index per report and was 4× slower at 10⁴ reports.
 */
const pivot = (key: string, alias: string) => `(j.cells ->> ${lit(key)})::numeric AS ${alias}`;
const pivotSource = (prefix: string, count: string, extra = '') => `v_report v
  LEFT JOIN (
    SELECT c.report_id, jsonb_object_agg(c.key, c.value) AS cells, count(*)::int AS ${count}${extra}
    FROM cells c
    WHERE c.key LIKE ${lit(`${prefix}%`)}
    GROUP BY c.report_id
  ) j ON j.report_id = v.report_id`;

/** Report columns every per-report view starts with (from v_report `v`). */
export const REPORT_KEY_COLUMNS = [
  'report_id',
  'agency_id',
  'agency',
  'agency_level',
  'agency_type',
  'region_code',
  'coverage',
  'year',
  'template',
  'comparable',
] as const;
const reportKeys = REPORT_KEY_COLUMNS.map((column) => `v.${column}`).join(', ');
const keysOf = (alias: string) => REPORT_KEY_COLUMNS.map((column) => `${alias}.${column}`).join(', ');

function vReport(): string {
  return `CREATE VIEW v_report AS
SELECT r.id AS report_id, r.agency_id, a.name AS agency, a.level AS agency_level, a.type AS agency_type,
  a.region_code, r.coverage, r.year, r.template_detected AS template,
  r.template_detected IN ('v2019', 'v2021') AS comparable,
  r.coverage_evidence, r.template_declared, a.jurisdiction, r.title, r.document_sha256, d.source AS document_source,
  d.format AS document_format, d.blob_path, r.page_count, r.extractor_version, r.created_at AS loaded_at,
  coalesce(r.cell_count, (SELECT count(*) FROM cells c WHERE c.report_id = r.id)::int) AS cells,
  coalesce(r.failing_check_count, (SELECT count(*) FROM checks k WHERE k.report_id = r.id)::int) AS failing_checks,
  pub.published_on, pub.published_basis, p.deadline AS publication_deadline,
  CASE WHEN pub.published_on > p.deadline THEN true WHEN pub.published_basis <> 'signature' THEN false END AS late,
  r.ocr_pages, r.ocr_doubts, r.ocr_label_fixes
FROM reports r
JOIN documents d ON d.sha256 = r.document_sha256
LEFT JOIN agencies a ON a.id = r.agency_id
-- An attachment (a PDF, a Word file) tells at most when it was signed; the report page that links
-- it (its envelope, crawl_urls.parent_url) tells when both were published.
LEFT JOIN LATERAL (
  SELECT e.published_on, e.published_basis
  FROM crawl_urls u
  JOIN crawl_urls page ON page.url = u.parent_url
  JOIN reports e ON e.document_sha256 = page.sha256 AND e.published_basis IN ('meta', 'label', 'url')
  WHERE u.sha256 = r.document_sha256 AND u.parent_url IS NOT NULL
  ORDER BY e.published_on
  LIMIT 1
) envelope ON r.published_basis IS NULL OR r.published_basis = 'signature'
CROSS JOIN LATERAL (
  SELECT coalesce(envelope.published_on, r.published_on) AS published_on,
    CASE WHEN envelope.published_on IS NOT NULL THEN 'envelope' ELSE r.published_basis END AS published_basis
) pub
-- Art. 49/50: departments publish by 31 January, governments their own report by 31 March
CROSS JOIN LATERAL (SELECT CASE WHEN a.type IN ('people_government', 'general_office')
  THEN make_date(r.year + 1, 3, 31) ELSE make_date(r.year + 1, 1, 31) END AS deadline) p
WHERE r.status = 'ok';`;
}

function vFactCell(): string {
  return `CREATE VIEW v_fact_cell AS
SELECT ${reportKeys},
  c.key AS cell_key, split_part(c.key, ':', 1) AS table_key, split_part(c.key, ':', 2) AS row_key,
  split_part(c.key, ':', 3) AS col_key, c.value, c.raw, c.null_reason, c.unit,
  CASE split_part(c.key, ':', 3) WHEN 'amount_wan' THEN '万元' WHEN 'amount' THEN NULL
    WHEN 'items_prev' THEN '个' WHEN 'items_delta' THEN '个' ELSE '件' END AS unit_template,
  c.page, coalesce(c.page = ANY (v.ocr_pages), false) AS ocr, v.document_sha256, v.document_source, v.document_format, v.blob_path, v.extractor_version,
  -- the doubtful OCR reading's alternative ('?': the second reading found nothing); the lookup
  -- runs only for the few reports that have doubts
  CASE WHEN v.ocr_doubts IS NOT NULL THEN (
    SELECT string_agg(coalesce(d ->> 'alternative', '?'), ' ')
    FROM jsonb_array_elements(v.ocr_doubts) d
    WHERE d ->> 'key' = c.key
  ) END AS ocr_doubt
FROM cells c
JOIN v_report v ON v.report_id = c.report_id;`;
}

function vT2(): string {
  const pivots = Object.entries(T2_PRINTED).map(([alias, key]) => pivot(key, alias));
  pivots.push('j.procurement_amount_unit', 'j.t2_cells');
  const unit = `,\n      max(c.unit) FILTER (WHERE c.key = ${lit(T2_PRINTED.procurement_amount!)}) AS procurement_amount_unit`;
  return `CREATE VIEW v_t2 AS
WITH p AS (
  SELECT ${reportKeys},
    ${pivots.join(',\n    ')}
  FROM ${pivotSource('t2.', 't2_cells', unit)}
)
SELECT ${keysOf('p')},
  ${T2_OUTPUT.map((column) => `${column.sql} AS ${column.name}`).join(',\n  ')},
  coalesce(p.t2_cells, 0) AS t2_cells
FROM p;`;
}

function vT3(): string {
  const printed = T3_ROWS.map((row) => ({ key: row.key, stem: t3Stem(row.key) }));
  const pivots: string[] = [];
  for (const row of printed) {
    const stem = row.key === 'outcome.other' ? 'other_v2019' : row.stem;
    for (const col of T3_COLUMNS) pivots.push(pivot(`t3:${row.key}:${col.key}`, `${stem}_${T3_PRINTED_SUFFIXES[col.key]}`));
    pivots.push(pivot(`t3:${row.key}:applicant.org`, `${stem}_org_printed`));
  }
  pivots.push('j.t3_cells');

  // q: per printed row, the printed columns plus org and all
  const rowColumns = (stem: string, source: (suffix: string) => string): string[] => {
    const out = Object.values(T3_PRINTED_SUFFIXES).map((suffix) => `${source(suffix)} AS ${stem}_${suffix}`);
    const org = `coalesce(${nsum(ORG_PARTS.map(source))}, ${source('org_printed')})`;
    out.push(`${org} AS ${stem}_org`);
    out.push(`coalesce(${source('total')}, ${nsum([source('np'), org])}) AS ${stem}_all`);
    return out;
  };
  const qColumns: string[] = [];
  for (const row of printed) {
    if (row.stem === 'other') continue;
    qColumns.push(...rowColumns(row.stem, (suffix) => `p.${row.stem}_${suffix}`));
  }
  qColumns.push(...rowColumns('other_v2019', (suffix) => `p.other_v2019_${suffix}`));

  // final: harmonised `other`, then the derived subtotals, in T3_STEMS order
  const finalColumns: string[] = [];
  const derived = (stem: string, parts: readonly string[]) =>
    T3_SUFFIXES.map((suffix) => `${nsum(parts.map((part) => `q.${part}_${suffix}`))} AS ${stem}_${suffix}`);
  for (const stem of T3_STEMS) {
    if (stem === 'other') {
      finalColumns.push(
        ...T3_SUFFIXES.map(
          (suffix) => `CASE WHEN q.template = 'v2019' THEN q.other_v2019_${suffix} ELSE ${nsum(OTHER_PARTS.map((part) => `q.${part}_${suffix}`))} END AS other_${suffix}`,
        ),
      );
    } else if (stem in T3_DERIVED_ROWS) {
      finalColumns.push(...derived(stem, T3_DERIVED_ROWS[stem]!));
    } else {
      finalColumns.push(...T3_SUFFIXES.map((suffix) => `q.${stem}_${suffix}`));
    }
  }
  return `CREATE VIEW v_t3 AS
WITH p AS (
  SELECT ${reportKeys},
    ${pivots.join(',\n    ')}
  FROM ${pivotSource('t3:', 't3_cells')}
), q AS (
  SELECT ${keysOf('p')}, p.t3_cells,
    ${qColumns.join(',\n    ')}
  FROM p
)
SELECT ${keysOf('q')},
  ${finalColumns.join(',\n  ')},
  coalesce(q.t3_cells, 0) AS t3_cells
FROM q;`;
}

function vT4(): string {
  const printed = T4_COLUMNS.map((col) => ({ key: `t4:cases:${col.key}`, name: t4Stem(col.key) }));
  const all = (group: string) => `coalesce(p.${group}_total, ${nsum(T4_LEAVES.map((leaf) => `p.${group}_${leaf}`))})`;
  const derived = [
    ...T4_GROUPS.map((group) => `${all(group)} AS ${group}_all`),
    `${nsum(['p.litigation_direct_total', 'p.litigation_after_review_total'])} AS litigation_total`,
    `${nsum([all('litigation_direct'), all('litigation_after_review')])} AS litigation_all`,
    ...T4_LEAVES.map((leaf) => `${nsum([`p.litigation_direct_${leaf}`, `p.litigation_after_review_${leaf}`])} AS litigation_${leaf}`),
  ];
  return `CREATE VIEW v_t4 AS
WITH p AS (
  SELECT ${reportKeys},
    ${[...printed.map((col) => pivot(col.key, col.name)), 'j.t4_cells'].join(',\n    ')}
  FROM ${pivotSource('t4:', 't4_cells')}
)
SELECT ${keysOf('p')},
  ${[...printed.map((col) => `p.${col.name}`), ...derived].join(',\n  ')},
  coalesce(p.t4_cells, 0) AS t4_cells
FROM p;`;
}

/** A research metric: numerator and denominator expressions (over v_t3 `t`, v_t4 `f`, v_t2 `s`). */
interface Metric {
  name: string;
  num: readonly string[];
  den: readonly string[];
  /** templates that print the numerator's rows; null for the others (the concept is absent, not 0) */
  templates?: readonly string[];
}
const t3all = (stem: string) => `t.${stem}_all`;
const OUTCOMES = [t3all('outcome_total')];
export const METRICS: readonly Metric[] = [
  { name: 'disclosure_rate', num: [t3all('granted'), t3all('partial')], den: OUTCOMES },
  { name: 'full_disclosure_rate', num: [t3all('granted')], den: OUTCOMES },
  { name: 'withheld_share', num: [t3all('withheld')], den: OUTCOMES },
  { name: 'unable_share', num: [t3all('unable')], den: OUTCOMES },
  { name: 'not_processed_share', num: [t3all('not_processed')], den: OUTCOMES },
  { name: 'other_share', num: [t3all('other')], den: OUTCOMES },
  {
    name: 'statutory_exemption_share',
    num: ['withheld_state_secret', 'withheld_law_prohibited', 'withheld_security_stability', 'withheld_third_party'].map(t3all),
    den: OUTCOMES,
  },
  {
    name: 'discretionary_exemption_share',
    num: ['withheld_internal_affairs', 'withheld_process_info', 'withheld_enforcement_file'].map(t3all),
    den: OUTCOMES,
  },
  { name: 'not_held_share', num: [t3all('unable_not_held')], den: OUTCOMES },
  { name: 'repeat_share', num: [t3all('not_processed_repeat'), t3all('not_processed_mass_repeat')], den: OUTCOMES },
  { name: 'complaint_share', num: [t3all('not_processed_complaint')], den: OUTCOMES },
  { name: 'fee_unpaid_share', num: [t3all('other_fee_unpaid')], den: OUTCOMES, templates: ['v2021'] },
  { name: 'natural_person_share', num: ['t.received_new_np'], den: [t3all('received_new')] },
  { name: 'org_share', num: ['t.received_new_org'], den: [t3all('received_new')] },
  { name: 'commercial_share', num: ['t.received_new_commercial'], den: [t3all('received_new')] },
  { name: 'research_share', num: ['t.received_new_research'], den: [t3all('received_new')] },
  { name: 'public_interest_share', num: ['t.received_new_public_interest'], den: [t3all('received_new')] },
  { name: 'legal_service_share', num: ['t.received_new_legal_service'], den: [t3all('received_new')] },
  { name: 'org_other_share', num: ['t.received_new_org_other'], den: [t3all('received_new')] },
  { name: 'review_rate', num: ['f.review_all'], den: [t3all('received_new')] },
  { name: 'litigation_rate', num: ['f.litigation_all'], den: [t3all('received_new')] },
  { name: 'review_correction_rate', num: ['f.review_corrected'], den: ['f.review_all', '-f.review_pending'] },
  { name: 'litigation_correction_rate', num: ['f.litigation_corrected'], den: ['f.litigation_all', '-f.litigation_pending'] },
  {
    name: 'correction_rate',
    num: ['f.review_corrected', 'f.litigation_corrected'],
    den: ['f.review_all', '-f.review_pending', 'f.litigation_all', '-f.litigation_pending'],
  },
  { name: 'backlog_rate', num: [t3all('carried_forward')], den: [t3all('received_new'), t3all('received_carried_over')] },
];
/** Plain (non-ratio) columns of v_metrics_agency_year after the keys. */
export const METRIC_COUNTS: readonly { name: string; sql: string }[] = [
  { name: 'requests_new', sql: t3all('received_new') },
  { name: 'requests_carried_over', sql: t3all('received_carried_over') },
  { name: 'requests_handled', sql: t3all('outcome_total') },
  { name: 'requests_carried_forward', sql: t3all('carried_forward') },
  { name: 'reviews', sql: 'f.review_all' },
  { name: 'litigations', sql: 'f.litigation_all' },
  { name: 'regulation_issued', sql: 's.regulation_issued' },
  { name: 'normative_doc_issued', sql: 's.normative_doc_issued' },
  { name: 'normative_doc_in_force', sql: 's.normative_doc_in_force' },
  { name: 'license_decisions', sql: 's.license_decisions' },
  { name: 'penalty_decisions', sql: 's.penalty_decisions' },
  { name: 'coercion_decisions', sql: 's.coercion_decisions' },
  { name: 'admin_fee_amount_wan', sql: 's.admin_fee_amount_wan' },
  { name: 'failing_checks', sql: 'coalesce(r.failing_check_count, 0)' },
];
export const METRIC_KEY_EXTRAS = ['previous_template', 'template_break'] as const;
export function metricColumns(): string[] {
  return [
    ...REPORT_KEY_COLUMNS,
    ...METRIC_KEY_EXTRAS,
    ...METRIC_COUNTS.map((count) => count.name),
    ...METRICS.flatMap((metric) => [`${metric.name}_num`, `${metric.name}_den`, metric.name]),
  ];
}

/** A signed sum: parts starting with '-' are subtracted; blanks count as 0, null when all are blank. */
function signedSum(parts: readonly string[]): string {
  const bare = parts.map((part) => part.replace(/^-/, ''));
  if (parts.length === 1) return bare[0]!;
  const terms = parts.map((part) => (part.startsWith('-') ? `- coalesce(${part.slice(1)}, 0)` : `+ coalesce(${part}, 0)`));
  return `CASE WHEN num_nonnulls(${bare.join(', ')}) = 0 THEN NULL ELSE ${terms.join(' ').replace(/^\+ /, '')} END`;
}

function vMetrics(): string {
  const columns: string[] = [
    'prev.template_detected AS previous_template',
    '(prev.template_detected IS NOT NULL AND prev.template_detected IS DISTINCT FROM t.template) AS template_break',
    ...METRIC_COUNTS.map((count) => `${count.sql} AS ${count.name}`),
  ];
  for (const metric of METRICS) {
    const num = signedSum(metric.num);
    const den = signedSum(metric.den);
    // blanks in a report whose denominator is printed count as 0, as the validator counts them
    const only = (sql: string) => (metric.templates ? `CASE WHEN t.template IN (${metric.templates.map(lit).join(', ')}) THEN ${sql} END` : sql);
    columns.push(`${only(`CASE WHEN (${num}) IS NULL AND (${den}) IS NULL THEN NULL ELSE coalesce(${num}, 0) END`)} AS ${metric.name}_num`);
    columns.push(`${only(den)} AS ${metric.name}_den`);
    columns.push(`${only(`round(coalesce(${num}, 0) / nullif(${den}, 0), 6)`)} AS ${metric.name}`);
  }
  return `CREATE VIEW v_metrics_agency_year AS
SELECT ${keysOf('t')},
  ${columns.join(',\n  ')}
FROM v_t3 t
JOIN v_t4 f ON f.report_id = t.report_id
JOIN v_t2 s ON s.report_id = t.report_id
JOIN reports r ON r.id = t.report_id
LEFT JOIN reports prev ON prev.agency_id = t.agency_id AND prev.year = t.year - 1 AND prev.status = 'ok';`;
}

function vQaFlags(): string {
  const keys = `v.report_id, v.agency_id, v.agency, v.year, v.template, v.coverage`;
  return `CREATE VIEW v_qa_flags AS
SELECT ${keys}, 'check' AS source, k.rule, k.scope,
  CASE WHEN k.rule LIKE 'T2-%' THEN 'warning' ELSE 'error' END AS severity, k.detail
FROM v_report v
JOIN checks k ON k.report_id = v.report_id
UNION ALL
SELECT ${keys}, 'plausibility', 'P-01', c.key COLLATE "default", 'warning',
  format('%s is %s: counts are non-negative integers', c.raw, CASE WHEN c.value < 0 THEN 'negative' ELSE 'not an integer' END)
FROM v_report v
JOIN cells c ON c.report_id = v.report_id
WHERE c.value IS NOT NULL AND split_part(c.key, ':', 3) NOT IN ('items_delta', 'amount_wan', 'amount')
  AND (c.value < 0 OR c.value <> trunc(c.value))
UNION ALL
SELECT ${keys}, 'plausibility', 'P-02', x.col_key, 'warning',
  format('carried_forward %s > received.new %s + carried_over %s', x.forward, coalesce(x.new, 0), coalesce(x.over, 0))
FROM v_report v
JOIN (
  SELECT c.report_id, split_part(c.key, ':', 3) AS col_key,
    max(c.value) FILTER (WHERE split_part(c.key, ':', 2) = 'carried_forward') AS forward,
    max(c.value) FILTER (WHERE split_part(c.key, ':', 2) = 'received.new') AS new,
    max(c.value) FILTER (WHERE split_part(c.key, ':', 2) = 'received.carried_over') AS over
  FROM cells c WHERE c.key LIKE 't3:%' GROUP BY 1, 2
) x ON x.report_id = v.report_id
WHERE x.forward > coalesce(x.new, 0) + coalesce(x.over, 0)
UNION ALL
SELECT ${keys}, 'plausibility', 'P-03', c.key COLLATE "default", 'warning',
  format('规章 %s printed by a %s %s, which has no rule-making power', c.raw, v.agency_level, coalesce(v.agency_type, 'agency'))
FROM v_report v
JOIN cells c ON c.report_id = v.report_id AND c.key LIKE 't2.a20\\_1:regulation:%'
WHERE c.value > 0 AND split_part(c.key, ':', 3) NOT IN ('in_force', 'published_total')
  AND (v.agency_level IN ('county', 'township')
    OR (v.agency_level IN ('provincial', 'prefectural') AND v.agency_type NOT IN ('people_government', 'general_office')))
UNION ALL
SELECT ${keys}, 'plausibility', 'P-04', c.key COLLATE "default", 'warning',
  format('%s 万元 is 10亿元 or more: probably entered in 元', c.raw)
FROM v_report v
JOIN cells c ON c.report_id = v.report_id AND c.key = 't2.a20_8:admin_fee:amount_wan'
WHERE c.value >= 100000
UNION ALL
SELECT ${keys}, 'plausibility', 'P-05', y.what, 'warning',
  format('%s says %s, the report is for %s', y.what, y.stated, v.year)
FROM v_report v
JOIN (
  SELECT r.id, 'title' AS what, substring(r.title FROM '((?:19|20)[0-9]{2})[[:space:]]*年')::int AS stated
  FROM reports r WHERE r.status = 'ok'
  UNION ALL
  SELECT r.id, 'statistical period', substring(r.text FROM '统计期限[^。]{0,6}?((?:19|20)[0-9]{2})[[:space:]]*年')::int
  FROM reports r WHERE r.status = 'ok'
) y ON y.id = v.report_id
WHERE v.year IS NOT NULL AND y.stated IS NOT NULL AND y.stated <> v.year
UNION ALL
SELECT ${keys}, 'plausibility', 'P-07', v.published_basis, 'warning',
  format('published %s (%s), after the deadline %s', v.published_on, v.published_basis, v.publication_deadline)
FROM v_report v
WHERE v.late
UNION ALL
SELECT ${keys}, 'plausibility', 'P-09', d ->> 'key', 'warning',
  format('OCR read %s (confidence %s); read again digits-only: %s', d ->> 'read', d ->> 'confidence',
    CASE WHEN d ->> 'alternative' IS NULL THEN 'nothing'
      ELSE format('%s (confidence %s)', d ->> 'alternative', d ->> 'alternativeConfidence') END)
FROM v_report v
CROSS JOIN LATERAL jsonb_array_elements(v.ocr_doubts) d
WHERE v.ocr_doubts IS NOT NULL AND d ->> 'key' IS NOT NULL;`;
}

function vCoverage(): string {
  return `CREATE VIEW v_coverage AS
WITH crawled AS (
  -- links the crawler found for a titled report, attributed to an agency by the title
  SELECT coalesce(a.id, x.agency_id) AS agency_id, u.year, u.state, u.outcome, u.error_code, u.sha256
  FROM (
    SELECT regexp_replace(substring(title FROM '^(.*?)[[:space:]]*(?:19|20)[0-9]{2}[[:space:]]*年'), '[[:space:]]', '', 'g') AS name, *
    FROM crawl_urls
    WHERE kind IN ('report', 'attachment') AND year IS NOT NULL AND title IS NOT NULL
  ) u
  LEFT JOIN agencies a ON a.name = u.name
  LEFT JOIN agency_aliases x ON x.alias = u.name
), claims AS (
  SELECT r.agency_id, r.year, r.id AS report_id, r.status, r.error_code, r.created_at, NULL::text AS crawl_state, NULL::text AS fetch_error
  FROM reports r
  WHERE r.agency_id IS NOT NULL AND r.year IS NOT NULL
  UNION ALL
  SELECT c.agency_id, c.year, r.id, r.status, r.error_code, r.created_at, c.state, coalesce(c.error_code, c.outcome)
  FROM crawled c
  LEFT JOIN reports r ON r.document_sha256 = c.sha256
  WHERE c.agency_id IS NOT NULL
), span AS (
  SELECT agency_id, min(year) AS first_year, max(year) AS last_year FROM claims GROUP BY agency_id
), years AS (
  SELECT y.year FROM (SELECT min(first_year) AS lo, max(last_year) AS hi FROM span) b
  CROSS JOIN generate_series(b.lo, b.hi) AS y(year)
), found AS (
  SELECT agency_id, year,
    count(DISTINCT report_id)::int AS documents,
    (array_agg(error_code ORDER BY created_at DESC) FILTER (WHERE status = 'failed'))[1] AS last_error,
    bool_or(crawl_state IN ('pending', 'leased', 'retry') AND report_id IS NULL) AS waiting,
    (array_agg(fetch_error) FILTER (WHERE crawl_state = 'dead'))[1] AS fetch_error
  FROM claims GROUP BY agency_id, year
), current AS (
  SELECT v.agency_id, v.year, v.report_id, v.template, v.cells,
    (SELECT string_agg(DISTINCT k.rule, ',' ORDER BY k.rule) FROM checks k
      WHERE k.report_id = v.report_id AND k.rule IN ('T3-01', 'T3-02', 'T3-03', 'T4-01', 'T4-02', 'T4-03')) AS failing
  FROM v_report v
  WHERE v.agency_id IS NOT NULL AND v.year IS NOT NULL
)
SELECT a.id AS agency_id, a.name AS agency, a.level AS agency_level, a.type AS agency_type, y.year,
  y.year BETWEEN s.first_year AND s.last_year AS expected,
  coalesce(f.documents, 0) > 0 AS found,
  coalesce(cur.cells, 0) > 0 AS extracted,
  coalesce(cur.cells, 0) > 0 AND cur.failing IS NULL AS validated,
  cur.report_id, cur.template, coalesce(f.documents, 0) AS documents,
  CASE
    WHEN coalesce(cur.cells, 0) > 0 AND cur.failing IS NULL THEN NULL
    WHEN cur.report_id IS NOT NULL AND cur.cells > 0 THEN 'failing:' || cur.failing
    WHEN cur.report_id IS NOT NULL THEN 'no_tables'
    WHEN f.last_error IS NOT NULL THEN f.last_error
    WHEN f.fetch_error IS NOT NULL THEN 'fetch_failed:' || f.fetch_error
    WHEN f.waiting THEN 'not_fetched'
    WHEN y.year BETWEEN s.first_year AND s.last_year THEN 'missing'
    ELSE 'outside_span'
  END AS why_not
FROM span s
JOIN agencies a ON a.id = s.agency_id
CROSS JOIN years y
LEFT JOIN found f ON f.agency_id = s.agency_id AND f.year = y.year
LEFT JOIN current cur ON cur.agency_id = s.agency_id AND cur.year = y.year;`;
}

function vAgency(): string {
  return `CREATE VIEW v_agency AS
SELECT a.id AS agency_id, a.name AS agency, a.level, a.type, a.jurisdiction, a.region_code,
  h.name AS region_name, a.uscc,
  coalesce(a.host, (
    SELECT substring(s.source FROM '^[a-zA-Z]+://([^/:?#]+)')
    FROM reports r JOIN document_sources s ON s.document_sha256 = r.document_sha256
    WHERE r.agency_id = a.id AND s.source ~ '^https?://'
    ORDER BY s.last_seen DESC LIMIT 1)) AS host,
  a.site_id_code, a.identity_source, a.identity_note,
  (SELECT count(*) FROM agency_aliases x WHERE x.agency_id = a.id)::int AS aliases,
  (SELECT min(r.year) FROM reports r WHERE r.agency_id = a.id AND r.status = 'ok') AS first_year,
  (SELECT max(r.year) FROM reports r WHERE r.agency_id = a.id AND r.status = 'ok') AS last_year,
  (SELECT count(*) FROM reports r WHERE r.agency_id = a.id AND r.status = 'ok')::int AS reports
FROM agencies a
LEFT JOIN region_code_history h ON h.code = a.region_code AND h.valid_to IS NULL;`;
}

/** Names of the analysis views, in creation order. */
export const VIEW_NAMES = [
  'v_report',
  'v_fact_cell',
  'v_t2',
  'v_t3',
  'v_t4',
  'v_qa_flags',
  'v_metrics_agency_year',
  'v_coverage',
  'v_agency',
] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** Columns of cells and checks: small statistics samples (see viewsFile). */
const STATISTICS_COLUMNS = {
  cells: ['report_id', 'key', 'value', 'raw', 'page', 'null_reason', 'unit'],
  checks: ['report_id', 'rule', 'scope', 'detail'],
};

/**
 * The text of migrations/views.sql: the previous views dropped; cells and checks analysed from a
 * sample of 3 000 rows instead of 30 000 (the views' plans need only rough statistics of them,
 * and an ANALYZE after a bulk load costs a tenth); then every view.
 */
export function viewsFile(): string {
  const drop = `DROP VIEW IF EXISTS ${[...VIEW_NAMES].reverse().join(', ')};`;
  const statistics = Object.entries(STATISTICS_COLUMNS).map(
    ([table, columns]) => `ALTER TABLE ${table} ${columns.map((column) => `ALTER COLUMN ${column} SET STATISTICS 10`).join(', ')};`,
  );
  return [
    `-- Analysis views (docs/warehouse.md), generated by src/warehouse/view-sql.ts viewsFile() (npm run db:views).\n${drop}`,
    ...statistics,
    viewsSql(),
  ].join('\n--> statement-breakpoint\n');
}

/** Every view, separated by drizzle's statement breakpoints. */
function viewsSql(): string {
  const statements = [vReport(), vFactCell(), vT2(), vT3(), vT4(), vQaFlags(), vMetrics(), vCoverage(), vAgency()];
  return `${statements.join('\n--> statement-breakpoint\n')}\n`;
}
