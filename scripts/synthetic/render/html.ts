/**
 * HTML report pages as portal CMSs publish them: site furniture around an article whose body
 * holds the narrative and the three tables as real `<table>` markup with the template's merged
 * cells. Options reproduce the §7 variants seen in saved pages.
 */
import type { TableTemplate } from '../../../src/domain/vocabulary.ts';
import { encodeGbk } from '../gbk.ts';
import {
  T3_APPLICANT,
  T3_CORNER,
  T3_ORG,
  T3_ORG_LABELS,
  T3_OUTCOME_GROUP,
  T3_TRANSPOSED_CORNER,
  T4_GROUP_LABELS,
  T4_KEYS_IN_ORDER,
  T4_LEAF_LABELS,
  T4_SUBGROUP_LABELS,
  outcomeRowCount,
  t2Blocks,
  t3ApplicantRows,
  t3Rows,
  t3TransposedHeader,
  t4VerticalRows,
  transposedPieceHeader,
  transposedPieces,
  type TransposedPiece,
} from '../layout.ts';
import { buildNarrative, type NarrativeOptions } from '../narrative.ts';
import type { PrintedReport } from '../present.ts';
import { Rng } from '../prng.ts';

export interface HtmlOptions {
  /** site furniture: TRS-style div layout, or Hanweb-style table layout with upper-case legacy markup */
  cms?: 'trs' | 'hanweb';
  /** declared in `<meta>` only; use `renderHtmlBytes` to get bytes in that encoding */
  charset?: 'utf-8' | 'gbk';
  /** header and label text split over `<p>`, `<br/>` and `<span>` (商业</p><p>企业) */
  splitHeaders?: boolean;
  /** `&nbsp;` padding around cell text (and `&nbsp;` in blank cells) */
  nbspPadding?: boolean;
  /** Word paste: MsoNormal paragraphs, font spans and `<o:p>` tags */
  wordPaste?: boolean;
  /** v2019 Table 2 with header and data colspans that disagree (V-08) */
  inconsistentColspan?: boolean;
  /** Table 3 transposed (applicant types as rows, outcomes as columns) and Table 4 as a vertical list (V-21) */
  transposed?: boolean;
  /** with `transposed`: Table 3 printed in pieces — its columns over successive tables, or its rows over two tables (a page break in Word) */
  transposedSplit?: 'columns' | 'rows';
  /** cut the file right after this cell (a truncated download) */
  truncateAfter?: string;
  narrative?: NarrativeOptions;
}

const CUT = '\u0000CUT\u0000';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Natural break points of header labels (where Word wraps them in narrow columns). */
const HEADER_SPLITS: Record<string, string[]> = {
  商业企业: ['商业', '企业'],
  科研机构: ['科研', '机构'],
  社会公益组织: ['社会', '公益', '组织'],
  法律服务机构: ['法律', '服务', '机构'],
  结果维持: ['结果', '维持'],
  结果纠正: ['结果', '纠正'],
  其他结果: ['其他', '结果'],
  尚未审结: ['尚未', '审结'],
  申请人情况: ['申请人情', '况'],
  本年新制作数量: ['本年新', '制作数量'],
  本年新公开数量: ['本年新', '公开数量'],
  对外公开总数量: ['对外公开', '总数量'],
  [T3_OUTCOME_GROUP]: ['三、本', '年度办', '理结果'],
};

class Writer {
  private readonly rng: Rng;
  readonly printed: PrintedReport;
  readonly options: HtmlOptions;
  constructor(printed: PrintedReport, options: HtmlOptions) {
    this.printed = printed;
    this.options = options;
    this.rng = Rng.derive(printed.data.seed, 'html');
  }

  get template(): TableTemplate {
    return this.printed.data.template;
  }

  /** inline text of a paragraph */
  run(text: string): string {
    if (!this.options.wordPaste) return esc(text);
    return `<span style="font-family:仿宋_GB2312;font-size:16px">${esc(text)}</span>`;
  }

  para(text: string, indent = true): string {
    const style = indent ? ' style="text-indent:2em;line-height:2;"' : '';
    if (this.options.wordPaste) return `<p class="MsoNormal"${style}>${this.run(text)}<span lang="EN-US"><o:p></o:p></span></p>`;
    return `<p${style}>${this.run(text)}</p>`;
  }

