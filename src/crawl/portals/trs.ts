import { anchors, anchorTitle, dedupeByUrl, looksLikeAnnualReport, toReportLink, type Anchor } from './links.ts';
import { parseGenericReport } from './generic.ts';
import { nextPageAnchor, trsNextPage } from './paging.ts';
import type { ListDiscovery, Page, PortalAdapter } from './types.ts';

/** TRS WCM article URLs: `…/YYYYMM/tYYYYMMDD_<id>.shtml|html|htm` (spec §9.2). */
const TRS_ARTICLE_RE = /\/\d{6}\/t\d{8}_\d+\.s?html?$/i;

/** The column folder of a list page: `…/zfxxgknb/index_3.html` → `…/zfxxgknb/`. */
export function columnFolder(pageUrl: string): string {
  const url = new URL(pageUrl);
  return url.pathname.replace(/[^/]*$/, '');
}

/**
 * TRS column pages: an annual-report column lists only reports, so every TRS article under the
 * column folder counts even when its title lacks a year; report-like titles elsewhere on the page
 * count too. Chrome (navigation, footer) never does.
 */
export function parseTrsList(page: Page): ListDiscovery {
  const folder = columnFolder(page.url);
  const host = new URL(page.url).host;
  const inColumn = (a: Anchor) => a.url.host === host && a.url.pathname.startsWith(folder) && TRS_ARTICLE_RE.test(a.url.pathname);
  const all = anchors(page.text, page.url);
  const items = all.filter((a) => !a.inChrome && (inColumn(a) || looksLikeAnnualReport(anchorTitle(a)))).map(toReportLink);
  const next = trsNextPage(page.text, page.url) ?? nextPageAnchor(all);
  return { items: dedupeByUrl(items), next: next ? [next] : [], follow: [] };
}

export const trsAdapter: PortalAdapter = {
  name: 'trs',
  seeds: (entry) => [{ url: entry, kind: 'list' }],
  parseList: parseTrsList,
  parseReport: parseGenericReport,
};
