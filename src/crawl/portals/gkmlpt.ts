import { z } from 'zod';
import { isAttachmentUrl, resolveHttpUrl } from '../url.ts';
import { reportYear } from './links.ts';
import { parseGenericReport } from './generic.ts';
import type { DiscoveredLink, ListDiscovery, Page, PortalAdapter } from './types.ts';

/**
 * Guangdong 政府信息公开目录平台 (gkmlpt). The UI at `/gkmlpt/index#<catId>` is hash-routed and
 * embeds the site id (`SID`); its data is `/gkmlpt/api/all/<catId>?page=N&sid=<SID>` →
 * `{total, articles:[{title, url, create_time}]}`, the same on every Guangdong site (spec §9.2).
 * The registry entry may carry the annual-report category as the URL fragment; otherwise it is
 * looked up by name in the category data the page embeds.
 */
const API_RE = /\/gkmlpt\/api\/all\/(\d+)$/;

export function findSid(text: string): string | null {
  return /\bSID\s*[:=]\s*['"]?([\w-]+)['"]?/.exec(text)?.[1] ?? null;
}

/** Category whose name is an annual-report column, from embedded `{"id":…,"name":"…年报"}` data. */
export function findReportCategory(text: string): string | null {
  const objects = text.match(/\{[^{}]*"name"\s*:\s*"[^"]*"[^{}]*\}/g) ?? [];
  for (const obj of objects) {
    const name = /"name"\s*:\s*"([^"]*)"/.exec(obj)?.[1] ?? '';
    const id = /"id"\s*:\s*"?(\d+)/.exec(obj)?.[1];
    if (id && /年报|年度报告/.test(name)) return id;
  }
  return null;
}

export function gkmlptApiUrl(origin: string, catId: string, sid: string, page: number): string {
  return `${origin}/gkmlpt/api/all/${catId}?page=${page}&sid=${encodeURIComponent(sid)}`;
}

const ApiSchema = z.object({
  total: z.coerce.number().optional(),
  articles: z.array(z.object({ title: z.string().default(''), url: z.string(), create_time: z.union([z.number(), z.string()]).optional() }).loose()).default([]),
}).loose();

function createDate(value: number | string | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    const n = Number(value);
    return new Date(n > 1e12 ? n : n * 1000).toISOString().slice(0, 10);
  }
  return /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] ?? null;
}

function parseApiPage(page: Page, url: URL): ListDiscovery {
  let json: unknown;
  try {
    json = JSON.parse(page.text);
  } catch {
    return { items: [], next: [], follow: [] };
  }
  const parsed = ApiSchema.safeParse(json);
  if (!parsed.success) return { items: [], next: [], follow: [] };
  const { articles, total } = parsed.data;
  const items: DiscoveredLink[] = [];
  for (const article of articles) {
    const target = resolveHttpUrl(article.url, page.url);
    if (!target) continue;
    items.push({ url: target.toString(), kind: isAttachmentUrl(target) ? 'attachment' : 'report', title: article.title, year: reportYear(article.title), date: createDate(article.create_time) });
  }
  const pageNo = Number(url.searchParams.get('page') ?? 1);
  // The API gives no page size; full pages are assumed, so the worst case is one empty page.
  const more = articles.length > 0 && (total === undefined || pageNo * articles.length < total);
  if (!more) return { items, next: [], follow: [] };
  const nextUrl = new URL(url);
  nextUrl.searchParams.set('page', String(pageNo + 1));
  return { items, next: [nextUrl.toString()], follow: [] };
}

export function parseGkmlptList(page: Page): ListDiscovery {
  const url = new URL(page.url);
  if (API_RE.test(url.pathname)) return parseApiPage(page, url);
  const sid = findSid(page.text);
  const catId = /^#(\d+)$/.exec(url.hash)?.[1] ?? findReportCategory(page.text);
  if (!sid || !catId) return { items: [], next: [], follow: [] };
  return { items: [], next: [], follow: [gkmlptApiUrl(url.origin, catId, sid, 1)] };
}

export const gkmlptAdapter: PortalAdapter = {
  name: 'gkmlpt',
  seeds: (entry) => [{ url: entry, kind: 'list' }],
  parseList: parseGkmlptList,
  parseReport: parseGenericReport,
};
