/**
 * The prose of a synthetic report: title, preamble and the six sections of spec §2, written
 * from sentence banks with the report's own numbers (so prose and tables agree, rule X-01).
 * Every renderer lays out the same `Narrative`.
 */
import type { TableTemplate } from '../../src/domain/vocabulary.ts';
import type { ReportData } from './generate.ts';
import { Rng } from './prng.ts';

export type Numeral = '一' | '二' | '三' | '四' | '五' | '六';

export interface Section {
  numeral: Numeral;
  /** heading as printed, including the numeral: 一、总体情况 */
  heading: string;
  paragraphs: string[];
  /** the table printed after the paragraphs */
  table?: 't2' | 't3' | 't4';
}

export interface Narrative {
  title: string;
  preamble: string[];
  sections: Section[];
  /** signature block: agency name and date line */
  closing: string[];
}

export interface NarrativeOptions {
  /** template whose 文号 the preamble cites (defaults to the data's; V-07 cites 2021 over v2019 tables) */
  declaredTemplate?: TableTemplate;
  /** write the year with a space before 年 in the title (S-SEED: "2023 年") */
  spacedYear?: boolean;
}

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 2024 → 二〇二四 */
export function chineseYear(year: number): string {
  return String(year)
    .split('')
    .map((d) => CN_DIGITS[Number(d)])
    .join('');
}

function chineseMonthDay(n: number): string {
  if (n <= 10) return n === 10 ? '十' : (CN_DIGITS[n] as string);
  if (n < 20) return `十${CN_DIGITS[n - 10]}`;
  return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : CN_DIGITS[n % 10]}`;
}

export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${chineseYear(y)}年${chineseMonthDay(m)}月${chineseMonthDay(d)}日`;
}

const WENHAO: Record<TableTemplate, string> = {
  v2021: '《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）',
  v2019: '《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）',
};

const HEADINGS: Record<Numeral, readonly string[]> = {
  一: ['总体情况', '总体情况', '政府信息公开总体情况'],
  二: ['主动公开政府信息情况', '主动公开政府信息情况', '行政机关主动公开政府信息情况'],
  三: ['收到和处理政府信息公开申请情况', '收到和处理政府信息公开申请情况', '行政机关收到和处理政府信息公开申请情况'],
  四: ['政府信息公开行政复议、行政诉讼情况', '政府信息公开行政复议、行政诉讼情况', '因政府信息公开工作被申请行政复议和提起行政诉讼情况'],
  五: ['存在的主要问题及改进情况', '存在的主要问题及改进情况', '政府信息公开工作存在的主要问题及改进情况'],
  六: ['其他需要报告的事项', '其他需要报告的事项', '其他需要报告的事项'],
};

const PLATFORMS = ['门户网站“政府信息公开”专栏', '政府门户网站', '政务新媒体', '政务服务大厅公开栏', '政务微信公众号'] as const;

