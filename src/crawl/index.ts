/** Public surface of the crawler. */
export { sha256Hex } from '../domain/sha256.ts';
export { crawl, type CrawlLogger, type CrawlMode, type CrawlOptions, type CrawlStats, type Revalidate } from './crawl.ts';
export { CRAWL_ERROR_CODES, CrawlError, type CrawlErrorCode, type CrawlErrorInfo } from './errors.ts';
export type { DiscoveredVia, EnqueueOptions, EnqueueRequest, FailedMark, FetchedMark, Frontier, FrontierEntry, FrontierFilter, RevisitFilter, UrlKind, UrlState } from './frontier.ts';
export { MemoryFrontier } from './frontier-memory.ts';
export { PgFrontier } from './frontier-pg.ts';
export { AddressPolicy, forbiddenReason, type AddressPolicyOptions } from './http/address-policy.ts';
export { decodeBody, type DecodedText } from '../encoding/charset.ts';
export { systemResolve, type ResolvedAddress, type ResolveHost } from './http/guarded-connect.ts';
export { Fetcher, type FetcherOptions, type FetchOptions } from './http/fetcher.ts';
export { FETCH_OUTCOMES, isTransient, type FetchOutcome, type FetchResult, type Validators } from './http/outcome.ts';
export { adapterFor, PORTAL_ADAPTERS } from './portals/registry.ts';
export type { DiscoveredLink, ListDiscovery, Page, PortalAdapter, ReportDiscovery, YearRange } from './portals/types.ts';
export { MemorySink, type CrawledDocument, type DocumentSink } from './sink.ts';
export { loadSources, parseSources, type Site, type SourcesRegistry } from './sources.ts';
export { fetcherOptionsForRegistry, fetcherOptionsForSites } from './setup.ts';
export { formatUserAgent, type UserAgentConfig } from './user-agent.ts';
