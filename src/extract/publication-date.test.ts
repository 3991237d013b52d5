import { describe, expect, it } from 'vitest';
import { publicationDate } from './publication-date.ts';

const body = (...lines: string[]) => lines.join('\n');

describe('publicationDate', () => {
  it('reads a labelled date above the text, in any of its printed forms', () => {
    expect(publicationDate({ text: body('某某局2023年政府信息公开工作年度报告', '发布日期：2024-01-15 10:32', '一、总体情况'), source: 'a.html', reportYear: 2023 })).toEqual({ date: '2024-01-15', basis: 'label' });
    expect(publicationDate({ text: '发布时间: 2024年1月8日', source: 'a.html', reportYear: 2023 })).toEqual({ date: '2024-01-08', basis: 'label' });
    expect(publicationDate({ text: '成文日期：2024.03.31', source: 'a.html', reportYear: 2023 })).toEqual({ date: '2024-03-31', basis: 'label' });
  });

  it('reads the date a TRS or Hanweb article URL carries', () => {
    expect(publicationDate({ text: '', source: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm', reportYear: 2023 })).toEqual({ date: '2024-03-08', basis: 'url' });
    expect(publicationDate({ text: '', source: 'http://www.hangzhou.gov.cn/art/2024/1/19/art_1229063387_123.html', reportYear: 2023 })).toEqual({ date: '2024-01-19', basis: 'url' });
  });

  it('falls back to the date under the signature, in Arabic or Chinese numerals', () => {
    expect(publicationDate({ text: body('五、存在的主要问题', '……', '偃师区住房和城乡建设局', '2024年1月12日', '（联系电话：0379-1234567）'), source: 'report.pdf', reportYear: 2023 })).toEqual({ date: '2024-01-12', basis: 'signature' });
    expect(publicationDate({ text: body('……', '某某市人民政府办公室', '二〇二四年一月三十一日'), source: 'report.docx', reportYear: 2023 })).toEqual({ date: '2024-01-31', basis: 'signature' });
    expect(publicationDate({ text: body('……', '二〇二五年三月十日'), source: 'report.docx', reportYear: 2024 })).toEqual({ date: '2025-03-10', basis: 'signature' });
  });

  it('prefers a label to the URL, and the URL to the signature', () => {
    const text = body('发布日期：2024-01-20', '……', '2024年1月10日');
    expect(publicationDate({ text: text, source: 'https://x.gov.cn/202401/t20240125_1.html', reportYear: 2023 })?.basis).toBe('label');
    expect(publicationDate({ text: body('……', '2024年1月10日'), source: 'https://x.gov.cn/202401/t20240125_1.html', reportYear: 2023 })?.basis).toBe('url');
  });

  it('ignores implausible dates: before the year after the report, two years later, or not on the calendar', () => {
    expect(publicationDate({ text: '发布日期：2023-12-30', source: 'a.html', reportYear: 2023 })).toBeNull();
    expect(publicationDate({ text: '发布日期：2027-01-05', source: 'a.html', reportYear: 2023 })).toBeNull();
    expect(publicationDate({ text: body('……', '2024年2月30日'), source: 'a.pdf', reportYear: 2023 })).toBeNull();
    // a date in the middle of the text is not a signature
    expect(publicationDate({ text: body('2024年1月12日', '……', ...Array.from({ length: 30 }, () => '正文')), source: 'a.pdf', reportYear: 2023 })).toBeNull();
  });

  it("reads a portal CMS's publication date from the page's meta tags, and labels outside the report's text", () => {
    const page = '<html><head><meta name="PubDate" content="2024-03-08 15:34"/></head><body><h1>平潭综合实验区2023年度政府信息公开工作年度报告</h1></body></html>';
    expect(publicationDate({ text: '平潭综合实验区2023年度政府信息公开工作年度报告', page, source: 'a.html', reportYear: 2023 })).toEqual({ date: '2024-03-08', basis: 'meta' });
    const header = body('标题: 平潭综合实验区2019年度政府信息公开工作年度报告', '发布时间: 2020-01-20 15:22', '====', '平潭综合实验区2019年政府信息公开工作年度报告');
    expect(publicationDate({ text: '平潭综合实验区2019年政府信息公开工作年度报告', page: header, source: 'a.txt', reportYear: 2019 })).toEqual({ date: '2020-01-20', basis: 'label' });
    expect(publicationDate({ text: '', page: '<span>公开日期：</span><span>2024-01-17</span>', source: 'a.html', reportYear: 2023 })).toEqual({ date: '2024-01-17', basis: 'label' });
    const reversed = '<meta content="2024-01-15-10:00:00" name="firstpublishedtime">';
    expect(publicationDate({ text: '', page: reversed, source: 'a.html', reportYear: 2023 })).toEqual({ date: '2024-01-15', basis: 'meta' });
  });

  it('accepts any date from 2008 on when the reporting year is unknown', () => {
    expect(publicationDate({ text: '发布日期：2024-01-15', source: 'a.html', reportYear: null })).toEqual({ date: '2024-01-15', basis: 'label' });
    expect(publicationDate({ text: '发布日期：1999-01-15', source: 'a.html', reportYear: null })).toBeNull();
  });
});
