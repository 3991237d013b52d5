import type { Config } from '../config/config.ts';
import type { FetcherOptions } from '../crawl/index.ts';

/** What the operator's configuration changes in every crawl's fetcher (CLI runs and queue workers alike). */
export function fetcherOverrides(config: Pick<Config, 'crawlAllowedAddresses' | 'userAgent'>): Partial<FetcherOptions> {
  return {
    // Private and loopback addresses are refused unless ranges are exempted (a test portal, a fake-IP proxy).
    ...(config.crawlAllowedAddresses.length ? { allowedAddressRanges: config.crawlAllowedAddresses } : {}),
    ...(config.userAgent ? { userAgent: config.userAgent } : {}),
  };
}
