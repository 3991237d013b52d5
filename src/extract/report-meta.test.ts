import { describe, expect, it } from 'vitest';
import { findReportTitle, parseReportTitle } from './report-meta.ts';
import { declaredTemplate, detectTemplate } from './template-detect.ts';

describe('parseReportTitle', () => {
  it.each([
    ['偃师区住房和城乡建设局 2023 年政府信息公开工作年度报告', '偃师区住房和城乡建设局', 2023],
    ['平潭综合实验区2023年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会', '平潭综合实验区', 2023],
    ['平潭综合实验区地方税务局2013年信息公开年度报告', '平潭综合实验区地方税务局', 2013],
    ['2024年上海市科委政府信息公开工作年度报告', '上海市科委', 2024],
    ['沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局', '沭阳县发展和改革局', 2023],
    ['某某市审计局政府信息公开工作年度报告（2022年度）', '某某市审计局', 2022],
    ['关于某某县民政局2016年政府信息公开工作报告', '某某县民政局', 2016],
    ['某某区司法局2021年度政务公开工作年度报告', '某某区司法局', 2021],
    ['：枫洲市人民政府2022年度政府信息公开工作年度报告', '枫洲市人民政府', 2022],
  ])('%s', (title, agency, year) => {
    expect(parseReportTitle(title)).toMatchObject({ agency, year });
  });

  it('rejects text that is not a report title', () => {
    expect(parseReportTitle('关于开展2023年安全生产检查的通知')).toBeUndefined();
  });

  it('joins a title broken over two lines', () => {
    expect(findReportTitle([], ['正文', '2024 年上海市科委政府信息公开工作', '年度报告'])).toMatchObject({
      agency: '上海市科委',
      year: 2024,
    });
  });
});

describe('template detection', () => {
  it('reads the template from labels, not the year or the cited 文号 (V-07)', () => {
    expect(detectTemplate('信息内容 本年新制作数量 本年新公开数量 对外公开总数量 （国办公开办函〔2021〕30号）', 2023)).toBe('v2019');
    expect(detectTemplate('本年制发件数 本年废止件数 现行有效件数', 2019)).toBe('v2021');
    expect(detectTemplate('一、概述 二、主动公开政府信息情况', 2012)).toBe('pre2019');
    expect(declaredTemplate('（国办公开办函〔2021〕30号）')).toBe('v2021');
  });
});
