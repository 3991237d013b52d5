import * as cheerio from 'cheerio';
import { anchors, attachmentLinks, collapse, dedupeByUrl } from './links.ts';
import type { DiscoveredLink, ListDiscovery, Page, PortalAdapter, ReportDiscovery, SeedContext } from './types.ts';

/**
 * Zhejiang Hanweb 信息公开 module: `/module/xxgk/xxgkAnnualReport.jsp?area=<unit>&fbtime=<year>`
 * renders one agency's report for one reporting year (spec §9.2). Reports are enumerated by
 * year rather than discovered from a list; a rendered page may also link other units' or
 * years' renderer pages, which are followed as reports.
 */
const RENDERER = 'xxgkAnnualReport.jsp';

export function isRendererUrl(url: URL): boolean {
  return url.pathname.endsWith(`/${RENDERER}`) && url.searchParams.has('area');
}

export function rendererUrl(entry: string, year: number): string {
  const url = new URL(entry);
  url.searchParams.set('fbtime', String(year));
  return url.toString();
}

function seeds(entry: string, context: SeedContext): DiscoveredLink[] {
  const url = new URL(entry);
  if (!isRendererUrl(url)) return [{ url: entry, kind: 'list' }];
  const out: DiscoveredLink[] = [];
  for (let year = context.years.to; year >= context.years.from; year--) out.push({ url: rendererUrl(entry, year), kind: 'report', year });
  return out;
}

function rendererLinks(page: Page): DiscoveredLink[] {
  const links: DiscoveredLink[] = [];
  for (const a of anchors(page.text, page.url)) {
    if (!isRendererUrl(a.url)) continue;
    const fbtime = Number(a.url.searchParams.get('fbtime'));
    links.push({ url: a.url.toString(), kind: 'report', title: a.title ?? a.text, year: Number.isInteger(fbtime) && fbtime > 0 ? fbtime : null });
  }
  return links;
}

/** The renderer answers a year without a report with a short "暂无" page instead of a 404. */
const EMPTY_MARKERS = /暂无|没有找到|无相关|未发布/;
const MIN_REPORT_CHARS = 200;

export function parseZhejiangReport(page: Page): ReportDiscovery {
  const $ = cheerio.load(page.text);
  $('script, style').remove();
  const text = collapse($('body').text());
  const isReport = text.length >= MIN_REPORT_CHARS || (!EMPTY_MARKERS.test(text) && text.length > 0 && /年度报告|年报/.test(text));
  const links = dedupeByUrl([...attachmentLinks(page.text, page.url), ...rendererLinks(page).filter((l) => l.url !== page.url)]);
  return { isReport, links };
}

export const zhejiangAdapter: PortalAdapter = {
  name: 'zhejiang',
  seeds,
  parseList: (page): ListDiscovery => ({ items: rendererLinks(page), next: [], follow: [] }),
  parseReport: parseZhejiangReport,
};
