/**
 * Invented, plausible agency names: 云岫市澄阳县市场监督管理局 style. Place names are composed
 * from syllables rather than taken from a gazetteer, so they read like Chinese place names
 * without naming a real jurisdiction on purpose (a coincidental match is possible and harmless).
 */
import type { Rng } from './prng.ts';

/** character → pinyin, for the site host of an invented place */
const FIRST: ReadonlyArray<readonly [string, string]> = [
  ['澄', 'cheng'], ['岚', 'lan'], ['栖', 'qi'], ['渚', 'zhu'], ['枫', 'feng'], ['翠', 'cui'],
  ['沅', 'yuan'], ['汀', 'ting'], ['璧', 'bi'], ['霁', 'ji'], ['檀', 'tan'], ['芷', 'zhi'],
  ['岫', 'xiu'], ['棠', 'tang'], ['禾', 'he'], ['砚', 'yan'], ['鹭', 'lu'], ['琅', 'lang'],
  ['蔚', 'wei'], ['泓', 'hong'], ['雁', 'yan'], ['桐', 'tong'], ['蓼', 'liao'], ['筠', 'yun'],
  ['洵', 'xun'], ['菱', 'ling'], ['樾', 'yue'], ['溱', 'zhen'], ['杞', 'qi'], ['漪', 'yi'],
];
const SECOND: ReadonlyArray<readonly [string, string]> = [
  ['川', 'chuan'], ['阳', 'yang'], ['源', 'yuan'], ['陵', 'ling'], ['平', 'ping'], ['宁', 'ning'],
  ['丰', 'feng'], ['桥', 'qiao'], ['湾', 'wan'], ['坪', 'ping'], ['浦', 'pu'], ['峰', 'feng'],
  ['溪', 'xi'], ['口', 'kou'], ['原', 'yuan'], ['塘', 'tang'], ['垣', 'yuan'], ['滨', 'bin'],
  ['泽', 'ze'], ['岗', 'gang'], ['亭', 'ting'], ['洲', 'zhou'], ['关', 'guan'], ['渡', 'du'],
];
const TOWN_SUFFIX = ['镇', '乡', '街道'] as const;
const TOWN_FIRST = ['新', '东', '西', '南', '北', '上', '下', '中', '石', '柳', '杏', '梅', '沙', '桑'] as const;
const TOWN_SECOND = ['集', '铺', '店', '埠', '湖', '桥', '庄', '坝', '岭', '圩', '营', '堡'] as const;

export type AgencyLevel = 'prefectural' | 'county' | 'township';
export type AgencyType = 'government' | 'office' | 'department';
export type AgencySize = 'none' | 'small' | 'medium' | 'large';

export interface Agency {
  /** full name as printed in the title, e.g. 云岫市澄阳县市场监督管理局 */
  name: string;
  /** short name used in prose: 本局 / 本机关 / 我县 … */
  self: string;
  level: AgencyLevel;
  type: AgencyType;
  /** typical request volume of this kind of agency */
  size: AgencySize;
  /** may issue 规章 (a 设区的市 people's government) */
  rulemaking: boolean;
  city: string;
  county: string | null;
  town: string | null;
  /** portal host, e.g. www.chengyang.gov.cn */
  host: string;
  /** 18-character 统一社会信用代码 with a valid check character */
  uscc: string;
  /** 6-digit 行政区划代码-like region part (invented) */
  regionCode: string;
  phone: string;
  address: string;
}

interface Department {
  county: string;
  city: string;
  self: string;
  size: AgencySize;
}

/** County- and city-level department names; `size` is the usual request volume. */
const DEPARTMENTS: readonly Department[] = [
  { county: '自然资源局', city: '自然资源和规划局', self: '本局', size: 'large' },
  { county: '住房和城乡建设局', city: '住房和城乡建设局', self: '本局', size: 'medium' },
  { county: '市场监督管理局', city: '市场监督管理局', self: '本局', size: 'medium' },
  { county: '公安局', city: '公安局', self: '本局', size: 'medium' },
  { county: '人力资源和社会保障局', city: '人力资源和社会保障局', self: '本局', size: 'medium' },
  { county: '生态环境分局', city: '生态环境局', self: '本局', size: 'small' },
  { county: '教育局', city: '教育局', self: '本局', size: 'small' },
  { county: '卫生健康委员会', city: '卫生健康委员会', self: '本委', size: 'small' },
  { county: '交通运输局', city: '交通运输局', self: '本局', size: 'small' },
  { county: '农业农村局', city: '农业农村局', self: '本局', size: 'small' },
  { county: '民政局', city: '民政局', self: '本局', size: 'small' },
  { county: '财政局', city: '财政局', self: '本局', size: 'small' },
  { county: '应急管理局', city: '应急管理局', self: '本局', size: 'small' },
  { county: '水利局', city: '水务局', self: '本局', size: 'small' },
  { county: '文化和旅游局', city: '文化广电和旅游局', self: '本局', size: 'none' },
  { county: '统计局', city: '统计局', self: '本局', size: 'none' },
  { county: '发展和改革局', city: '发展和改革委员会', self: '本机关', size: 'small' },
  { county: '司法局', city: '司法局', self: '本局', size: 'small' },
];

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Append the GB 32100-2015 check character to a 17-character body. */
export function usccWithCheck(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(body17[i] as string) * (USCC_WEIGHTS[i] as number);
  const check = (31 - (sum % 31)) % 31;
  return body17 + USCC_CHARS[check];
}

