/**
 * Agency identity from the agency's name, and a report's coverage from its text (spec §9.4,
 * §7 V-17). Pure functions: the loader calls them after each batch (identity-store.ts), and
 * tests pin their behaviour on real-world name shapes.
 *
 * The name rules read the jurisdiction chain at the start of a name (省 → 市/州/盟/地区 →
 * 县/区/旗/县级市 → 乡/镇/街道) and the organ at its end (人民政府, 办公厅/办公室, 局/委/厅 …).
 * They answer null rather than guess: "XX市人民政府" alone may be a 地级市 or a 县级市, so its
 * level is null until someone curates it (agencies.identity_source = 'curated').
 */
import type { AgencyLevel, AgencyType } from '../db/schema/agencies.ts';
import type { ReportCoverage } from '../db/schema/reports.ts';
import type { ExtractResult } from '../domain/types.ts';

export interface AgencyIdentity {
  level: AgencyLevel | null;
  type: AgencyType | null;
  /** the jurisdiction part of the name (渚川市泓洲县), null when the name has none */
  jurisdiction: string | null;
  /** which rule decided, for agencies.identity_note */
  note: string;
}

type Rank = 'province' | 'city' | 'county' | 'township';
interface Token {
  text: string;
  rank: Rank;
}

/** a character of a place name: Han, but never a jurisdiction suffix (岫浦县市场… is 岫浦县 + 市场…) */
const P = '[\\p{Script=Han}--[省市县区旗盟乡镇]]';
const HAN = '\\p{Script=Han}';
const MUNICIPALITIES = /^(北京|天津|上海|重庆)市/u;
/** Jurisdiction tokens by rank, tried in this order at the start of the remaining name. */
const TOKEN_RULES: readonly { rank: Rank; pattern: RegExp }[] = [
  { rank: 'province', pattern: new RegExp(`^${P}{2,3}?省`, 'v') },
  { rank: 'province', pattern: new RegExp(`^${P}{2,8}?(自治区|特别行政区)`, 'v') },
  { rank: 'city', pattern: new RegExp(`^${P}{2,10}?自治州`, 'v') },
  { rank: 'city', pattern: new RegExp(`^${P}{2,5}?(地区|盟)`, 'v') },
  { rank: 'county', pattern: new RegExp(`^${P}{1,10}?自治(县|旗)`, 'v') },
  { rank: 'county', pattern: new RegExp(`^${P}{2,4}?(林区|特区)`, 'v') },
  { rank: 'city', pattern: new RegExp(`^${P}{2,4}?市`, 'v') },
  { rank: 'county', pattern: new RegExp(`^${P}{1,4}?(县|旗)`, 'v') },
  { rank: 'county', pattern: new RegExp(`^${P}{2,4}?区`, 'v') },
];
/**
 * A 乡/镇/街道 token only counts when an organ of that township follows: "住房和城乡建设局"
 * contains 乡 but is not a township.
 */
const TOWNSHIP = new RegExp(
  `^([${P}--[和与及]]{2,6}?(?:民族乡|乡|镇|街道|苏木))(?=人民政府|办事处|街道办事处|党政|党委|综合|便民|社会事务|经济发展|$)`,
  'v',
);
/** Zones run by a 管委会 (dispatched bodies); also stops "经济技术开发区" being read as a 区. */
const ZONE = /(经济技术开发区|高新技术产业开发区|开发区|高新区|新区|综合实验区|实验区|试验区|示范区|合作区|保税区|产业园区|工业园区|园区|风景名胜区|风景区|旅游区|度假区|管理区)/u;
const ZONE_ORGAN = /(管理委员会|管委会|工作委员会|工委|管理局|管理处)$/u;
/** Central organs whose name may be followed by a local branch (国家税务总局XX省税务局). */
const CENTRAL_PREFIX = new RegExp(
  `^(国务院|中共中央|全国人大常委会|最高人民法院|最高人民检察院|中华人民共和国[${HAN}]{1,12}?(部|委员会|总局|署|局)|国家[${HAN}]{1,10}?(总局|局|委员会|署)|中国人民银行|中国[${HAN}]{2,10}?监督管理委员会|海关总署)`,
  'u',
);
const CENTRAL_SUFFIX = /(部|总局|总署|署)$/u;
/** Vertically managed branches (税务, 海关, 气象, 统计调查队, 烟草, 邮政, 金融监管, 人民银行 …). */
const VERTICAL = /(税务局|税务分局|海关|气象局|调查队|烟草专卖局|邮政管理局|监管分局|监管局|中心支行|分行|海事局|出入境边防检查站|地震局|通信管理局)$/u;
const OFFICE = /(^国务院办公厅|人民政府办公厅|人民政府办公室|政府办公厅|政府办公室|行政公署办公室)$/u;
const GOVERNMENT = /(人民政府|行政公署)$/u;
const AUTHORISED = /(中心|院|站|所|馆|社|台|总工会|红十字会|联合会|研究会|协会)$/u;

