import type { TemplateId } from '../domain/vocabulary.ts';
import { normalizeLabel } from './tables/labels.ts';

/**
 * Template detection from printed labels (spec §1, "template-selection rule"): the year is only a
 * prior, and the cited 文号 is recorded separately because it disagrees with the tables in the wild (V-07, V-23).
 */
const SIGNALS: Record<'v2021' | 'v2019', string[]> = {
  v2021: ['本年制发件数', '本年废止件数', '现行有效件数', '本年收费金额', '逾期未按收费通知要求缴纳费用'],
  v2019: ['本年新制作数量', '本年新公开数量', '对外公开总数量', '其他对外管理服务事项', '第二十条第(九)项', '政府集中采购', '上一年项目数量'],
};

const TABLE_SIGNALS = ['本年新收政府信息公开申请数量', '上年结转政府信息公开申请数量', '结转下年度继续办理'];

export function detectTemplate(text: string, year: number | null): TemplateId {
  const normalized = normalizeLabel(text);
  const hits = (signals: string[]) => signals.filter((signal) => normalized.includes(normalizeLabel(signal))).length;
  const v2021 = hits(SIGNALS.v2021);
  const v2019 = hits(SIGNALS.v2019);
  if (v2021 > 0 || v2019 > 0) return v2021 >= v2019 ? 'v2021' : 'v2019';
  if (hits(TABLE_SIGNALS) > 0) return year !== null && year <= 2020 ? 'v2019' : 'v2021';
  if (year !== null && year <= 2018) return 'pre2019';
  return 'unknown';
}

/** The template the text cites: 国办公开办函〔2021〕30号 → v2021, 〔2019〕60号 → v2019. */
export function declaredTemplate(text: string): TemplateId | null {
  const normalized = normalizeLabel(text);
  if (/\[2021\]30号/.test(normalized)) return 'v2021';
  if (/\[2019\]60号/.test(normalized)) return 'v2019';
  return null;
}
