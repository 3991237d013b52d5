import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGenericList, parseGenericReport } from '../../src/crawl/portals/generic.ts';
import { findReportCategory, findSid, parseGkmlptList } from '../../src/crawl/portals/gkmlpt.ts';
import { findHanwebIds, parseHanwebList } from '../../src/crawl/portals/hanweb.ts';
import { anchors, looksLikeAnnualReport, reportYear } from '../../src/crawl/portals/links.ts';
import { nextPageAnchor, parseCreatePageHtml, trsNextPage } from '../../src/crawl/portals/paging.ts';
import { parseTrsList } from '../../src/crawl/portals/trs.ts';
import { PORTAL_ADAPTERS } from '../../src/crawl/portals/registry.ts';
import { parseZhejiangReport } from '../../src/crawl/portals/zhejiang.ts';

// The real listing page lives in the shared corpus (never copied into the repo).
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/real/', import.meta.url));
const LISTING = `${CORPUS}html/pingtan-zfxxgknb-list.index.html`;
const EXPECTED = `${CORPUS}expected/html/pingtan-zfxxgknb-list.index.html.links.json`;

describe.skipIf(!existsSync(LISTING) || !existsSync(EXPECTED))('real pingtan 政府信息公开年报 column page', () => {
  const text = existsSync(LISTING) ? readFileSync(LISTING, 'utf8') : '';
  const expected = existsSync(EXPECTED) ? (JSON.parse(readFileSync(EXPECTED, 'utf8')) as { base_url: string; reports: { url: string; title: string; year: number; date: string }[] }) : null;

  for (const [name, parse] of [['trs', parseTrsList], ['generic', parseGenericList]] as const) {
    it(`${name} adapter returns exactly the 10 static report links, in page order`, () => {
      const found = parse({ url: expected!.base_url, text });
      expect(found.items.map((i) => ({ url: i.url, title: i.title, year: i.year, date: i.date }))).toEqual(
        expected!.reports.map((r) => ({ url: r.url, title: r.title, year: r.year, date: r.date })),
      );
      expect(found.items.every((i) => i.kind === 'report')).toBe(true);
      expect(found.next).toEqual([]); // no static page 2 exists (the rest is JS-only)
    });
  }
});

describe('report titles', () => {
  it.each([
    ['平潭综合实验区2025年度政府信息公开工作年度报告', 2025],
    ['偃师区住房和城乡建设局2023 年政府信息公开工作年度报告', 2023],
    ['2012年政务信息公开年度报告', 2012],
    ['市教育局2019年信息公开年报', 2019],
  ])('%s → %i', (title, year) => {
    expect(reportYear(title)).toBe(year);
    expect(looksLikeAnnualReport(title)).toBe(true);
  });

  it.each(['政府信息公开年报', '2023年政府工作报告', '关于2023年度部门预算的公告'])('%s is not an annual report', (title) => {
    expect(looksLikeAnnualReport(title)).toBe(false);
  });
});