  /** content of a label/header cell, possibly split over paragraphs, line breaks or spans */
  label(text: string, forceSplit = false): string {
    const pad = this.options.nbspPadding ? ' &nbsp; &nbsp; &nbsp;' : '';
    let pieces: string[] = [text];
    if (this.options.splitHeaders) {
      const natural = HEADER_SPLITS[text];
      if (natural) pieces = natural;
      else if ((forceSplit || this.rng.chance(0.3)) && text.length >= 8) {
        const at = this.rng.int(2, text.length - 2);
        pieces = [text.slice(0, at), text.slice(at)];
      }
    }
    if (pieces.length === 1) return `<p>${this.run(text)}${this.options.nbspPadding && this.rng.chance(0.3) ? pad : ''}</p>`;
    const style = this.rng.int(0, 2);
    if (style === 0) return pieces.map((p, i) => `<p>${this.run(p)}${i > 0 ? pad : ''}</p>`).join('');
    if (style === 1) return `<p>${pieces.map((p) => this.run(p)).join('<br/>')}</p>`;
    return `<p>${pieces.map((p) => `<span>${esc(p)}</span>`).join('')}</p>`;
  }

  /** content of a value cell */
  value(key: string): string {
    const cell = this.printed.cells[key];
    const raw = cell?.raw ?? '';
    let inner: string;
    if (raw === '') {
      inner = this.options.wordPaste ? '<p class="MsoNormal" align="center"><span lang="EN-US"><o:p>&nbsp;</o:p></span></p>' : this.options.nbspPadding ? '&nbsp;' : '';
    } else {
      const text = this.options.nbspPadding && this.rng.chance(0.5) ? `&nbsp;${esc(raw)}&nbsp;` : esc(raw);
      inner = this.options.wordPaste
        ? `<p class="MsoNormal" align="center"><span lang="EN-US" style="font-family:'Times New Roman'">${text}</span></p>`
        : `<p>${text}</p>`;
    }
    return inner + (key === this.options.truncateAfter ? `\u0000TD\u0000` : '');
  }

  td(content: string, attrs: { colspan?: number; rowspan?: number; width?: number } = {}): string {
    const a: string[] = [];
    if (attrs.colspan && attrs.colspan > 1) a.push(` colspan="${attrs.colspan}"`);
    if (attrs.rowspan && attrs.rowspan > 1) a.push(` rowspan="${attrs.rowspan}"`);
    if (attrs.width) a.push(` width="${attrs.width}"`);
    a.push(' valign="center"');
    const cell = `<td${a.join('')}>${content}</td>`;
    // the truncation point is right after the closing tag of the chosen cell
    return cell.replace(/\u0000TD\u0000<\/td>$/, `</td>${CUT}`);
  }

  table(rows: string[]): string {
    const open = this.options.cms === 'hanweb' ? '<table width="100%" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;">' : '<table style="border-collapse:collapse;border:none" cellspacing="0" align="center" border="1">';
    return `${open}<tbody>${rows.map((r) => `<tr>${r}</tr>`).join('')}</tbody></table>`;
  }

  t2(): string {
    const out: string[] = [];
    const v2019 = this.template === 'v2019';
    const grid = v2019 && this.options.inconsistentColspan ? 5 : 4;
    for (const block of t2Blocks(this.template)) {
      const rows: string[] = [this.td(this.label(block.header), { colspan: grid })];
      const n = block.columns.length;
      if (grid === 5 && n === 3) {
        // header [label][colspan=2][ ][ ] vs data [label][ ][colspan=2][ ] (V-08)
        rows.push(
          this.td(this.label('信息内容')) +
            this.td(this.label(block.columns[0] as string), { colspan: 2 }) +
            this.td(this.label(block.columns[1] as string)) +
            this.td(this.label(block.columns[2] as string)),
        );
        for (const row of block.rows)
          rows.push(
            this.td(this.label(row.label)) +
              this.td(this.value(row.cells[0] as string)) +
              this.td(this.value(row.cells[1] as string), { colspan: 2 }) +
              this.td(this.value(row.cells[2] as string)),
          );
      } else {
        const spans = n === 3 ? [1, 1, grid - 3] : n === 2 ? [1, grid - 2] : [grid - 1];
        rows.push(this.td(this.label('信息内容')) + block.columns.map((c, i) => this.td(this.label(c), { colspan: spans[i] })).join(''));
        for (const row of block.rows) rows.push(this.td(this.label(row.label)) + row.cells.map((k, i) => this.td(this.value(k), { colspan: spans[i] })).join(''));
      }
      out.push(...rows);
    }
    return this.table(out);
  }