/** Check digit of a 组织机构代码 body (GB 11714: weights 3,7,9,10,5,8,4,2). */
function orgCode(rng: Rng): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const digits: number[] = [];
  for (let i = 0; i < 8; i++) digits.push(i === 0 ? rng.int(0, 1) : rng.int(0, 9));
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits[i] as number) * (weights[i] as number);
  const c = 11 - (sum % 11);
  const check = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  return digits.join('') + check;
}

function place(rng: Rng): { name: string; pinyin: string } {
  const a = rng.pick(FIRST);
  const b = rng.pick(SECOND);
  return { name: a[0] + b[0], pinyin: a[1] + b[1] };
}

export interface AgencyOptions {
  level?: AgencyLevel;
  type?: AgencyType;
}

/** Draw one invented agency. */
export function makeAgency(rng: Rng, options: AgencyOptions = {}): Agency {
  const city = place(rng);
  let county = place(rng);
  while (county.name === city.name) county = place(rng);
  const countyKind = rng.pick(['县', '县', '区', '市'] as const);
  const level: AgencyLevel = options.level ?? (['prefectural', 'county', 'county', 'county', 'township'] as const)[rng.int(0, 4)]!;
  const type: AgencyType =
    options.type ?? (level === 'township' ? 'government' : rng.weighted([2, 1, 9]) === 0 ? 'government' : rng.chance(0.1) ? 'office' : 'department');

  const regionCode = `${rng.int(13, 65)}${String(rng.int(1, 19)).padStart(2, '0')}${String(rng.int(21, 83)).padStart(2, '0')}`;
  const cityName = `${city.name}市`;
  const countyName = `${county.name}${countyKind}`;
  let name: string;
  let self: string;
  let size: AgencySize;
  let rulemaking = false;
  let town: string | null = null;
  let host = `www.${county.pinyin}.gov.cn`;
  if (level === 'township') {
    const suffix = rng.pick(TOWN_SUFFIX);
    town = `${rng.pick(TOWN_FIRST)}${rng.pick(TOWN_SECOND)}${suffix}`;
    name = suffix === '街道' ? `${countyName}${town}办事处` : `${countyName}${town}人民政府`;
    self = suffix === '街道' ? '本街道' : `我${suffix}`;
    size = rng.chance(0.7) ? 'none' : 'small';
  } else if (level === 'prefectural') {
    host = `www.${city.pinyin}.gov.cn`;
    if (type === 'government') {
      name = `${cityName}人民政府`;
      self = '我市';
      size = 'large';
      rulemaking = true;
    } else if (type === 'office') {
      name = `${cityName}人民政府办公室`;
      self = '市政府办公室';
      size = 'medium';
    } else {
      const dept = rng.pick(DEPARTMENTS);
      name = `${cityName}${dept.city}`;
      self = dept.self;
      size = dept.size === 'none' ? 'small' : dept.size === 'small' ? 'medium' : 'large';
    }
  } else {
    // county-level cities (…市) are named on their own; counties and districts sometimes carry the city
    const prefix = countyKind !== '市' && rng.chance(0.35) ? cityName : '';
    if (type === 'government') {
      name = `${prefix}${countyName}人民政府`;
      self = `我${countyKind}`;
      size = 'medium';
    } else if (type === 'office') {
      name = `${prefix}${countyName}人民政府办公室`;
      self = `${countyKind}政府办公室`;
      size = 'small';
    } else {
      const dept = rng.pick(DEPARTMENTS);
      name = `${prefix}${countyName}${dept.county}`;
      self = dept.self;
      size = dept.size;
    }
  }
  const uscc = usccWithCheck(`11${regionCode}${orgCode(rng)}`);
  const phone = `0${rng.int(310, 939)}-${rng.int(2, 8)}${String(rng.int(0, 9999999)).padStart(7, '0')}`;
  const road = `${rng.pick(['人民', '建设', '解放', '中山', '文化', '府前', '滨江', '新华'])}${rng.pick(['路', '大道', '街'])}${rng.int(1, 299)}号`;
  const address = `${level === 'prefectural' ? cityName : countyName}${road}`;
  return { name, self, level, type, size, rulemaking, city: cityName, county: level === 'prefectural' ? null : countyName, town, host, uscc, regionCode, phone, address };
}