describe('TRS paging', () => {
  it('reads createPageHTML in both signatures', () => {
    expect(parseCreatePageHtml('createPageHTML(5, 0, "index", "html");')).toEqual({ total: 5, current: 0, prefix: 'index', ext: 'html' });
    expect(parseCreatePageHtml("createPageHTML('page_div',7, 2,'index','shtml',140);")).toEqual({ total: 7, current: 2, prefix: 'index', ext: 'shtml' });
  });

  it('skips an inline definition of createPageHTML and resolves the variables its call passes', () => {
    const page = `<script>
      var currentPage = 2;//所在页从0开始
      var countPage = 8//共多少页
      function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
        if (_nPageCount == null || _nPageCount <= 1) return;
      }
      createPageHTML(countPage, currentPage, "index", "shtml");
    </script>`;
    expect(parseCreatePageHtml(page)).toEqual({ total: 8, current: 2, prefix: 'index', ext: 'shtml' });
    expect(trsNextPage(page, 'http://a.gov.cn/zfxxgknb/index_2.shtml')).toBe('http://a.gov.cn/zfxxgknb/index_3.shtml');
  });

  it('finds no paging in a definition alone, or when a variable is never set', () => {
    expect(parseCreatePageHtml('function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {}')).toBeNull();
    expect(parseCreatePageHtml('var pages = total.countPage; createPageHTML(countPage, 0, "index", "html");')).toBeNull();
  });

  it.each(['下一页', '[下一页]', '下一页 >>', '【下一页】', '下一頁', 'Next', '>'])('follows a next-page anchor labelled %s', (label) => {
    const page = `<a href="list_1.html">首页</a><a href="list_3.html">${label}</a><a href="list_9.html">尾页</a>`;
    expect(nextPageAnchor(anchors(page, 'http://a.gov.cn/col/list_2.html'))).toBe('http://a.gov.cn/col/list_3.html');
  });

  it('follows an image anchor titled 下一页, and no 上一页, 尾页 or >> anchor', () => {
    expect(nextPageAnchor(anchors('<a href="p3.html" title="下一页"><img src="next.gif"></a>', 'http://a.gov.cn/p2.html'))).toBe('http://a.gov.cn/p3.html');
    expect(nextPageAnchor(anchors('<a href="p1.html">上一页</a><a href="p9.html">尾页</a><a href="p9.html">>></a>', 'http://a.gov.cn/p2.html'))).toBeNull();
  });

  it('links the next page and stops at the last', () => {
    expect(trsNextPage('createPageHTML(3, 1, "index", "shtml")', 'http://a.gov.cn/zfxxgk/zfxxgknb/index_1.shtml')).toBe('http://a.gov.cn/zfxxgk/zfxxgknb/index_2.shtml');
    expect(trsNextPage('createPageHTML(3, 2, "index", "shtml")', 'http://a.gov.cn/zfxxgk/zfxxgknb/index_2.shtml')).toBeNull();
  });

  it('excludes report-looking links in navigation and footer, keeps in-column TRS articles', () => {
    const html = `<div class="nav"><a href="/jd/202301/t20230101_1.html">2022年政府信息公开工作年度报告解读</a></div>
      <ul class="list"><li><a href="./202401/t20240115_77.html">XX局年度报告（无年份标题）</a></li>
      <li><a href="/other/202401/t20240115_78.html">其他栏目新闻</a></li></ul>
      <div class="footer"><a href="http://x.gov.cn/2023年政府信息公开工作年度报告.html">2023年政府信息公开工作年度报告</a></div>`;
    const found = parseTrsList({ url: 'http://a.gov.cn/zfxxgk/zfxxgknb/', text: html });
    expect(found.items.map((i) => i.url)).toEqual(['http://a.gov.cn/zfxxgk/zfxxgknb/202401/t20240115_77.html']);
  });
});

describe('Hanweb', () => {
  const column = `<div id="7143966"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3487&path=/&columnid=1229214366&unitid=7143966"></a>]]></nextgroup>
    <recordset><record><![CDATA[<li><a href="/art/2024/1/16/art_1229214366_86714.html" title="永嘉县2023年政府信息公开工作年度报告">永嘉县2023年…</a><span>2024-01-16</span></li>]]></record></recordset></datastore></script></div>
    <script>$('#7143966').jpage({ perPage: 15, totalRecord: 40 })</script>`;

  it('finds the endpoint ids in the column page scripts', () => {
    expect(findHanwebIds(column, 'http://www.yj.gov.cn/col/col1229214366/index.html')).toEqual({ columnid: '1229214366', unitid: '7143966', webid: '3487', perpage: 15, totalRecord: 40 });
  });

  it('reads embedded records and continues at the dataproxy endpoint', () => {
    const found = parseHanwebList({ url: 'http://www.yj.gov.cn/col/col1229214366/index.html', text: column });
    expect(found.items.map((i) => [i.url, i.year, i.date])).toEqual([['http://www.yj.gov.cn/art/2024/1/16/art_1229214366_86714.html', 2023, '2024-01-16']]);
    const next = new URL(found.next[0]!);
    expect(next.pathname).toBe('/module/web/jpage/dataproxy.jsp');
    expect(Object.fromEntries(['startrecord', 'endrecord', 'perpage', 'columnid', 'unitid', 'webid'].map((k) => [k, next.searchParams.get(k)]))).toEqual({
      startrecord: '2', endrecord: '46', perpage: '15', columnid: '1229214366', unitid: '7143966', webid: '3487',
    });
  });

  it('pages the XML endpoint until totalrecord', () => {
    const xml = (n: number) => `<datastore><totalrecord>50</totalrecord><recordset>${Array.from({ length: n }, (_, i) => `<record><![CDATA[<li><a href="/art/2023/1/1/art_1_${i}.html">2022年年报${i}</a></li>]]></record>`).join('')}</recordset></datastore>`;
    const first = parseHanwebList({ url: 'http://h.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&columnid=1&unitid=2&webid=3', text: xml(45) });
    expect(first.items).toHaveLength(45);
    expect(new URL(first.next[0]!).searchParams.get('startrecord')).toBe('46');
    const last = parseHanwebList({ url: first.next[0]!, text: xml(5) });
    expect(last.next).toEqual([]);
  });
});

