/**
 * Documents that are not post-2019 template reports: a pre-2019 narrative report with a local
 * 政府信息公开情况统计表 (spec §8), a portal news article (not a report at all), and binary
 * garbage.
 */
import { makeAgency, type Agency } from '../names.ts';
import { chineseDate } from '../narrative.ts';
import { Rng, type Seed } from '../prng.ts';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// ---------------------------------------------------------------- pre-2019

export interface Pre2019Row {
  /** indicator name as printed (其中：1、网站公开) */
  label: string;
  unit: '条' | '件' | '万元' | '个' | '次';
  year: number | string;
  /** 历年累计; '' when the table leaves it blank */
  cumulative: number | string;
}

export interface Pre2019Data {
  seed: string;
  agency: Agency;
  year: number;
  published: string;
  stats: Pre2019Row[];
  proactive: number;
  requests: number;
}

/** A 2008–2018 style report's data (the local statistics table of §8). */
export function generatePre2019(seed: Seed, year = 2015): Pre2019Data {
  const rng = new Rng(`${seed}/pre2019`);
  const agency = makeAgency(rng, { level: 'county', type: 'government' });
  const proactive = rng.logInt(300, 6000);
  const website = Math.round(proactive * (0.7 + 0.25 * rng.next()));
  const gazette = rng.int(0, Math.round((proactive - website) / 2));
  const other = proactive - website - gazette;
  const years = year - 2008 + 1;
  const cum = (n: number): number => n + Math.round(n * (years - 1) * (0.6 + 0.5 * rng.next()));
  const requests = rng.logInt(0, 60);
  const channels = rng.multinomial(requests, [35, 2, 10, 40, 12, 1]);
  const pending = requests > 0 && rng.chance(0.3) ? 1 : 0;
  const answered = requests - pending;
  const answers = rng.multinomial(answered, [55, 8, 6, 18, 10, 3]);
  const review = requests > 5 && rng.chance(0.4) ? rng.int(1, 2) : 0;
  const suits = review > 0 && rng.chance(0.5) ? 1 : 0;
  const labels = ['1、当面申请数', '2、传真申请数', '3、电子邮件申请数', '4、网上申请数', '5、信函申请数', '6、其它形式申请数'];
  const answerLabels = ['1、同意公开答复数', '2、同意部分公开答复数', '3、否决公开答复数', '4、信息不存在数', '5、非本部门掌握数', '6、申请内容不明确数'];
  const stats: Pre2019Row[] = [
    { label: '主动公开信息数', unit: '条', year: proactive, cumulative: cum(proactive) },
    { label: '其中：1、网站公开', unit: '条', year: website, cumulative: cum(website) },
    { label: '2、政府公报公开', unit: '条', year: gazette, cumulative: gazette === 0 ? '' : cum(gazette) },
    { label: '3、其他形式公开', unit: '条', year: other, cumulative: cum(other) },
    { label: '受理依申请公开信息总数', unit: '件', year: requests, cumulative: cum(requests) },
    ...channels.map((n, i) => ({ label: (i === 0 ? '其中：' : '') + labels[i], unit: '件' as const, year: n, cumulative: cum(n) })),
    { label: '对申请的答复总数', unit: '件', year: answered, cumulative: cum(answered) },
    ...answers.map((n, i) => ({ label: (i === 0 ? '其中：' : '') + answerLabels[i], unit: '件' as const, year: n, cumulative: cum(n) })),
    { label: '行政复议数', unit: '件', year: review, cumulative: review + rng.int(0, 3) },
    { label: '行政诉讼数', unit: '件', year: suits, cumulative: suits + rng.int(0, 2) },
    { label: '行政申诉、举报数', unit: '件', year: 0, cumulative: rng.int(0, 2) },
    { label: '依申请公开信息收取的费用', unit: '万元', year: 0, cumulative: 0 },
  ];
  const published = `${year + 1}-03-${String(rng.int(10, 31)).padStart(2, '0')}`;
  return { seed: String(seed), agency, year, published, stats, proactive, requests };
}

