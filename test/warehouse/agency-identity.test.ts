import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMany, usccWithCheck } from '../../scripts/synthetic/index.ts';
import { hostOf, inferAgencyIdentity, inferCoverage, isValidUscc, usccFromText } from '../../src/warehouse/agency-identity.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../samples');

describe('inferAgencyIdentity', () => {
  const cases: [name: string, level: string | null, type: string | null][] = [
    // central
    ['教育部', 'central', 'department'],
    ['生态环境部', 'central', 'department'],
    ['国家税务总局', 'central', 'department'],
    ['海关总署', 'central', 'department'],
    ['国务院办公厅', 'central', 'general_office'],
    ['国家发展和改革委员会', 'central', 'department'],
    ['中国证券监督管理委员会', 'central', 'department'],
    // provincial
    ['广东省人民政府', 'provincial', 'people_government'],
    ['广东省人民政府办公厅', 'provincial', 'general_office'],
    ['广东省教育厅', 'provincial', 'department'],
    ['黑龙江省自然资源厅', 'provincial', 'department'],
    ['上海市人民政府办公厅', 'provincial', 'general_office'],
    ['北京市生态环境局', 'provincial', 'department'],
    ['广西壮族自治区人民政府', 'provincial', 'people_government'],
    ['国家税务总局湖南省税务局', 'provincial', 'vertical_unit'],
    // prefectural
    ['河南省洛阳市人民政府', 'prefectural', 'people_government'],
    ['甘孜藏族自治州人民政府', 'prefectural', 'people_government'],
    ['锡林郭勒盟行政公署', 'prefectural', 'dispatched_body'],
    ['福建省福州市住房公积金管理中心', 'prefectural', 'authorised_org'],
    // county
    ['北京市朝阳区人民政府', 'county', 'people_government'],
    ['上海市浦东新区人民政府', 'county', 'people_government'],
    ['福州市晋安区人民政府', 'county', 'people_government'],
    ['偃师区住房和城乡建设局', 'county', 'department'],
    ['洛阳市偃师区住房和城乡建设局', 'county', 'department'],
    ['杞县人民政府', 'county', 'people_government'],
    ['渚川市泓洲县人民政府', 'county', 'people_government'],
    ['苏州市昆山市人民政府', 'county', 'people_government'],
    ['长阳土家族自治县人民政府', 'county', 'people_government'],
    ['桐峰县教育局', 'county', 'department'],
    ['汀湾县人民政府办公室', 'county', 'general_office'],
    ['国家税务总局杞县税务局', 'county', 'vertical_unit'],
    // township
    ['衡东县杨林镇人民政府', 'township', 'people_government'],
    ['泓原县南圩街道办事处', 'township', 'dispatched_body'],
    ['雁塘市沙湖乡人民政府', 'township', 'people_government'],
    ['杨林镇人民政府', 'township', 'people_government'],
    // ambiguous 市: prefecture-level or county-level city
    ['璧口市人民政府', null, 'people_government'],
    ['琅坪市市场监督管理局', null, 'department'],
    ['禾平市教育局', null, 'department'],
    ['樾阳市发展和改革委员会', null, 'department'],
    ['广州市城市管理和综合执法局', null, 'department'],
    ['国家税务总局广州市税务局', null, 'vertical_unit'],
    // zones (dispatched bodies) and unknowns
    ['平潭综合实验区管理委员会', null, 'dispatched_body'],
    ['平潭综合实验区', null, 'dispatched_body'],
    ['渚川市高新技术产业开发区管理委员会', null, 'dispatched_body'],
    ['广州海关', null, 'vertical_unit'],
  ];
  it.each(cases)('%s → %s / %s', (name, level, type) => {
    const identity = inferAgencyIdentity(name);
    expect({ level: identity.level, type: identity.type }).toEqual({ level, type });
    expect(identity.note).not.toBe('');
  });

  it('never reads 城乡/乡村/城市/市场 inside a department name as a jurisdiction', () => {
    expect(inferAgencyIdentity('桐峰县住房和城乡建设局').jurisdiction).toBe('桐峰县');
    expect(inferAgencyIdentity('桐峰县乡村振兴局').jurisdiction).toBe('桐峰县');
    expect(inferAgencyIdentity('琅坪市市场监督管理局').jurisdiction).toBe('琅坪市');
    expect(inferAgencyIdentity('琅坪市城市管理局').jurisdiction).toBe('琅坪市');
  });

  it('ignores whitespace, full-width forms and a trailing bracketed note', () => {
    expect(inferAgencyIdentity('衡东县 杨林镇　人民政府').level).toBe('township');
    expect(inferAgencyIdentity('桐峰县人民政府办公室（桐峰县人民政府外事办公室）').type).toBe('general_office');
  });

  it('agrees with the synthetic generator wherever the name decides the level', () => {
    // The generator knows each invented agency's level; names of the form 云岫市… alone are
    // ambiguous by design (prefectural departments and county-level cities look alike), so
    // inference must answer null there and the generator's level everywhere else.
    const reports = generateMany(400, 'identity');
    let decided = 0;
    for (const { agency } of reports) {
      const identity = inferAgencyIdentity(agency.name);
      if (identity.level === null) {
        expect(agency.name, agency.name).toMatch(/^[^省县区]{2,4}市[^县区]*$/u);
        continue;
      }
      decided++;
      expect(identity.level, agency.name).toBe(agency.level);
      const expectedType = { government: 'people_government', office: 'general_office', department: 'department' }[agency.type];
      const type = identity.type === 'dispatched_body' && agency.level === 'township' ? 'people_government' : identity.type;
      expect(type, agency.name).toBe(agency.level === 'township' ? 'people_government' : expectedType);
    }
    expect(decided).toBeGreaterThan(200);
  });
});

