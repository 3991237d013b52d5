import { Fetcher, type FetcherOptions } from '../../src/crawl/http/fetcher.ts';
import { fetcherOptionsForSites } from '../../src/crawl/setup.ts';
import type { AdapterName, Site } from '../../src/crawl/sources.ts';
import type { TestSite } from './sites/server.ts';

export const TEST_UA = { product: 'gongkai-test', version: '0.0', url: 'https://example.org/gongkai', email: 'crawler@example.org' };

export function testSite(id: string, server: TestSite, entry: string, adapter: AdapterName, limits: Partial<Site['limits']> = {}): Site {
  return { id, agency: `${id} agency`, hosts: [server.host], entries: [entry], adapter, limits: { concurrency: 1, delayMs: 0, ...limits } };
}

/**
 * Our test servers listen on 127.0.0.1, which the fetcher refuses by default (SSRF defence):
 * test fetchers exempt exactly that address, nothing else of 127/8, the private ranges or ::1.
 */
export const TEST_ADDRESS_RANGES = ['127.0.0.1/32'];

/**
 * A fetcher with short timeouts and retries, so fault tests take seconds; the timeouts still leave
 * room for a loaded 2-core machine, where the in-process test servers answer late.
 */
export function testFetcher(sites: Site[], overrides: Partial<FetcherOptions> = {}): Fetcher {
  return new Fetcher({
    ...fetcherOptionsForSites(sites, { concurrency: 1, delayMs: 0 }, TEST_UA),
    globalConcurrency: 8,
    timeouts: { connectMs: 2000, headersMs: 1000, bodyIdleMs: 1000, totalMs: 2500 },
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5000 },
    maxBodyBytes: 64 * 1024,
    allowedAddressRanges: TEST_ADDRESS_RANGES,
    ...overrides,
  });
}