const NORMALISE_SPACE = /[\s\u3000]+/gu;
/** a trailing note in brackets: XX局（XX办公室） */
const TRAILING_NOTE = /[（(][^（()）]*[)）]$/u;

/** Level and type of an agency from its (canonical) name; null where the name does not say. */
export function inferAgencyIdentity(rawName: string): AgencyIdentity {
  const name = rawName.normalize('NFKC').replace(NORMALISE_SPACE, '').replace(TRAILING_NOTE, '');
  if (name === '') return { level: null, type: null, jurisdiction: null, note: 'empty name' };

  const central = CENTRAL_PREFIX.exec(name);
  const rest = central ? name.slice(central[0].length) : name;
  const tokens = jurisdictionTokens(rest);
  const jurisdiction = tokens.length > 0 ? tokens.map((token) => token.text).join('') : null;
  const organ = rest.slice(jurisdiction?.length ?? 0);
  const type = organType(name, organ, central !== null);

  if (tokens.length === 0) {
    if (central || CENTRAL_SUFFIX.test(name)) {
      return { level: 'central', type, jurisdiction: null, note: central ? `central organ ${central[0]}` : 'central: …部/…总局/…署 without a place' };
    }
    return { level: null, type, jurisdiction: null, note: 'no jurisdiction in the name' };
  }
  const deepest = tokens.at(-1)!;
  if (deepest.rank === 'township') return { level: 'township', type, jurisdiction, note: `township ${deepest.text}` };
  if (type === 'dispatched_body' && ZONE.test(organ)) {
    return { level: null, type, jurisdiction, note: `zone body under ${jurisdiction}: level not implied by the name` };
  }
  if (deepest.rank === 'province') return { level: 'provincial', type, jurisdiction, note: `province-level ${deepest.text}` };
  if (deepest.rank === 'county') return { level: 'county', type, jurisdiction, note: `county-level ${deepest.text}` };
  // deepest is a city: under a province it is prefecture-level; under another city it is a 县级市.
  const parent = tokens.at(-2);
  if (parent?.rank === 'province') return { level: 'prefectural', type, jurisdiction, note: `${deepest.text} under ${parent.text}` };
  if (parent?.rank === 'city') return { level: 'county', type, jurisdiction, note: `county-level city ${deepest.text} under ${parent.text}` };
  if (/(自治州|地区|盟)$/u.test(deepest.text)) return { level: 'prefectural', type, jurisdiction, note: `prefecture-level ${deepest.text}` };
  return { level: null, type, jurisdiction, note: `${deepest.text} alone: prefecture-level or county-level city` };
}

function jurisdictionTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let rest = text;
  for (;;) {
    const token = nextToken(rest, tokens.at(-1)?.rank);
    if (!token) break;
    tokens.push(token);
    rest = rest.slice(token.text.length);
  }
  return tokens;
}

const RANK_ORDER: Record<Rank, number> = { province: 0, city: 1, county: 2, township: 3 };

