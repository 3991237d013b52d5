import { chrome, PDF_BYTES, reportBody, reportTitle } from './pages.ts';
import { serveResource, type TestSite } from './server.ts';
import type { BuiltSite } from './trs-site.ts';

const SID = '755001';
const CAT_ID = 2155;

/**
 * A Guangdong gkmlpt site: a hash-routed UI shell embedding SID and its category tree, the JSON
 * list API, article pages `/gkmlpt/content/2/2155/post_<id>.html` with a PDF attachment.
 * Served over plain HTTP, like several real gkmlpt sites.
 */
export function buildGkmlptSite(site: TestSite, options: { reports: number; perPage: number }): BuiltSite {
  const built: BuiltSite = { entry: site.url('/gkmlpt/index'), reports: [], attachments: [], forbidden: [] };
  const articles: { title: string; url: string; create_time: number }[] = [];
  for (let i = 0; i < options.reports; i++) {
    const id = 2155400 + i;
    const title = reportTitle(i + 1, 2024 - (i % 4));
    const path = `/gkmlpt/content/2/2155/post_${id}.html`;
    const pdf = `/attachment/0/512/512${i}/${id}.pdf`;
    articles.push({ title, url: site.url(path), create_time: 1705305600 + i * 86400 });
    built.reports.push(site.url(path));
    built.attachments.push(site.url(pdf));
    site.route(path, { body: chrome(null, reportBody(title, `<div class="attachment"><a href="${pdf}">${title}.pdf</a></div>`), title), contentType: 'text/html; charset=utf-8' });
    site.route(pdf, { body: PDF_BYTES(title), contentType: 'application/pdf' });
  }
  site.route('/gkmlpt/index', {
    body: chrome(
      null,
      `<div id="app"></div><script>var SID = '${SID}'; window.CATEGORIES = [{"id":2150,"name":"政策文件","parent":0},{"id":${CAT_ID},"name":"政府信息公开年报","parent":0}];</script><script src="/gkmlpt/static/app.js"></script>`,
    ),
    contentType: 'text/html; charset=utf-8',
  });
  site.route(`/gkmlpt/api/all/${CAT_ID}`, (req, res) => {
    const q = new URL(req.url!, site.origin).searchParams;
    if (q.get('sid') !== SID) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"sid"}');
      return;
    }
    const page = Number(q.get('page') ?? 1);
    const slice = articles.slice((page - 1) * options.perPage, page * options.perPage);
    serveResource(req, res, { body: JSON.stringify({ total: articles.length, articles: slice }), contentType: 'application/json;charset=UTF-8' });
  });
  return built;
}