  t3(): string {
    const rows: string[] = [];
    rows.push(this.td(this.label(T3_CORNER), { colspan: 3, rowspan: 3, width: 277 }) + this.td(this.label(T3_APPLICANT), { colspan: 7 }));
    rows.push(this.td(this.label('自然人'), { rowspan: 2 }) + this.td(this.label(T3_ORG), { colspan: 5 }) + this.td(this.label('总计'), { rowspan: 2 }));
    rows.push(T3_ORG_LABELS.map((l) => this.td(this.label(l))).join(''));
    const span = outcomeRowCount(this.template);
    for (const row of t3Rows(this.template)) {
      let head = '';
      if (row.kind === 'top') head = this.td(this.label(row.label), { colspan: 3 });
      else {
        if (row.outcomeFirst) head += this.td(this.label(T3_OUTCOME_GROUP), { rowspan: span });
        if (row.kind === 'outcome') head += this.td(this.label(row.label), { colspan: 2 });
        else {
          if (row.groupFirst) head += this.td(this.label(row.group as string), { rowspan: row.groupSize });
          head += this.td(this.label(row.label));
        }
      }
      rows.push(head + row.cells.map((k) => this.td(this.value(k))).join(''));
    }
    return this.table(rows);
  }

  /** Table 3 transposed (V-21): the outcome header tree across three header rows, one row per applicant type. */
  t3Transposed(): string {
    const header = t3TransposedHeader(this.template);
    const rows: string[] = [];
    header.forEach((cells, r) => {
      const corner = r === 0 ? this.td(this.label(T3_TRANSPOSED_CORNER), { colspan: 3, rowspan: 3, width: 277 }) : '';
      rows.push(corner + cells.map((cell) => this.td(this.label(cell.text), { colspan: cell.colspan, rowspan: cell.rowspan })).join(''));
    });
    const applicants = t3ApplicantRows();
    const orgSize = applicants.filter((a) => a.group).length;
    const outcomes = t3Rows(this.template);
    applicants.forEach((applicant, i) => {
      let head = i === 0 ? this.td(this.label(T3_APPLICANT), { rowspan: applicants.length }) : '';
      if (applicant.group === null) head += this.td(this.label(applicant.label), { colspan: 2 });
      else head += (applicant.groupFirst ? this.td(this.label(applicant.group), { rowspan: orgSize }) : '') + this.td(this.label(applicant.label));
      rows.push(head + outcomes.map((row) => this.td(this.value(row.cells[i] as string))).join(''));
    });
    return this.table(rows);
  }

  /** A transposed Table 3 in pieces, each a table of its own, with a 续表 caption or an empty paragraph between some. */
  t3TransposedPieces(how: 'columns' | 'rows'): string {
    const rng = Rng.derive(this.printed.data.seed, 'html-transposed-split');
    return transposedPieces(this.template, how, rng)
      .map((piece, k) => (k > 0 ? rng.pick(['', '<p>续表</p>', '<p>&nbsp;</p>']) : '') + this.t3TransposedPiece(piece))
      .join('');
  }

