/** URL helpers shared by the fetcher, the adapters and the engine. Pure. */

/** Extensions of report attachments (spec §9.3): the report body often lives in one of these. */
export const ATTACHMENT_EXTENSIONS = ['pdf', 'doc', 'docx', 'wps', 'xls', 'xlsx', 'ofd'] as const;
const ATTACHMENT_RE = new RegExp(`\\.(${ATTACHMENT_EXTENSIONS.join('|')})$`, 'i');

/** Parses `href` against `base`; null for javascript:, mailto:, empty or non-http(s) links. */
export function resolveHttpUrl(href: string | undefined | null, base: string): URL | null {
  const trimmed = href?.trim();
  if (!trimmed || /^(javascript|mailto|tel|data):/i.test(trimmed) || trimmed.startsWith('#')) return null;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Canonical form used as the frontier key: fragment dropped, default port dropped (URL does that).
 * `keepFragment` is for hash-routed pages (gkmlpt `index#<catId>`), whose fragment is state the
 * adapter needs; the fetcher never sends fragments.
 */
export function canonicalUrl(url: URL | string, keepFragment = false): string {
  const copy = new URL(url.toString());
  if (!keepFragment) copy.hash = '';
  return copy.toString();
}

/** The URL as put on the wire: no fragment. */
export function requestUrl(url: string): string {
  const copy = new URL(url);
  copy.hash = '';
  return copy.toString();
}

/** Politeness and robots are per origin host (hostname:port). */
export function hostKey(url: URL | string): string {
  return (typeof url === 'string' ? new URL(url) : url).host;
}

export function isAttachmentUrl(url: URL): boolean {
  if (ATTACHMENT_RE.test(url.pathname)) return true;
  // Download servlets carry the file name in a parameter (Hanweb downfile.jsp?filename=x.pdf).
  for (const value of url.searchParams.values()) if (ATTACHMENT_RE.test(value)) return true;
  return false;
}

/**
 * Host allow-list. Entries: `www.example.gov.cn` (any port), `*.example.gov.cn` (subdomains and
 * the domain itself), `61.150.65.235`, `122.137.242.24:8080` (that port only).
 */
export function makeHostMatcher(entries: readonly string[]): (url: URL) => boolean {
  const exactHosts = new Set<string>();
  const hostnames = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry.startsWith('*.')) suffixes.push(entry.slice(2));
    else if (/:\d+$/.test(entry)) exactHosts.add(entry);
    else hostnames.add(entry);
  }
  return (url) => {
    const hostname = url.hostname.toLowerCase();
    if (exactHosts.has(url.host.toLowerCase()) || hostnames.has(hostname)) return true;
    return suffixes.some((s) => hostname === s || hostname.endsWith(`.${s}`));
  };
}

/**
 * Big5 gateway copies (`/gate/big5/<host>/…`, spec §7 V-20) republish the same page in traditional
 * characters; they are never crawled as documents of their own.
 */
export function isGatewayCopy(url: URL): boolean {
  return /\/gate\/big5\//i.test(url.pathname) || /^big5\./i.test(url.hostname);
}
