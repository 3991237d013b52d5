import { describe, expect, it } from 'vitest';
import { failingRules, validateReport } from '../../validate/validate.ts';
import type { Block } from '../model.ts';
import { mapTables } from './map-tables.ts';

const row = (...cells: string[]): Block => ({ kind: 'row', cells, page: null });

describe('Table 3 with a 法人或其他组织小计 column (T3-05 variant)', () => {
  const blocks: Block[] = [
    row('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况'),
    row('自然人', '法人或其他组织', '总计'),
    row('商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '小计'),
    row('一、本年新收政府信息公开申请数量', '5', '2', '0', '0', '1', '0', '3', '8'),
    row('二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0', '0'),
    row('三、本年度办理结果', '（一）予以公开', '5', '2', '0', '0', '1', '0', '2', '8'),
    row('（七）总计', '5', '2', '0', '0', '1', '0', '3', '8'),
    row('四、结转下年度继续办理', '0', '0', '0', '0', '0', '0', '0', '0'),
  ];
  const cells = mapTables(blocks, 'v2021');
  const value = (key: string) => cells.find((cell) => cell.key === key)?.value;

  it('keeps the seven template columns in place and the subtotal under its own key', () => {
    expect(value('t3:received.new:applicant.natural_person')).toBe(5);
    expect(value('t3:received.new:applicant.org.other')).toBe(0);
    expect(value('t3:received.new:applicant.total')).toBe(8);
    expect(value('t3:received.new:applicant.org')).toBe(3);
  });

  it('validates the subtotal against its parts', () => {
    const checks = validateReport(cells, 'v2021').filter((check) => check.rule === 'T3-05');
    expect(checks.map((check) => [check.scope, check.ok])).toContainEqual(['outcome.granted', false]);
    expect(failingRules(checks)).toEqual(['T3-05']);
  });
});
