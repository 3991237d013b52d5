import { chrome, PDF_BYTES, reportBody } from './pages.ts';
import { serveResource, type TestSite } from './server.ts';
import type { BuiltSite } from './trs-site.ts';

const RENDERER = '/module/xxgk/xxgkAnnualReport.jsp';
export const ZJ_AREA = '001008003015001';
const SUB_AREA = '001008003015002';

/**
 * The Zhejiang annual-report renderer: one page per unit (`area`) and year (`fbtime`); a year
 * without a report renders a short 暂无 page with status 200. The 2023 page links a sub-unit.
 */
export function buildZhejiangSite(site: TestSite, options: { years: number[]; emptyYears: number[] }): BuiltSite {
  const entry = site.url(`${RENDERER}?area=${ZJ_AREA}&fbtime=${options.years[0]}`);
  const built: BuiltSite = { entry, reports: [], attachments: [], forbidden: [] };
  const pages = new Map<string, string>();
  for (const year of options.years) {
    const title = `示范市人民政府${year}年政府信息公开工作年度报告`;
    let extra = '';
    if (year === 2022) {
      extra = `<a href="/module/xxgk/file/${year}.pdf">下载原文</a>`;
      site.route(`/module/xxgk/file/${year}.pdf`, { body: PDF_BYTES(title), contentType: 'application/pdf' });
      built.attachments.push(site.url(`/module/xxgk/file/${year}.pdf`));
    }
    if (year === 2023) extra += `<p>所属部门：<a href="${RENDERER}?area=${SUB_AREA}&fbtime=2023">示范市教育局</a></p>`;
    pages.set(`${ZJ_AREA}/${year}`, chrome(null, reportBody(title, extra), title));
    built.reports.push(site.url(`${RENDERER}?area=${ZJ_AREA}&fbtime=${year}`));
  }
  pages.set(`${SUB_AREA}/2023`, chrome(null, reportBody('示范市教育局2023年政府信息公开工作年度报告'), '年报'));
  built.reports.push(site.url(`${RENDERER}?area=${SUB_AREA}&fbtime=2023`));
  site.route(RENDERER, (req, res) => {
    const q = new URL(req.url!, site.origin).searchParams;
    const html = pages.get(`${q.get('area')}/${q.get('fbtime')}`) ?? '<html><body><div class="main">暂无年报信息</div></body></html>';
    serveResource(req, res, { body: html, contentType: 'text/html;charset=UTF-8' });
  });
  return built;
}
