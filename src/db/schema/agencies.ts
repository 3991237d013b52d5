import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Administrative level of a publishing agency (spec §9.4). */
export const AGENCY_LEVELS = ['central', 'provincial', 'prefectural', 'county', 'township'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/**
 * Kind of organ (spec §9.4): 人民政府; its 办公厅/办公室; a 部门 (委/局/办/厅); a 派出机关 (街道办事处,
 * 开发区管委会, 行政公署); a 垂直管理 unit (税务, 海关, 气象 …); an 授权组织 (公积金中心 and other
 * public institutions that publish under the regulations).
 */
export const AGENCY_TYPES = [
  'people_government',
  'general_office',
  'department',
  'dispatched_body',
  'vertical_unit',
  'authorised_org',
] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

/** Who set an agency's level and type: the name rules (src/warehouse/agency-identity.ts) or a person. */
export const IDENTITY_SOURCES = ['inferred', 'curated'] as const;
export type IdentitySource = (typeof IDENTITY_SOURCES)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/**
 * Publishing agencies, one row per canonical name (whitespace removed, aliases resolved). Level
 * and type are inferred from the name when the loader first sees it (`identity_source =
 * 'inferred'`, with the rule that fired in `identity_note`); a person who corrects them sets
 * `identity_source = 'curated'` and inference never touches the row again. Every identity column
 * is nullable: null means unknown (e.g. "XX市人民政府" may be prefectural or a county-level city).
 */
export const agencies = pgTable(
  'agencies',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull().unique('agencies_name_uq'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    level: text('level').$type<AgencyLevel>(),
    type: text('type').$type<AgencyType>(),
    /** the jurisdiction part of the name, e.g. 渚川市泓洲县 */
    jurisdiction: text('jurisdiction'),
    /** current 6-digit 行政区划代码 (GB/T 2260); its history is in region_code_history */
    regionCode: text('region_code'),
    /** 18-character 统一社会信用代码, when a report prints it (check character verified) */
    uscc: text('uscc'),
    /** host of the portal the agency's reports are published on (not necessarily its own) */
    host: text('host'),
    /** SiteIDCode of that portal (《政府网站发展指引》 meta tag), when known */
    siteIdCode: text('site_id_code'),
    identitySource: text('identity_source').$type<IdentitySource>(),
    identityNote: text('identity_note'),
  },
  (table) => [
    check('agencies_level_check', sql`${table.level} in (${inList(AGENCY_LEVELS)})`),
    check('agencies_type_check', sql`${table.type} in (${inList(AGENCY_TYPES)})`),
    check('agencies_identity_source_check', sql`${table.identitySource} in (${inList(IDENTITY_SOURCES)})`),
    check('agencies_region_code_check', sql`${table.regionCode} ~ '^[0-9]{6}$'`),
    check('agencies_uscc_check', sql`${table.uscc} ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'`),
    // The loader classifies agencies it has not classified yet; this keeps finding them cheap.
    index('agencies_unclassified_idx').on(table.id).where(sql`identity_source is null`),
  ],
);

export type AgencyRow = typeof agencies.$inferSelect;

export const ALIAS_KINDS = ['variant', 'rename', 'ocr', 'abbreviation'] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

/**
 * Other names of an agency: spelling variants, names before a rename (机构改革), OCR misreadings,
 * abbreviations. The loader resolves an extracted name through this table before it looks the
 * agency up, so all of them load as the one agency. An alias is never also an agency's name.
 */
export const agencyAliases = pgTable(
  'agency_aliases',
  {
    /** canonical form (whitespace removed), as the loader compares names */
    alias: text('alias').primaryKey(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<AliasKind>().notNull(),
    /** for renames: the period the old name was in use */
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('agency_aliases_kind_check', sql`${table.kind} in (${inList(ALIAS_KINDS)})`),
    index('agency_aliases_agency_idx').on(table.agencyId),
  ],
);

/**
 * Dated history of 行政区划代码: a code is valid from `valid_from` until `valid_to` (exclusive,
 * null = still valid); `successor_code` is the code that replaced it (e.g. 410381 偃师市 →
 * 410307 偃师区 in 2021). Join on the report year to get the code in force at the time.
 */
export const regionCodeHistory = pgTable(
  'region_code_history',
  {
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: text('level').$type<AgencyLevel>(),
    parentCode: text('parent_code'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    successorCode: text('successor_code'),
    note: text('note'),
  },
  (table) => [
    primaryKey({ name: 'region_code_history_pk', columns: [table.code, table.validFrom] }),
    check('region_code_history_code_check', sql`${table.code} ~ '^[0-9]{6}$'`),
    check('region_code_history_level_check', sql`${table.level} in (${inList(AGENCY_LEVELS)})`),
    check('region_code_history_period_check', sql`${table.validTo} is null or ${table.validTo} > ${table.validFrom}`),
  ],
);