describe('gkmlpt', () => {
  const shell = `<script>var SID = '755001'; window.CATEGORIES=[{"id":2150,"name":"政策文件"},{"id":2155,"name":"政府信息公开年报"}]</script>`;
  it('finds SID and the annual-report category, or takes the category from #fragment', () => {
    expect(findSid(shell)).toBe('755001');
    expect(findReportCategory(shell)).toBe('2155');
    expect(parseGkmlptList({ url: 'http://www.xuwen.gov.cn/gkmlpt/index', text: shell }).follow).toEqual(['http://www.xuwen.gov.cn/gkmlpt/api/all/2155?page=1&sid=755001']);
    expect(parseGkmlptList({ url: 'http://www.xuwen.gov.cn/gkmlpt/index#3001', text: shell }).follow).toEqual(['http://www.xuwen.gov.cn/gkmlpt/api/all/3001?page=1&sid=755001']);
  });

  it('reads articles and pages by total', () => {
    const api = JSON.stringify({ total: 25, articles: [{ title: '徐闻县2023年政府信息公开工作年度报告', url: 'http://www.xuwen.gov.cn/gkmlpt/content/2/2155/post_2155421.html', create_time: 1705305600 }] });
    const found = parseGkmlptList({ url: 'http://www.xuwen.gov.cn/gkmlpt/api/all/2155?page=1&sid=755001', text: api });
    expect(found.items).toEqual([{ url: 'http://www.xuwen.gov.cn/gkmlpt/content/2/2155/post_2155421.html', kind: 'report', title: '徐闻县2023年政府信息公开工作年度报告', year: 2023, date: '2024-01-15' }]);
    expect(found.next).toEqual(['http://www.xuwen.gov.cn/gkmlpt/api/all/2155?page=2&sid=755001']);
    expect(parseGkmlptList({ url: 'http://www.xuwen.gov.cn/gkmlpt/api/all/2155?page=9&sid=1', text: '{"total":25,"articles":[]}' }).next).toEqual([]);
    expect(parseGkmlptList({ url: 'http://www.xuwen.gov.cn/gkmlpt/api/all/2155?page=1&sid=1', text: '<html>error</html>' }).items).toEqual([]);
  });
});

describe('Zhejiang annual-report renderer', () => {
  it('enumerates one report URL per year', () => {
    const seeds = PORTAL_ADAPTERS.zhejiang.seeds('http://www.wenzhou.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=001008003015001&fbtime=2022', { years: { from: 2021, to: 2023 } });
    expect(seeds.map((s) => [new URL(s.url).searchParams.get('fbtime'), s.kind, s.year])).toEqual([['2023', 'report', 2023], ['2022', 'report', 2022], ['2021', 'report', 2021]]);
  });

  it('treats the 暂无 shell as no report', () => {
    expect(parseZhejiangReport({ url: 'http://z.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=1&fbtime=2019', text: '<html><body>暂无年报信息</body></html>' }).isReport).toBe(false);
  });
});

describe('report page attachments', () => {
  it('finds pdf/doc/wps/ofd links, download servlets, viewer ?file= and script-listed files, not bare names', () => {
    const html = `<div class="article">
      <a href="./P020240115.pdf">全文</a> <a href="./P020240115.doc">Word版</a> <a href="/u/cms/1.WPS">WPS版</a> <a href="/module/download/downfile.jsp?classid=0&filename=abc.docx">下载</a>
      <a href="/pdfjs/web/viewer.html?file=/files/report.ofd">在线阅读</a> <a href="./other.html">相关</a></div>
      <script>var apps=[{name:"原件.pdf",url:"http://a.gov.cn/c/202401/P0202401.xlsx"}];</script>`;
    const found = parseGenericReport({ url: 'http://a.gov.cn/c/202401/t20240115_1.html', text: html });
    expect(found.links.map((l) => l.url)).toEqual([
      'http://a.gov.cn/c/202401/P020240115.pdf',
      'http://a.gov.cn/c/202401/P020240115.doc',
      'http://a.gov.cn/u/cms/1.WPS',
      'http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=abc.docx',
      'http://a.gov.cn/files/report.ofd',
      'http://a.gov.cn/c/202401/P0202401.xlsx',
    ]);
    expect(found.links.every((l) => l.kind === 'attachment')).toBe(true);
  });
});