  t3TransposedPiece(piece: TransposedPiece): string {
    const rows: string[] = [];
    if (piece.header) {
      const corner = piece.cols[0] === 0 || piece.repeatGroups ? this.label(T3_TRANSPOSED_CORNER) : '';
      transposedPieceHeader(this.template, piece).forEach((cells, r) => {
        const head = r === 0 ? this.td(corner, { colspan: 3, rowspan: 3, width: 277 }) : '';
        rows.push(head + cells.map((cell) => this.td(cell.text ? this.label(cell.text) : '', { colspan: cell.colspan, rowspan: cell.rowspan })).join(''));
      });
    }
    const applicants = t3ApplicantRows();
    const outcomes = t3Rows(this.template).slice(piece.cols[0], piece.cols[1]);
    const [from, to] = piece.rows;
    for (let i = from; i < to; i++) {
      const applicant = applicants[i]!;
      let head = i === from ? this.td(i === 0 || piece.repeatGroups ? this.label(T3_APPLICANT) : '', { rowspan: to - from }) : '';
      if (applicant.group === null) head += this.td(this.label(applicant.label), { colspan: 2 });
      else {
        const firstOrg = applicant.groupFirst || (i === from && applicants[i - 1]?.group === applicant.group);
        if (firstOrg) {
          let span = 0;
          while (i + span < to && applicants[i + span]!.group === applicant.group) span++;
          head += this.td(applicant.groupFirst || piece.repeatGroups ? this.label(applicant.group) : '', { rowspan: span });
        }
        head += this.td(this.label(applicant.label));
      }
      rows.push(head + outcomes.map((row) => this.td(this.value(row.cells[i] as string))).join(''));
    }
    return this.table(rows);
  }

  /** Table 4 as a vertical list (V-21): group and sub-group merged down, one value per row. */
  t4Vertical(): string {
    const rows: string[] = [this.td(this.label('项目'), { colspan: 3 }) + this.td(this.label('件数'))];
    for (const row of t4VerticalRows()) {
      let head = row.groupFirst ? this.td(this.label(row.group), { rowspan: row.groupSize, ...(row.subgroup ? {} : { colspan: 2 }) }) : '';
      if (row.subgroup && row.subgroupFirst) head += this.td(this.label(row.subgroup), { rowspan: T4_LEAF_LABELS.length });
      rows.push(head + this.td(this.label(row.leaf)) + this.td(this.value(row.key)));
    }
    return this.table(rows);
  }

  t4(): string {
    const rows: string[] = [];
    rows.push(this.td(this.label(T4_GROUP_LABELS[0]), { colspan: 5 }) + this.td(this.label(T4_GROUP_LABELS[1]), { colspan: 10 }));
    rows.push(
      T4_LEAF_LABELS.map((l) => this.td(this.label(l), { rowspan: 2 })).join('') +
        T4_SUBGROUP_LABELS.map((l) => this.td(this.label(l), { colspan: 5 })).join(''),
    );
    rows.push([...T4_LEAF_LABELS, ...T4_LEAF_LABELS].map((l) => this.td(this.label(l))).join(''));
    rows.push(T4_KEYS_IN_ORDER.map((k) => this.td(this.value(k))).join(''));
    return this.table(rows);
  }
}

function siteName(printed: PrintedReport): string {
  const a = printed.data.agency;
  return a.level === 'prefectural' ? `${a.city}人民政府` : `${a.county}人民政府`;
}