function nextToken(text: string, previous: Rank | undefined): Token | undefined {
  const allowed = (rank: Rank) => previous === undefined || RANK_ORDER[rank] > RANK_ORDER[previous] || (rank === 'city' && previous === 'city');
  const municipality = MUNICIPALITIES.exec(text);
  if (municipality && previous === undefined) return { text: municipality[0], rank: 'province' };
  // a zone name is the organ, not a jurisdiction (XX经济技术开发区管委会)
  // a zone run by a 管委会 is the organ, not a jurisdiction (XX经济技术开发区管委会); a 新区 with
  // its own people's government (上海市浦东新区人民政府) is a district
  const zone = ZONE.exec(text);
  const zoneIsOrgan = zone !== null && /^(管理委员会|管委会|工作委员会|工委|管理局|管理处)?$/u.test(text.slice(zone.index + zone[0].length));
  for (const rule of TOKEN_RULES) {
    const match = rule.pattern.exec(text);
    if (!match || !allowed(rule.rank)) continue;
    if (zoneIsOrgan && zone.index < match[0].length) continue;
    // a 县级市 directly under a city is fine; two county tokens are not (XX区XX区 is a typo or a zone)
    if (rule.rank === 'city' && previous === 'city' && /(自治州|地区|盟)$/u.test(match[0])) continue;
    return { text: match[0], rank: rule.rank };
  }
  const township = TOWNSHIP.exec(text);
  if (township && previous !== undefined && previous !== 'province') return { text: township[1]!, rank: 'township' };
  if (township && previous === undefined && /(乡|镇|街道|苏木)$/u.test(township[1]!)) return { text: township[1]!, rank: 'township' };
  return undefined;
}

function organType(name: string, organ: string, centralPrefix: boolean): AgencyType | null {
  if (OFFICE.test(name)) return 'general_office';
  if (/街道办事处$|街道$/u.test(name)) return 'dispatched_body';
  if (/行政公署$/u.test(name)) return 'dispatched_body';
  if (GOVERNMENT.test(name)) return 'people_government';
  if (ZONE.test(organ) && (ZONE_ORGAN.test(name) || new RegExp(`${ZONE.source}$`, 'u').test(name))) return 'dispatched_body';
  if (centralPrefix && organ !== '' && organ !== name) return 'vertical_unit';
  if (VERTICAL.test(name)) return 'vertical_unit';
  if (/委员会$/u.test(name)) return 'department';
  if (AUTHORISED.test(name)) return 'authorised_org';
  if (/(局|委|厅|办|办公室|部|署|处|分局|公署)$/u.test(name)) return 'department';
  return null;
}

// ---------------------------------------------------------------- coverage (V-17)

export interface CoverageInput {
  /** canonical agency name, null when the report has none */
  agency: string | null;
  title?: string | null;
  text?: string | null;
}

export interface Coverage {
  coverage: ReportCoverage;
  /** the phrase that decided, or the rule; stored as reports.coverage_evidence */
  evidence: string;
}

const MEMBERS = '(各有关单位|各相关单位|各成员单位|各单位|各部门|各乡镇|各乡（镇）|各镇（街道）|各乡镇（街道）|各街道|各区县|各县（市、区）|各县（市）区|各县市区|各县区|各区|各县|所属单位|下属单位|市直各部门|县直各部门|区直各部门)';
const SENTENCE = '[^。；！\\n]';
const AGGREGATE_PATTERNS: readonly RegExp[] = [
  new RegExp(`汇总${SENTENCE}{0,60}?${MEMBERS}`, 'u'),
  new RegExp(`${MEMBERS}${SENTENCE}{0,60}?汇总`, 'u'),
  new RegExp(`(全省|全市|全县|全区|全旗|全州|全盟)${SENTENCE}{0,30}?(共|累计|合计)?${SENTENCE}{0,4}?(收到|受理|新收)${SENTENCE}{0,20}?政府信息公开申请`, 'u'),
];
const GOVERNMENT_PLUS_OFFICE: readonly RegExp[] = [
  /(省|市|县|区|州|旗|盟)?(人民)?政府(和|及|与|、|暨)(省|市|县|区|州|旗|盟)?(人民)?政府办公(厅|室)/u,
  /政府办公(厅|室)代表(省|市|县|区|州|旗|盟)?(人民)?政府/u,
];

