import type { FetcherOptions } from './http/fetcher.ts';
import type { HostLimits } from './http/host-limiter.ts';
import { siteLimits, type Site, type SiteLimits, type SourcesRegistry } from './sources.ts';
import { formatUserAgent, type UserAgentConfig } from './user-agent.ts';
import { makeHostMatcher } from './url.ts';

/**
 * Fetcher options derived from the sites being crawled: the union of their host allow-lists and
 * each host's limits from the site that owns it.
 */
export function fetcherOptionsForSites(
  sites: readonly Site[],
  defaults: SiteLimits,
  userAgent: UserAgentConfig,
): Pick<FetcherOptions, 'isAllowed' | 'limitsFor' | 'userAgent' | 'robotsToken'> {
  const matchers = sites.map((site) => ({ allowed: makeHostMatcher(site.hosts), limits: siteLimits(site, defaults) }));
  return {
    userAgent: formatUserAgent(userAgent),
    robotsToken: userAgent.product,
    isAllowed: (url) => matchers.some((m) => m.allowed(url)),
    limitsFor: (host): HostLimits => {
      const url = new URL(`http://${host}/`);
      return matchers.find((m) => m.allowed(url))?.limits ?? defaults;
    },
  };
}

export function fetcherOptionsForRegistry(registry: SourcesRegistry) {
  return fetcherOptionsForSites(registry.sites, registry.defaults, registry.userAgent);
}
