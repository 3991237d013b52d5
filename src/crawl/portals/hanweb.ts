import { anchors, anchorTitle, dedupeByUrl, looksLikeAnnualReport, toReportLink } from './links.ts';
import { parseGenericReport } from './generic.ts';
import type { DiscoveredLink, ListDiscovery, Page, PortalAdapter } from './types.ts';

/**
 * Hanweb (大汉) JCMS columns `/col/col<id>/index.html`. The list is rendered by the jpage script
 * from `/module/web/jpage/dataproxy.jsp` (XML `<datastore><recordset><record><![CDATA[<li>…]]>`);
 * the column page embeds the first group of records and the ids the endpoint needs
 * (columnid, unitid, webid) in its scripts. Static `index_1.html` paging often 404s (spec §9.2).
 * The endpoint is a POST in the browser; it answers GET with the same query parameters, which
 * keeps conditional GET and robots checks uniform.
 */
export const DATAPROXY_PATH = '/module/web/jpage/dataproxy.jsp';
const ARTICLE_RE = /\/art\/\d{4}\/\d{1,2}\/\d{1,2}\/art_\d+_\d+\.html?$/i;
/** jpage fetches three pages of records per request. */
const PAGES_PER_GROUP = 3;

export interface HanwebIds {
  columnid: string;
  unitid: string;
  webid: string;
  perpage: number;
  totalRecord: number | null;
}

function scriptValue(text: string, name: string): string | null {
  const m = new RegExp(`\\b${name}['"]?\\s*[:=]\\s*['"]?(\\d+)`, 'i').exec(text);
  return m?.[1] ?? null;
}

export function findHanwebIds(text: string, pageUrl: string): HanwebIds | null {
  const columnid = scriptValue(text, 'columnid') ?? /\/col\/col(\d+)\//.exec(pageUrl)?.[1] ?? null;
  // The jpage container is `<div id="<unitid>"><script type="text/xml">`.
  const unitid = scriptValue(text, 'unitid') ?? /<div[^>]+id=["']?(\d+)["']?[^>]*>\s*<script[^>]+text\/xml/i.exec(text)?.[1] ?? null;
  const webid = scriptValue(text, 'webid');
  if (!columnid || !unitid || !webid) return null;
  const total = scriptValue(text, 'totalRecord');
  return { columnid, unitid, webid, perpage: Number(scriptValue(text, 'perPage') ?? 15), totalRecord: total === null ? null : Number(total) };
}

export function dataproxyUrl(origin: string, ids: HanwebIds, startrecord: number): string {
  const url = new URL(DATAPROXY_PATH, origin);
  const endrecord = startrecord + ids.perpage * PAGES_PER_GROUP - 1;
  const params = { startrecord, endrecord, perpage: ids.perpage, col: 1, appid: 1, webid: ids.webid, path: '/', columnid: ids.columnid, sourceContentType: 1, unitid: ids.unitid, permissiontype: 0 };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
  return url.toString();
}

const RECORD_RE = /<record>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/gi;

function recordLinks(text: string, base: string): DiscoveredLink[] {
  const links: DiscoveredLink[] = [];
  for (const m of text.matchAll(RECORD_RE)) {
    for (const a of anchors(m[1]!, base)) {
      if (ARTICLE_RE.test(a.url.pathname) || looksLikeAnnualReport(anchorTitle(a))) links.push(toReportLink(a));
    }
  }
  return dedupeByUrl(links);
}

function countRecords(text: string): number {
  return [...text.matchAll(RECORD_RE)].length;
}

export function parseHanwebList(page: Page): ListDiscovery {
  const url = new URL(page.url);
  if (url.pathname.endsWith(DATAPROXY_PATH)) {
    const items = recordLinks(page.text, page.url);
    const end = Number(url.searchParams.get('endrecord') ?? 0);
    const start = Number(url.searchParams.get('startrecord') ?? 1);
    const total = Number(/<totalrecord>\s*(\d+)\s*<\/totalrecord>/i.exec(page.text)?.[1] ?? NaN);
    const groupFull = countRecords(page.text) >= end - start + 1;
    const more = Number.isFinite(total) ? end < total : groupFull;
    if (!more || countRecords(page.text) === 0) return { items, next: [], follow: [] };
    const nextUrl = new URL(url);
    const size = end - start + 1;
    nextUrl.searchParams.set('startrecord', String(end + 1));
    nextUrl.searchParams.set('endrecord', String(end + size));
    return { items, next: [nextUrl.toString()], follow: [] };
  }
  // Column page: embedded first group, then the endpoint for the rest.
  const items = recordLinks(page.text, page.url);
  const ids = findHanwebIds(page.text, page.url);
  if (!ids) {
    const fallback = anchors(page.text, page.url).filter((a) => !a.inChrome && looksLikeAnnualReport(anchorTitle(a))).map(toReportLink);
    return { items: dedupeByUrl([...items, ...fallback]), next: [], follow: [] };
  }
  const embedded = countRecords(page.text);
  if (embedded === 0) return { items, next: [], follow: [dataproxyUrl(url.origin, ids, 1)] };
  if (ids.totalRecord !== null && embedded >= ids.totalRecord) return { items, next: [], follow: [] };
  return { items, next: [dataproxyUrl(url.origin, ids, embedded + 1)], follow: [] };
}

export const hanwebAdapter: PortalAdapter = {
  name: 'hanweb',
  seeds: (entry) => [{ url: entry, kind: 'list' }],
  parseList: parseHanwebList,
  parseReport: parseGenericReport,
};