describe('inferCoverage', () => {
  it('marks jurisdiction aggregates by their 汇总 wording', () => {
    expect(
      inferCoverage({ agency: '平潭综合实验区管理委员会', text: '本报告由实验区党政办汇总实验区各有关单位政府信息公开工作情况编制而成。' }),
    ).toEqual({ coverage: 'jurisdiction_aggregate', evidence: '汇总实验区各有关单位' });
    expect(inferCoverage({ agency: '南平市人民政府', text: '根据各县（市、区）和市直各部门报送材料汇总形成本报告。' }).coverage).toBe(
      'jurisdiction_aggregate',
    );
    expect(inferCoverage({ agency: '丽水市人民政府', text: '2017年，全市共受理政府信息公开申请1234件。' }).coverage).toBe('jurisdiction_aggregate');
  });

  it('marks a government report that includes its office', () => {
    const text = '主动公开市政府和市政府办公室行政规范性文件12件。';
    expect(inferCoverage({ agency: '璧口市人民政府', text })).toEqual({
      coverage: 'government_plus_office',
      evidence: '市政府和市政府办公室',
    });
    expect(inferCoverage({ agency: '上海市人民政府办公厅', text: '市政府办公厅代表市政府编制本报告。' }).coverage).toBe('government_plus_office');
  });

  it('leaves departments agency_only even when they mention the whole city', () => {
    expect(inferCoverage({ agency: '琅坪市市场监督管理局', text: '全市共受理政府信息公开申请5件，其中本局2件。' }).coverage).toBe('agency_only');
    expect(inferCoverage({ agency: null, text: null })).toEqual({ coverage: 'agency_only', evidence: 'no aggregate or combined-office wording' });
  });

  it('finds no aggregate in any sample report (all are single-agency reports)', async () => {
    const files = ['html/v2021-city-gov-utf8.html', 'html/pre2019-2015-county.html', 'text/crawler-v2021.page.txt', 'text/crawler-v2019-2023.page.txt'];
    for (const file of files) {
      const text = await readFile(path.join(SAMPLES, file), 'utf8');
      expect(inferCoverage({ agency: '璧口市人民政府', text }).coverage, file).toBe('agency_only');
    }
  });
});

describe('USCC and host', () => {
  it('checks the GB 32100 check character', () => {
    const valid = usccWithCheck('11341702486344515');
    expect(isValidUscc(valid)).toBe(true);
    expect(isValidUscc(`${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`)).toBe(false);
    expect(isValidUscc('1134170248634451')).toBe(false);
  });

  it('takes the code from a report only when exactly one valid code is printed', () => {
    const a = usccWithCheck('11341702486344515');
    const b = usccWithCheck('11410300MB1234567');
    expect(usccFromText(`索引号：${a}/202110-00013`)).toBe(a);
    expect(usccFromText(`索引号：${a}/2021-1 联系单位 ${b}`)).toBeUndefined();
    expect(usccFromText('索引号：014416330/2018-04736')).toBeUndefined();
    expect(usccFromText(`${a.slice(0, 17)}Z`)).toBeUndefined();
  });

  it('reads hosts from URLs only', () => {
    expect(hostOf('http://WWW.Example.gov.cn:8080/zfxxgk/nb.html')).toBe('www.example.gov.cn');
    expect(hostOf('samples/html/x.html')).toBeUndefined();
  });
});

describe('agencyRowOf and mergeAgencyRows', () => {
  it('gives one sorted row per agency with its identity, USCC and host from its documents', async () => {
    const { agencyRowOf, mergeAgencyRows } = await import('../../src/warehouse/agency-identity.ts');
    const uscc = usccWithCheck('11341702486344515');
    const rows = mergeAgencyRows(
      [
        { agency: '璧口市人民政府', source: 'samples/a.html', result: { error: null, text: '无代码' } },
        { agency: '桐峰县教育局', source: 'http://www.tongfeng.gov.cn/a.html', result: { error: null, text: `索引号：${uscc}/2021-1` } },
        { agency: '璧口市人民政府', source: 'https://www.bikou.gov.cn/nb.html', result: { error: null, text: null as unknown as string } },
        { agency: '桐峰县教育局', source: 'http://mirror.example.com/a.html', result: { error: { code: 'E_X', message: '' }, text: undefined } },
        { agency: null, source: 'x', result: { error: null } },
      ].map(agencyRowOf),
    );
    expect(rows.map((row) => [row.name, row.level, row.type, row.uscc, row.host])).toEqual([
      ['桐峰县教育局', 'county', 'department', uscc, 'www.tongfeng.gov.cn'],
      ['璧口市人民政府', null, 'people_government', null, 'www.bikou.gov.cn'],
    ]);
  });
});
