import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { isAttachmentUrl, resolveHttpUrl, ATTACHMENT_EXTENSIONS } from '../url.ts';
import type { DiscoveredLink } from './types.ts';

/** Shared reading helpers for adapters. Pure. */

export interface Anchor {
  url: URL;
  href: string;
  text: string;
  title: string | null;
  /** inside header / navigation / footer / friend-links chrome */
  inChrome: boolean;
  date: string | null;
}

/** Class/id fragments of page chrome on TRS, Hanweb, gkmlpt and similar templates. */
const CHROME_RE = /header|footer|\bnav|navbar|navigation|menu|crumb|yqlj|friend|out_links|sidebar|toolbar|top_?bar|bottom/i;
const CHROME_TAGS = new Set(['header', 'nav', 'footer']);

function isChrome($: cheerio.CheerioAPI, el: Element): boolean {
  for (const node of [el, ...$(el).parents().toArray()] as Element[]) {
    if (CHROME_TAGS.has(node.tagName)) return true;
    const attrs = node.attribs ?? {};
    if (attrs['role'] === 'navigation') return true;
    if (CHROME_RE.test(`${attrs['class'] ?? ''} ${attrs['id'] ?? ''}`)) return true;
  }
  return false;
}

const DATE_RE = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;

export function normaliseDate(text: string): string | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** The displayed date next to a list link: the nearest li/dl/tr/div ancestor's text minus the link. */
function nearbyDate($: cheerio.CheerioAPI, el: Element): string | null {
  const own = $(el).text();
  let node = $(el).parent();
  for (let depth = 0; depth < 3 && node.length; depth++, node = node.parent()) {
    const date = normaliseDate(node.text().replace(own, ''));
    if (date) return date;
  }
  return null;
}

export function collapse(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

export function anchors(html: string, base: string): Anchor[] {
  const $ = cheerio.load(html);
  const out: Anchor[] = [];
  $('a[href]').each((_, el) => {
    const href = $(el).attr('href') ?? '';
    const url = resolveHttpUrl(href, base);
    if (!url) return;
    out.push({
      url,
      href,
      text: collapse($(el).text()),
      title: $(el).attr('title')?.trim() || null,
      inChrome: isChrome($, el),
      date: nearbyDate($, el),
    });
  });
  return out;
}

/**
 * Title of an annual report: a reporting year plus 年报 / 年度报告 (covers 政府信息公开工作年度报告,
 * 政务信息公开年度报告, 信息公开年报). Spaces inside ("2023 年") occur (spec §9.4).
 */
const REPORT_TITLE_RE = /((?:19|20)\d{2})\s*年?\s*度?.{0,40}?(?:年\s*报|年\s*度\s*报\s*告|年\s*度\s*工\s*作\s*报\s*告)/;

export function reportYear(title: string): number | null {
  const m = REPORT_TITLE_RE.exec(title.replace(/\s+/g, ''));
  return m ? Number(m[1]) : null;
}

export function looksLikeAnnualReport(title: string): boolean {
  return reportYear(title) !== null && /(信息公开|政务公开|公开)/.test(title);
}

export function anchorTitle(a: Anchor): string {
  // Titles are often cut with "…" in the text and complete in the title attribute.
  return a.title && a.title.length >= a.text.length ? a.title : a.text;
}

export function toReportLink(a: Anchor): DiscoveredLink {
  const title = anchorTitle(a);
  return { url: a.url.toString(), kind: isAttachmentUrl(a.url) ? 'attachment' : 'report', title, year: reportYear(title), date: a.date };
}

export function dedupeByUrl<T extends { url: string }>(links: T[]): T[] {
  const seen = new Set<string>();
  return links.filter((l) => (seen.has(l.url) ? false : (seen.add(l.url), true)));
}

// Only path-like strings (with a slash): script arrays also hold bare file *names* ("原件.pdf").
const QUOTED_ATTACHMENT_RE = new RegExp(`["']([^"'<>\\s]*/[^"'<>\\s]*?\\.(?:${ATTACHMENT_EXTENSIONS.join('|')}))["']`, 'gi');

/**
 * Attachments of a report page: `<a href>` to pdf/doc/docx/wps/xls/xlsx/ofd (also download
 * servlets with the file name in a parameter, and PDF viewers' `?file=`), plus quoted URLs in
 * scripts, where TRS article templates keep their attachment list (`apps = [{url:"./P0….pdf"}]`).
 */
export function attachmentLinks(html: string, base: string): DiscoveredLink[] {
  const found: DiscoveredLink[] = [];
  for (const a of anchors(html, base)) {
    if (a.inChrome) continue;
    const viewerFile = a.url.searchParams.get('file');
    const target = viewerFile ? resolveHttpUrl(viewerFile, a.url.toString()) ?? a.url : a.url;
    if (isAttachmentUrl(target)) found.push({ url: target.toString(), kind: 'attachment', title: anchorTitle(a) || null });
  }
  for (const script of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    for (const m of script[1]!.matchAll(QUOTED_ATTACHMENT_RE)) {
      const url = resolveHttpUrl(m[1], base);
      if (url && isAttachmentUrl(url)) found.push({ url: url.toString(), kind: 'attachment', title: null });
    }
  }
  return dedupeByUrl(found);
}