/** Render the report page as an HTML string (declaring `options.charset` in its `<meta>`). */
export function renderHtml(printed: PrintedReport, options: HtmlOptions = {}): string {
  const w = new Writer(printed, options);
  const d = printed.data;
  const a = d.agency;
  const rng = Rng.derive(d.seed, 'html-page');
  const story = buildNarrative(d, options.narrative);
  const site = siteName(printed);
  const docId = rng.int(10000, 999999);
  const pubCompact = d.published.replace(/-/g, '');
  const url = `https://${a.host}/zwgk/zfxxgk/zfxxgknb/${pubCompact.slice(0, 6)}/t${pubCompact}_${docId}.html`;
  const index = `${a.uscc}/${d.published.slice(0, 4)}-${String(rng.int(1, 99999)).padStart(5, '0')}`;
  const time = `${String(rng.int(8, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
  const hanweb = options.cms === 'hanweb';

  const body: string[] = [];
  body.push(w.para(story.title, false).replace('<p', '<p align="center"'));
  for (const p of story.preamble) body.push(w.para(p));
  for (const s of story.sections) {
    body.push(hanweb ? `<p style="text-indent:2em;"><b>${esc(s.heading)}</b></p>` : `<p style="text-indent:2em;"><strong>${w.run(s.heading)}</strong></p>`);
    for (const p of s.paragraphs) body.push(w.para(p));
    if (s.table === 't2') body.push(w.t2());
    if (s.table === 't3') body.push(options.transposed ? (options.transposedSplit ? w.t3TransposedPieces(options.transposedSplit) : w.t3Transposed()) : w.t3());
    if (s.table === 't4') body.push(options.transposed ? w.t4Vertical() : w.t4());
  }
  for (const line of story.closing) body.push(`<p style="text-align:right;">${w.run(line)}</p>`);

  const charsetMeta =
    options.charset === 'gbk'
      ? '<meta http-equiv="Content-Type" content="text/html; charset=gbk" />'
      : '<meta charset="utf-8" />';
  const head = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    charsetMeta,
    '<meta http-equiv="X-UA-Compatible" content="IE=edge" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1.0" />',
    `<meta name="SiteName" content="${esc(site)}" />`,
    `<meta name="SiteDomain" content="${a.host}" />`,
    `<meta name="SiteIDCode" content="${a.regionCode}0001" />`,
    '<meta name="ColumnName" content="政府信息公开年报" />',
    '<meta name="ColumnType" content="政府信息公开年报" />',
    `<meta name="ArticleTitle" content="${esc(story.title)}" />`,
    `<meta name="PubDate" content="${d.published} ${time}" />`,
    `<meta name="ContentSource" content="${esc(a.name)}" />`,
    '<meta name="Keywords" content="政府信息公开,年度报告" />',
    `<title>${esc(story.title)}_政府信息公开年报_${esc(site)}</title>`,
    '<link rel="stylesheet" type="text/css" href="/images/common.css" />',
    '<link rel="stylesheet" type="text/css" href="/images/xxgk_article.css" />',
    '<script type="text/javascript" src="/js/jquery-1.12.4.min.js"></script>',
    '</head>',
  ];

  const nav = ['首页', '政务公开', '政务服务', '互动交流', '数据发布', `走进${a.level === 'prefectural' ? a.city : (a.county as string)}`];
  const crumbs = ['首页', '政务公开', '政府信息公开', '政府信息公开年报'];
  const metaRows: Array<[string, string, string, string]> = [
    ['索引号', index, '主题分类', '综合政务\\政务公开'],
    ['发布机构', a.name, '成文日期', d.published],
    ['名称', story.title, '', ''],
    ['文号', '', '发布日期', d.published],
  ];
  const metaTable = `<table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0"><tbody>${metaRows
    .map(([k1, v1, k2, v2]) =>
      k2 === '' ? `<tr><th>${k1}：</th><td colspan="3">${esc(v1)}</td></tr>` : `<tr><th>${k1}：</th><td>${esc(v1)}</td><th>${k2}：</th><td>${esc(v2)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const prevTitle = `${a.name}${d.year - 1}年政府信息公开工作年度报告`;
  const footer = `<div class="footer"><p>主办：${esc(site)}办公室&nbsp;&nbsp;承办：${esc(site)}信息中心</p><p>网站标识码：${a.regionCode}0001&nbsp;&nbsp;<a href="https://beian.miit.gov.cn/" target="_blank">ICP备${rng.int(10000000, 99999999)}号</a>&nbsp;&nbsp;<img src="/images/ga.png" alt="" />公网安备 ${a.regionCode}02000${rng.int(100, 999)}号</p><p>联系电话：${a.phone}&nbsp;&nbsp;地址：${esc(a.address)}</p></div>`;
  const scripts = [
    '<script type="text/javascript">',
    `var shareTitle = "${esc(story.title)}";`,
    `var shareUrl = "${url}";`,
    'function doZoom(size){ document.getElementById("zoom").style.fontSize = size + "px"; }',
    'function printPage(){ window.print(); }',
    "var _hmt = _hmt || []; (function(){ var hm = document.createElement('script'); hm.src = '/js/stat.js'; document.body.appendChild(hm); })();",
    '</script>',
  ].join('\n');

  let page: string;
  if (!hanweb) {
    page = [
      ...head,
      '<body>',
      `<div class="header"><div class="logo"><a href="/"><img src="/images/site_logo.png" alt="${esc(site)}" /></a></div><div class="search"><form action="/search/" method="get"><input type="text" name="q" placeholder="请输入关键字" /><button type="submit">搜索</button></form></div></div>`,
      `<div class="nav"><ul>${nav.map((n, i) => `<li><a href="/${['', 'zwgk/', 'zwfw/', 'hdjl/', 'sjfb/', 'zjxx/'][i]}">${esc(n)}</a></li>`).join('')}</ul></div>`,
      `<div class="location">当前位置：${crumbs.map((c, i) => `<a href="${['/', '/zwgk/', '/zwgk/zfxxgk/', './'][i]}">${c}</a>`).join(' &gt; ')}</div>`,
      `<div class="xxgk_meta">${metaTable}</div>`,
      '<div class="article">',
      `<h1 class="article_title">${esc(story.title)}</h1>`,
      `<div class="article_info"><span>发布时间：${d.published} ${time}</span><span>来源：${esc(a.name)}</span><span>浏览次数：<script>document.write(Math.floor(Math.random()*1000));</script></span><span class="zoom">字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></span></div>`,
      `<div class="article_content" id="zoom"><div class="TRS_Editor">${body.join('\n')}</div></div>`,
      '<div class="article_tools"><span>分享到：<a href="javascript:;" class="wx">微信</a> <a href="javascript:;" class="wb">微博</a></span><a href="javascript:printPage()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>',
      `<div class="related"><h3>相关信息</h3><ul><li><a href="../${String(d.year).slice(0, 4)}01/t${d.year}0115_${docId - rng.int(100, 900)}.html">${esc(prevTitle)}</a></li><li><a href="/zwgk/zfxxgk/zfxxgkzn/">政府信息公开指南</a></li></ul></div>`,
      '</div>',
      footer,
      scripts,
      '</body>',
      '</html>',
    ].join('\n');
  } else {
    page = [
      ...head,
      '<BODY topmargin="0" leftmargin="0">',
      `<TABLE width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><TR><TD><img src="/images/banner.jpg" width="1000" height="160" alt="${esc(site)}"></TD></TR></TABLE>`,
      `<TABLE width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="nav"><TR>${nav.map((n) => `<TD align="center"><a href="/col/col${rng.int(1000, 9999)}/index.html">${esc(n)}</a></TD>`).join('')}</TR></TABLE>`,
      `<TABLE width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><TR><TD class="bt_link">您当前所在的位置：${crumbs.map((c) => `<a href="/col/col${rng.int(1000, 9999)}/index.html">${c}</a>`).join(' &gt;&gt; ')}</TD></TR></TABLE>`,
      `<TABLE width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><TR><TD>${metaTable}</TD></TR>`,
      `<TR><TD align="center" class="title"><b>${esc(story.title)}</b></TD></TR>`,
      `<TR><TD align="center" class="date">发布日期：${d.published}&nbsp;&nbsp;信息来源：${esc(a.name)}&nbsp;&nbsp;<span id="hits"></span></TD></TR>`,
      `<TR><TD><div id="zoom">\n<!--ZJEG_RSS.content.begin--><meta name="ContentStart">${body.join('\n')}<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->\n</div></TD></TR>`,
      '<TR><TD align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</TD></TR></TABLE>',
      footer,
      scripts,
      '</BODY>',
      '</HTML>',
    ].join('\n');
  }
  const cut = page.indexOf(CUT);
  if (options.truncateAfter) {
    if (cut < 0) throw new Error(`truncateAfter: ${options.truncateAfter} is not printed`);
    // the download stopped in the middle of the next cell's start tag
    return page.slice(0, cut) + '<td valign="cen';
  }
  return page;
}

/** The page as bytes in its declared charset (UTF-8, or GBK with the charset only in `<meta>`). */
export function renderHtmlBytes(printed: PrintedReport, options: HtmlOptions = {}): Uint8Array {
  const html = renderHtml(printed, options);
  return options.charset === 'gbk' ? encodeGbk(html) : new TextEncoder().encode(html);
}