export function renderPre2019Html(data: Pre2019Data): string {
  const rng = new Rng(`${data.seed}/pre2019-html`);
  const a = data.agency;
  const y = data.year;
  const title = `${a.name}${y}年政府信息公开工作年度报告`;
  const answeredRow = data.stats.find((r) => r.label === '对申请的答复总数');
  const reviewRow = data.stats.find((r) => r.label === '行政复议数');
  const p = (text: string): string =>
    `<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><span style="font-family:仿宋_GB2312;font-size:16.0pt">${esc(text)}</span><span lang="EN-US"><o:p></o:p></span></p>`;
  const h = (text: string): string =>
    `<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><b><span style="font-family:黑体;font-size:16.0pt">${esc(text)}</span></b><span lang="EN-US"><o:p></o:p></span></p>`;
  const body: string[] = [
    `<p class="MsoNormal" align="center" style="text-align:center"><b><span style="font-family:宋体;font-size:22.0pt">${esc(title)}</span></b></p>`,
    p(`本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由${a.name}办公室编制。全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，政府信息公开工作存在的主要问题及改进情况，并附政府信息公开情况统计表。本报告中所列数据的统计期限自${y}年1月1日起至${y}年12月31日止。如对本报告有任何疑问，请与${a.name}办公室联系（地址：${a.address}；电话：${a.phone}）。`),
    h('一、概述'),
    p(`${y}年，${a.self}认真贯彻落实《条例》和国务院办公厅关于政府信息公开工作的部署要求，进一步健全工作机制，拓宽公开渠道，政府信息公开工作取得新进展。`),
    h('二、主动公开政府信息情况'),
    p(`${y}年，全${a.self.slice(-1)}共主动公开政府信息${data.proactive}条。其中通过政府门户网站公开${data.stats[1]?.year}条，通过政府公报公开${data.stats[2]?.year}条，通过其他形式公开${data.stats[3]?.year}条。`),
    h('三、依申请公开政府信息情况'),
    data.requests === 0
      ? p(`${y}年，${a.self}未收到政府信息公开申请。`)
      : p(`${y}年，${a.self}共受理政府信息公开申请${data.requests}件，已答复${answeredRow?.year}件。`),
    h('四、政府信息公开的收费及减免情况'),
    p(`${y}年，${a.self}在依申请公开工作中未收取任何费用。`),
    h('五、因政府信息公开申请提起行政复议、行政诉讼的情况'),
    p(Number(reviewRow?.year) > 0 ? `${y}年，发生因政府信息公开申请提起的行政复议${reviewRow?.year}件。` : `${y}年，未发生因政府信息公开申请提起行政复议、行政诉讼的情况。`),
    h('六、政府信息公开工作存在的主要问题及改进情况'),
    p('政府信息公开工作仍存在一些不足，主要是部分单位公开意识有待增强，信息更新不够及时。下一步，将加强业务培训和督促检查，进一步规范公开内容和程序。'),
    p(`附件：${a.name}${y}年政府信息公开情况统计表`),
  ];
  const cell = (text: string | number, width: number, center = true): string =>
    `<td width="${width}" valign="top" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal"${center ? ' align="center"' : ''}><span style="font-family:仿宋_GB2312">${text === '' ? '&nbsp;' : esc(String(text))}</span></p></td>`;
  const table = [
    '<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" style="border-collapse:collapse">',
    `<tr>${cell('指标名称', 234)}${cell('计量单位', 86)}${cell(`${y}年度`, 110)}${cell('历年累计', 111)}</tr>`,
    ...data.stats.map((r) => `<tr>${cell(r.label, 234, false)}${cell(r.unit, 86)}${cell(r.year, 110)}${cell(r.cumulative, 111)}</tr>`),
    '</table>',
  ].join('\n');
  body.push(`<p class="MsoNormal" align="center"><b><span style="font-family:宋体">${esc(a.name)}${y}年政府信息公开情况统计表</span></b></p>`, table);
  body.push(`<p class="MsoNormal" align="right" style="text-align:right"><span style="font-family:仿宋_GB2312">${chineseDate(data.published)}</span></p>`);
  const site = `${a.county}人民政府`;
  return [
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml">',
    '<head>',
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
    `<title>${esc(title)}</title>`,
    `<meta name="ArticleTitle" content="${esc(title)}" />`,
    `<meta name="PubDate" content="${data.published}" />`,
    '<link href="/images/style.css" rel="stylesheet" type="text/css" />',
    '</head>',
    '<body>',
    `<div class="top"><img src="/images/top.jpg" alt="${esc(site)}" /></div>`,
    `<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="./">政府信息公开年报</a></div>`,
    `<div class="content"><h1>${esc(title)}</h1><div class="info">来源：${esc(a.name)}　发布时间：${data.published}　点击数：${rng.int(50, 900)}</div>`,
    `<div class="article_content"><div style="page: WordSection1" class="WordSection1">\n<?xml:namespace prefix = o ns = "urn:schemas-microsoft-com:office:office" />\n${body.join('\n')}\n</div></div></div>`,
    `<div class="footer">版权所有：${esc(site)}　网站标识码：${a.regionCode}0001</div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- not a report

/** A portal news article about 政务公开 work: mentions annual reports but is not one. */
export function renderNewsPage(seed: Seed, year = 2024): { html: string; agency: Agency } {
  const rng = new Rng(`${seed}/news`);
  const agency = makeAgency(rng, { level: 'county', type: 'government' });
  const county = agency.county as string;
  const kind = county.slice(-1);
  const title = `${county}召开${year}年政务公开工作推进会`;
  const date = `${year}-0${rng.int(3, 9)}-${String(rng.int(10, 28)).padStart(2, '0')}`;
  const n = rng.int(20, 60);
  const paragraphs = [
    `${date.slice(5, 7).replace(/^0/, '')}月${Number(date.slice(8))}日，${county}召开${year}年政务公开工作推进会，${county}人民政府办公室主要负责同志出席会议并讲话，${n}个${kind}直部门和各乡镇（街道）分管负责同志参加会议。`,
    `会议通报了上一年度政府信息公开工作年度报告编制发布情况，指出个别单位年度报告存在数据统计不准确、报告格式不规范、发布不及时等问题，要求各单位严格按照国办公开办函〔2021〕30号规定的格式编制年度报告，确保表格数据勾稽关系正确。`,
    `会议强调，要进一步提高政治站位，聚焦重点领域信息公开，规范依申请公开办理，加强政府信息公开平台建设，持续提升政务公开质量和实效。`,
    `会上，${kind + rng.pick(['自然资源局', '市场监督管理局', '人力资源和社会保障局'])}、${rng.pick(['城关镇', '新集镇', '东岭乡'])}作了交流发言。`,
  ];
  const related = [
    `${county}人民政府${year - 1}年政府信息公开工作年度报告`,
    `${county}${year}年政务公开工作要点`,
    `关于做好${year - 1}年度政府信息公开工作年度报告编制发布工作的通知`,
  ];
  const site = `${county}人民政府`;
  const html = [
    '<!DOCTYPE html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    `<meta name="SiteName" content="${esc(site)}">`,
    '<meta name="ColumnName" content="部门动态">',
    `<meta name="ArticleTitle" content="${esc(title)}">`,
    `<meta name="PubDate" content="${date} 16:20">`,
    `<title>${esc(title)}_部门动态_${esc(site)}</title>`,
    '</head>',
    '<body>',
    `<div class="header"><img src="/images/logo.png" alt="${esc(site)}"></div>`,
    '<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/xwzx/">新闻中心</a><a href="/hdjl/">互动交流</a></div>',
    '<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; <a href="/xwzx/bmdt/">部门动态</a></div>',
    `<div class="article"><h1>${esc(title)}</h1><div class="info">发布时间：${date}　来源：${esc(county)}融媒体中心</div>`,
    `<div class="article_content">${paragraphs.map((p) => `<p style="text-indent:2em">${esc(p)}</p>`).join('\n')}</div></div>`,
    `<div class="related"><h3>相关阅读</h3><ul>${related.map((t, i) => `<li><a href="/zwgk/zfxxgk/zfxxgknb/${year}0${i + 1}/t${year}01${10 + i}_${rng.int(10000, 99999)}.html">${esc(t)}</a></li>`).join('')}</ul></div>`,
    `<div class="footer">主办：${esc(site)}办公室　网站标识码：${agency.regionCode}0001</div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { html, agency };
}

/** Bytes that are no document at all (no BOM, no magic number, invalid UTF-8, NULs). */
export function garbageBytes(seed: Seed, length = 4096): Uint8Array {
  const rng = new Rng(`${seed}/garbage`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.int(0, 255);
  // make sure it starts like nothing known: not %PDF, <, BOM, PK, or a GBK/UTF-8 lead
  out[0] = 0x00;
  out[1] = 0xff;
  out[2] = 0x13;
  out[3] = 0x80;
  return out;
}