export function buildNarrative(data: ReportData, options: NarrativeOptions = {}): Narrative {
  const rng = Rng.derive(data.seed, 'prose');
  const a = data.agency;
  const y = data.year;
  const v = data.values;
  const self = a.self;
  const title = `${a.name}${y}${options.spacedYear ? ' ' : ''}年${rng.chance(0.3) ? '度' : ''}政府信息公开工作年度报告`;
  const declared = options.declaredTemplate ?? data.template;
  const headingIndex = rng.int(0, 2);
  const heading = (n: Numeral): string => `${n}、${HEADINGS[n][headingIndex]}`;

  const preamble = [
    `本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和${WENHAO[declared]}要求，由${a.name}编制。` +
      `全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。` +
      `本报告所列数据的统计期限自${y}年1月1日起至${y}年12月31日止。` +
      `本报告电子版可在${a.host}“政府信息公开”专栏下载。如对本报告有疑问，请与${a.name}${a.type === 'government' ? '办公室' : '办公室'}联系（地址：${a.address}；电话：${a.phone}）。`,
  ];

  const n = (key: string): number => v[key] ?? 0;
  const received = n('t3:received.new:applicant.total');
  const over = n('t3:received.carried_over:applicant.total');
  const handled = n('t3:outcome.total:applicant.total');
  const forward = n('t3:carried_forward:applicant.total');
  const granted = n('t3:outcome.granted:applicant.total');
  const partial = n('t3:outcome.partial:applicant.total');
  const review = n('t4:cases:review.total');
  const suits = n('t4:cases:litigation.direct.total') + n('t4:cases:litigation.after_review.total');
  const platform = rng.pick(PLATFORMS);

  const s1 = [
    `${y}年，${self}坚持以公开为常态、不公开为例外，认真贯彻落实《条例》和上级关于政务公开工作的部署要求，围绕中心工作深化政务公开，各项工作有序推进。`,
    `（一）主动公开。${self}通过${platform}等渠道主动公开政府信息${data.proactiveCount}条，` +
      rng.pick([
        '重点做好政策文件、财政预决算、行政执法等领域信息公开，及时回应社会关切。',
        '及时发布工作动态、通知公告和政策解读，确保公开内容全面、准确、及时。',
        '对照主动公开基本目录逐项梳理，做到应公开尽公开。',
      ]),
    received + over === 0
      ? `（二）依申请公开。${self}畅通依申请公开受理渠道，规范办理流程。${y}年未收到政府信息公开申请，无上年结转申请。`
      : `（二）依申请公开。${y}年共新收政府信息公开申请${received}件，上年结转${over}件，已办结${handled}件，其中予以公开${granted}件、部分公开${partial}件，结转下年度继续办理${forward}件。` +
        rng.pick(['所有申请均在法定期限内答复。', '办理过程中严格履行登记、审核、答复等程序。', '进一步规范答复文书格式，提升答复质量。']),
    `（三）政府信息管理。` +
      rng.pick([
        '严格落实信息发布保密审查制度，坚持“先审查、后公开”和“一事一审”原则，全年未发生失泄密事件。',
        '动态调整主动公开目录，开展行政规范性文件清理，及时公布清理结果。',
        '完善信息发布审核流程，对拟公开信息逐条审核，防止敏感信息泄露。',
      ]),
    `（四）政府信息公开平台建设。` +
      rng.pick([
        '持续优化政府信息公开专栏，规范栏目设置，加强内容更新和日常巡检。',
        '加强政务新媒体管理，推动网站与新媒体信息同步发布。',
        '完善政府信息公开平台检索功能，方便公众查询获取信息。',
      ]),
    `（五）监督保障。` +
      rng.pick([
        '将政务公开工作纳入年度绩效考核，组织业务培训，压实工作责任。',
        '成立政务公开工作领导小组，明确专人负责，定期开展自查整改。',
        '主动接受社会监督，对群众反映的问题及时核查处理。',
      ]) +
      (review + suits > 0 ? '' : `全年未发生因政府信息公开工作被追责的情形。`),
  ];

  const s5 = [
    `${self}政府信息公开工作虽取得一定成效，但仍存在一些不足：` +
      rng.pick([
        '一是政策解读形式较为单一，图解、视频等解读形式运用不多；二是部分栏目更新不够及时。',
        '一是公开内容的深度和广度有待拓展；二是工作人员业务能力有待进一步提高。',
        '一是重点领域信息公开还不够全面；二是依申请公开答复的规范化水平仍需提升。',
      ]),
    `下一步，${self}将` +
      rng.pick([
        '进一步强化责任落实，加强业务培训，丰富政策解读形式，及时更新各栏目内容。',
        '持续深化重点领域信息公开，规范依申请公开办理流程，提升政务公开工作质量。',
        '加强公开平台日常维护，完善信息发布审核机制，推动政务公开工作提质增效。',
      ]),
  ];

  const s6 =
    data.template === 'v2021'
      ? [
          `${y}年度${self}未收取政府信息公开信息处理费。`,
          rng.pick([
            '落实上级年度政务公开工作要点情况：已按要点要求完成各项工作任务。',
            '人大代表建议和政协提案办理结果公开情况：已按要求公开办理结果。',
            '本年度无其他需要报告的事项。',
          ]),
        ]
      : [rng.pick(['无其他需要报告的事项。', `${self}本年度未收取政府信息公开相关费用。`])];

  const sections: Section[] = [
    { numeral: '一', heading: heading('一'), paragraphs: s1 },
    { numeral: '二', heading: heading('二'), paragraphs: [], table: 't2' },
    { numeral: '三', heading: heading('三'), paragraphs: [], table: 't3' },
    { numeral: '四', heading: heading('四'), paragraphs: [], table: 't4' },
    { numeral: '五', heading: heading('五'), paragraphs: s5 },
    { numeral: '六', heading: heading('六'), paragraphs: s6 },
  ];
  return { title, preamble, sections, closing: [a.name, chineseDate(data.published)] };
}
