import { encodeGbk } from './gbk.ts';
import { chrome, PDF_BYTES, reportBody, reportTitle } from './pages.ts';
import type { TestSite } from './server.ts';

export interface BuiltSite {
  entry: string;
  reports: string[];
  attachments: string[];
  /** URLs that must never be requested (robots Disallow) */
  forbidden: string[];
}

const COLUMN = '/zfxxgk/zfxxgknb/';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function articlePath(i: number): string {
  const day = String((i % 27) + 1).padStart(2, '0');
  return `2024${String((i % 12) + 1).padStart(2, '0')}/t202401${day}_${1000 + i}.html`;
}

/**
 * A TRS WCM column: GBK pages whose charset is declared only in <meta> (header says plain
 * text/html), `index.html`, `index_1.html`… with createPageHTML paging, attachments linked both in
 * the body and in the article script's `apps` array, robots.txt with Disallow and Crawl-delay.
 */
export function buildTrsSite(site: TestSite, options: { reports: number; perPage: number; crawlDelay?: number; newest?: number }): BuiltSite {
  const built: BuiltSite = { entry: site.url(COLUMN), reports: [], attachments: [], forbidden: [] };
  site.route('/robots.txt', {
    body: `User-agent: *\nDisallow: ${COLUMN}private/\n${options.crawlDelay ? `Crawl-delay: ${options.crawlDelay}\n` : ''}`,
    contentType: 'text/plain',
  });
  const gbk = (html: string) => ({ body: encodeGbk(html), contentType: 'text/html' });
  // Newest first: `newest` extra reports (ids 2000+) are published on top and push the rest down.
  const order = [...Array.from({ length: options.newest ?? 0 }, (_, k) => 1000 + k), ...Array.from({ length: options.reports }, (_, k) => k)];
  const pages = Math.ceil(order.length / options.perPage);
  for (let page = 0; page < pages; page++) {
    const items: string[] = [];
    for (const i of order.slice(page * options.perPage, (page + 1) * options.perPage)) {
      const year = 2024 - (i % 6);
      const title = reportTitle(i, year);
      const path = articlePath(i);
      items.push(`<li><a href="./${path}" title="${title}">${title.slice(0, 18)}…</a><span>2024-01-${String((i % 27) + 1).padStart(2, '0')}</span></li>`);
      built.reports.push(site.url(COLUMN + path));
      const folder = path.replace(/[^/]*$/, '');
      let extra = '';
      if (i % 3 === 0) {
        extra = `<p>附件：<a href="./P0202401${1000 + i}.pdf">${title}.pdf</a></p>`;
        site.route(`${COLUMN}${folder}P0202401${1000 + i}.pdf`, { body: PDF_BYTES(title), contentType: 'application/pdf' });
        built.attachments.push(site.url(`${COLUMN}${folder}P0202401${1000 + i}.pdf`));
      } else if (i % 3 === 1) {
        // Word attachments listed only in the article script: DOCX, or a binary .doc every other time.
        const word = i % 2 === 0 ? { ext: 'doc', body: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, i]), type: 'application/msword' } : { ext: 'docx', body: Buffer.from(`PK\u0003\u0004 docx ${i}`), type: DOCX };
        extra = `<script>var apps = [{name:"原件.${word.ext}", url:"./P0202401${1000 + i}.${word.ext}"}];</script>`;
        site.route(`${COLUMN}${folder}P0202401${1000 + i}.${word.ext}`, { body: word.body, contentType: word.type });
        built.attachments.push(site.url(`${COLUMN}${folder}P0202401${1000 + i}.${word.ext}`));
      }
      site.route(COLUMN + path, gbk(chrome('gb2312', reportBody(title, extra), title)));
    }
    if (page === 0) {
      // A disallowed report: listed like the others, never to be fetched.
      items.push(`<li><a href="./private/202401/t20240101_9999.html">示范县保密局2023年政府信息公开工作年度报告</a></li>`);
      built.forbidden.push(site.url(`${COLUMN}private/202401/t20240101_9999.html`));
      site.route(`${COLUMN}private/202401/t20240101_9999.html`, gbk(chrome('gb2312', reportBody('secret'))));
    }
    // Odd pages use the template that defines createPageHTML inline and passes it variables.
    const paging =
      page % 2 === 0
        ? `createPageHTML(${pages}, ${page}, "index", "html");`
        : `var currentPage = ${page};//所在页从0开始\nvar countPage = ${pages}//共多少页\nfunction createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {}\ncreatePageHTML(countPage, currentPage, "index", "html");`;
    const html = chrome('gb2312', `<ul class="list">${items.join('\n')}</ul><div class="page"><script>${paging}</script></div>`);
    site.route(page === 0 ? `${COLUMN}index.html` : `${COLUMN}index_${page}.html`, gbk(html));
    if (page === 0) site.route(COLUMN, gbk(html));
  }
  return built;
}
