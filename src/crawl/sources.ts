import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CrawlError } from './errors.ts';
import { UserAgentSchema } from './user-agent.ts';
import { makeHostMatcher } from './url.ts';

/**
 * The sources registry (config/sources.json): which portals we crawl, from which column pages,
 * on which hosts. Only official government hosts are allowed (spec §7 V-19): `*.gov.cn` names
 * and explicitly listed IPv4 addresses that official portals are served on.
 */

/** Known mirror / hijacked domains republishing government pages (spec §7 V-19, corpus README). */
export const KNOWN_MIRROR_DOMAINS = ['haose21.com', '156152.com', 'saintpaulhem.com', 'bjmssf.com', 'zwinkt.com', 'whentby.com', 'www-346689.com', 'hkma.org.cn', 'ipv6best.cn'];

const IPV4_HOST = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(:\d{1,5})?$/;
const GOV_HOST = /^(\*\.)?([a-z0-9-]+\.)*gov\.cn(:\d{1,5})?$/;

export function isOfficialHostEntry(entry: string): boolean {
  const host = entry.toLowerCase();
  if (KNOWN_MIRROR_DOMAINS.some((m) => host === m || host.endsWith(`.${m}`) || host.includes(`.${m}:`))) return false;
  return GOV_HOST.test(host) || IPV4_HOST.test(host);
}

export const ADAPTER_NAMES = ['generic', 'trs', 'hanweb', 'gkmlpt', 'zhejiang'] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

export const LimitsSchema = z.object({
  /** simultaneous requests per host. @default 1 */
  concurrency: z.int().min(1).max(8).default(1),
  /** minimum ms between request starts per host; robots.txt Crawl-delay can only raise it. @default 2000 */
  delayMs: z.int().min(0).max(120_000).default(2000),
});
export type SiteLimits = z.infer<typeof LimitsSchema>;

const HostEntry = z.string().min(1).refine(isOfficialHostEntry, { message: 'not an official host (*.gov.cn or a listed IPv4); mirrors are never sources' });

export const SiteSchema = z
  .object({
    /** stable id used in the frontier */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    /** publishing agency or portal owner, as printed on the site */
    agency: z.string().min(1),
    portal: z.string().min(1).optional(),
    /** host allow-list: every URL and redirect hop must match */
    hosts: z.array(HostEntry).min(1),
    /** annual-report column URL(s); a gkmlpt entry carries its category as `#<catId>` */
    entries: z.array(z.url({ protocol: /^https?$/ })).min(1),
    adapter: z.enum(ADAPTER_NAMES).default('generic'),
    limits: LimitsSchema.partial().optional(),
    /** zhejiang: reporting years to enumerate when the registry gives no explicit list */
    years: z.object({ from: z.int().min(2008), to: z.int().max(2100) }).optional(),
    /** where this entry comes from (spec section, or "inferred from article URL …") */
    evidence: z.string().optional(),
  })
  .superRefine((site, ctx) => {
    const allowed = makeHostMatcher(site.hosts);
    for (const entry of site.entries) {
      if (!allowed(new URL(entry))) ctx.addIssue({ code: 'custom', message: `entry ${entry} is not on the site's hosts`, path: ['entries'] });
    }
  });
export type Site = z.infer<typeof SiteSchema>;

export const SourcesSchema = z
  .object({
    /** schema version of this file */
    version: z.literal(1),
    userAgent: UserAgentSchema,
    defaults: LimitsSchema.default({ concurrency: 1, delayMs: 2000 }),
    sites: z.array(SiteSchema),
  })
  .superRefine((reg, ctx) => {
    const seen = new Set<string>();
    for (const site of reg.sites) {
      if (seen.has(site.id)) ctx.addIssue({ code: 'custom', message: `duplicate site id ${site.id}`, path: ['sites'] });
      seen.add(site.id);
    }
  });
export type SourcesRegistry = z.infer<typeof SourcesSchema>;

export function parseSources(json: unknown): SourcesRegistry {
  const parsed = SourcesSchema.safeParse(json);
  if (!parsed.success) throw new CrawlError('E_SOURCES_INVALID', z.prettifyError(parsed.error));
  return parsed.data;
}

export async function loadSources(path: string): Promise<SourcesRegistry> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CrawlError('E_SOURCES_INVALID', `${path} is not JSON`, { cause });
  }
  return parseSources(json);
}

/** Effective per-host limits of a site: its own over the registry defaults. */
export function siteLimits(site: Site, defaults: SiteLimits): SiteLimits {
  return { ...defaults, ...site.limits };
}