/**
 * What a report's numbers cover (spec §7 V-17), from its agency and text:
 * - `jurisdiction_aggregate` when the text says it sums member units ("汇总…各有关单位",
 *   "各部门…汇总") or, for a government, office or zone body, reports jurisdiction-wide request
 *   counts ("全市共受理政府信息公开申请…");
 * - `government_plus_office` when a people's government's (or its office's) report says its
 *   figures cover "市政府和市政府办公室", or that the office reports on behalf of the government;
 * - `agency_only` otherwise.
 */
export function inferCoverage(input: CoverageInput): Coverage {
  const body = `${input.title ?? ''}\n${input.text ?? ''}`.normalize('NFKC').replace(/[ \t\u3000]+/gu, '');
  const type = input.agency ? inferAgencyIdentity(input.agency).type : null;
  const [byMembers, byMembersReversed, jurisdictionWide] = AGGREGATE_PATTERNS;
  const members = byMembers!.exec(body) ?? byMembersReversed!.exec(body);
  if (members) return { coverage: 'jurisdiction_aggregate', evidence: members[0] };
  const governmentLike = type === 'people_government' || type === 'general_office' || type === 'dispatched_body';
  const wide = governmentLike ? jurisdictionWide!.exec(body) : null;
  if (wide) return { coverage: 'jurisdiction_aggregate', evidence: wide[0] };
  if (type === 'people_government' || type === 'general_office') {
    for (const pattern of GOVERNMENT_PLUS_OFFICE) {
      const match = pattern.exec(body);
      if (match) return { coverage: 'government_plus_office', evidence: match[0] };
    }
  }
  return { coverage: 'agency_only', evidence: 'no aggregate or combined-office wording' };
}

// ---------------------------------------------------------------- USCC and host

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Whether `code` is an 18-character 统一社会信用代码 with a correct GB 32100-2015 check character. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/u.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

const USCC_CANDIDATE = /(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])/gu;

/**
 * The agency's USCC when the report prints exactly one valid code (in the 索引号 or a contact
 * block); undefined when it prints none or several (a report may cite other units' codes).
 */
export function usccFromText(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const found = new Set<string>();
  for (const match of text.normalize('NFKC').matchAll(USCC_CANDIDATE)) if (isValidUscc(match[0])) found.add(match[0]);
  return found.size === 1 ? [...found][0] : undefined;
}

/** Host of an http(s) source URL (lower case, no port), undefined for file paths. */
export function hostOf(source: string): string | undefined {
  if (!/^https?:\/\//iu.test(source)) return undefined;
  try {
    return new URL(source).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- rows for the loader

export interface AgencyRowInput {
  /** canonical agency name, null when unknown */
  agency: string | null;
  source: string;
  result: Pick<ExtractResult, 'error' | 'text'>;
}

export interface AgencyIdentityRow {
  name: string;
  level: AgencyLevel | null;
  type: AgencyType | null;
  jurisdiction: string | null;
  note: string;
  /** the USCC the agency's reports print, when exactly one valid code appears */
  uscc: string | null;
  /** host of the first http(s) source among the agency's documents */
  host: string | null;
}

/**
 * What one document says about its agency: the identity the name implies, and the USCC and
 * publishing host the document shows (none when its extraction failed). Null without a name.
 */
export function agencyRowOf(item: AgencyRowInput): AgencyIdentityRow | null {
  if (item.agency === null) return null;
  const shown = item.result.error ? null : item.result;
  return {
    name: item.agency,
    ...inferAgencyIdentity(item.agency),
    uscc: shown ? (usccFromText(shown.text) ?? null) : null,
    host: shown ? (hostOf(item.source) ?? null) : null,
  };
}

/**
 * One row per agency of a load batch, sorted by name (the loader inserts in this order so two
 * loaders never deadlock), with the first USCC and host any of its documents shows.
 */
export function mergeAgencyRows(rows: Iterable<AgencyIdentityRow | null>): AgencyIdentityRow[] {
  const merged = new Map<string, AgencyIdentityRow>();
  for (const row of rows) {
    if (row === null) continue;
    const first = merged.get(row.name);
    if (!first) {
      merged.set(row.name, { ...row });
      continue;
    }
    first.uscc ??= row.uscc;
    first.host ??= row.host;
  }
  return [...merged.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
