import { chrome, PDF_BYTES, reportBody, reportTitle } from './pages.ts';
import { serveResource, type TestSite } from './server.ts';
import type { BuiltSite } from './trs-site.ts';

const COLUMN_ID = '1229214366';
const UNIT_ID = '7143966';
const WEB_ID = '3487';

/**
 * A Hanweb JCMS column: the column page embeds the first jpage group (perPage × 3 records) in a
 * `<script type="text/xml">` datastore; the rest comes from dataproxy.jsp as XML. Attachments go
 * through the download servlet (`downfile.jsp?filename=….pdf`).
 */
export function buildHanwebSite(site: TestSite, options: { reports: number; perPage: number }): BuiltSite {
  const column = `/col/col${COLUMN_ID}/index.html`;
  const built: BuiltSite = { entry: site.url(column), reports: [], attachments: [], forbidden: [] };
  site.route('/robots.txt', { body: 'User-agent: *\nDisallow: /module/search/\n', contentType: 'text/plain' });
  const records: string[] = [];
  for (let i = 0; i < options.reports; i++) {
    const year = 2024 - (i % 5);
    const title = reportTitle(i + 3, year);
    const path = `/art/2024/1/${(i % 28) + 1}/art_${COLUMN_ID}_${86700 + i}.html`;
    records.push(`<li><a href="${path}" title="${title}" target="_blank">${title}</a><span>2024-01-${String((i % 28) + 1).padStart(2, '0')}</span></li>`);
    built.reports.push(site.url(path));
    const file = `/module/download/downfile.jsp?classid=0&filename=${(0x1a2b00 + i).toString(16)}.pdf`;
    site.route(file, { body: PDF_BYTES(title), contentType: 'application/octet-stream' });
    built.attachments.push(site.url(file));
    site.route(path, { body: chrome(null, reportBody(title, `<p>附件：<a href="${file}">${title}（PDF）</a></p>`), title), contentType: 'text/html; charset=UTF-8' });
  }
  const group = options.perPage * 3;
  const recordXml = (slice: string[]) => slice.map((r) => `<record><![CDATA[\n${r}\n]]></record>`).join('\n');
  const page = chrome(
    null,
    `<div class="bt-box">政府信息公开年报</div>
<div id="${UNIT_ID}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=${WEB_ID}&path=/&columnid=${COLUMN_ID}&unitid=${UNIT_ID}&webname=%E7%A4%BA%E8%8C%83%E5%8E%BF&permissiontype=0"></a>]]></nextgroup>
<recordset>${recordXml(records.slice(0, group))}</recordset></datastore></script></div>
<script type="text/javascript">$(document).ready(function(){ $('#${UNIT_ID}').jpage({ dataStore: dataStore, perPage: ${options.perPage}, totalRecord: ${records.length}, proxyUrl: '/module/web/jpage/dataproxy.jsp', webid: '${WEB_ID}', columnid: '${COLUMN_ID}' }); });</script>`,
  );
  site.route(column, { body: page, contentType: 'text/html; charset=UTF-8' });
  site.route('/module/web/jpage/dataproxy.jsp', (req, res) => {
    const q = new URL(req.url!, site.origin).searchParams;
    if (q.get('columnid') !== COLUMN_ID || q.get('unitid') !== UNIT_ID || q.get('webid') !== WEB_ID) {
      res.writeHead(400).end('bad parameters');
      return;
    }
    const start = Number(q.get('startrecord'));
    const end = Number(q.get('endrecord'));
    const xml = `<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>${records.length}</totalrecord><totalpage>${Math.ceil(records.length / options.perPage)}</totalpage><recordset>${recordXml(records.slice(start - 1, end))}</recordset></datastore>`;
    serveResource(req, res, { body: xml, contentType: 'text/xml;charset=UTF-8' });
  });
  return built;
}
