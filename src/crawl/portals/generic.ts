import { anchors, attachmentLinks, dedupeByUrl, looksLikeAnnualReport, anchorTitle, toReportLink } from './links.ts';
import { nextPageAnchor, trsNextPage } from './paging.ts';
import type { ListDiscovery, Page, PortalAdapter, ReportDiscovery } from './types.ts';

/**
 * Any column page: follows links whose text or title looks like an annual report (a year plus
 * 年报 / 年度报告), outside navigation, header and footer. Pages on with TRS `createPageHTML` or a
 * 下一页 link.
 */
export function parseGenericList(page: Page): ListDiscovery {
  const all = anchors(page.text, page.url);
  const items = all.filter((a) => !a.inChrome && looksLikeAnnualReport(anchorTitle(a))).map(toReportLink);
  const next = trsNextPage(page.text, page.url) ?? nextPageAnchor(all);
  return { items: dedupeByUrl(items), next: next ? [next] : [], follow: [] };
}

export function parseGenericReport(page: Page): ReportDiscovery {
  return { isReport: true, links: attachmentLinks(page.text, page.url) };
}

export const genericAdapter: PortalAdapter = {
  name: 'generic',
  seeds: (entry) => [{ url: entry, kind: 'list' }],
  parseList: parseGenericList,
  parseReport: parseGenericReport,
};
