/** Page templates shared by the imitation portals: header/nav/footer chrome around a body. */

export const AGENCIES = ['县人民政府办公室', '县教育局', '县财政局', '县卫生健康委员会', '县自然资源局', '县交通运输局', '县民政局'];

export function reportTitle(i: number, year: number): string {
  return `示范县${AGENCIES[i % AGENCIES.length]}${year}年政府信息公开工作年度报告`;
}

/** Chrome that a discovery adapter must ignore, including a report-looking link in the nav. */
export function chrome(charsetMeta: string | null, body: string, title = '政府信息公开年报'): string {
  return `<!DOCTYPE html>
<html><head>${charsetMeta ? `<meta http-equiv="Content-Type" content="text/html; charset=${charsetMeta}">` : '<meta charset="utf-8">'}
<title>${title}</title></head>
<body>
<div class="header"><a href="/">首页</a>
  <ul class="nav"><li><a href="/zfxxgk/">政府信息公开</a></li>
  <li><a href="/jdhy/202301/t20230105_1.html" title="2022年政府信息公开工作年度报告解读">2022年政府信息公开工作年度报告解读</a></li></ul>
</div>
<div class="main">${body}</div>
<div class="footer"><a href="https://www.gov.cn/">中国政府网</a> <a href="http://www.haose21.com/x.html">友情链接</a></div>
</body></html>`;
}

/** A report body with the first rows of table 3, long enough to count as a report. */
export function reportBody(title: string, extra = ''): string {
  return `<h1>${title}</h1>
<div class="TRS_Editor"><p>本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。</p>
<table border="1"><tr><td>一、本年新收政府信息公开申请数量</td><td>12</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>12</td></tr>
<tr><td>二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table>
${extra}</div>`;
}

export const PDF_BYTES = (name: string) => Buffer.from(`%PDF-1.4\n% ${name}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
