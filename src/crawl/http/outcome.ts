import type { CrawlErrorInfo } from '../errors.ts';

/**
 * What one fetch ended as. A fetch never throws: every failure is one of these, so one bad host
 * never stops a crawl.
 */
export const FETCH_OUTCOMES = [
  'ok',
  'not-modified',
  'missing', // 404/410 and other final 4xx
  'blocked', // 401/403/412/451/521 and JS-challenge pages: recorded, never bypassed
  'down', // 5xx after retries, connection errors, timeouts, truncated bodies, redirect loops
  'too-large', // body or headers over their limits, compression bombs included
  'robots-denied',
  'off-allowlist',
  'forbidden', // a non-http(s) scheme or a non-public address (SSRF defence): refused before connecting
] as const;
export type FetchOutcome = (typeof FETCH_OUTCOMES)[number];

/** Outcomes worth another attempt later; all others are final answers about the URL. */
export function isTransient(outcome: FetchOutcome): boolean {
  return outcome === 'down';
}

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchTimings {
  /** time spent waiting for politeness slots (host spacing, concurrency, Retry-After pauses) */
  queuedMs: number;
  /** time to response headers of the last hop */
  headersMs: number | null;
  totalMs: number;
}

export interface FetchResult {
  outcome: FetchOutcome;
  /** the URL asked for */
  url: string;
  /** the URL that answered (after redirects) */
  finalUrl: string;
  redirects: string[];
  status: number | null;
  /** lower-cased response headers of the last hop */
  headers: Record<string, string>;
  /** body bytes; only for `ok` */
  body: Uint8Array | null;
  /** bytes received on the last hop (also for failed downloads) */
  bytes: number;
  contentType: string | null;
  validators: Validators;
  attempts: number;
  /** when the server asked us to come back (Retry-After beyond what we wait in-process) */
  retryAfterMs: number | null;
  timings: FetchTimings;
  error: CrawlErrorInfo | null;
}

/** Maps a final status to its outcome; retryable statuses are handled before this is asked. */
export function outcomeForStatus(status: number): FetchOutcome {
  if (status === 304) return 'not-modified';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 404 || status === 410) return 'missing';
  if (BLOCKING_STATUSES.has(status)) return 'blocked';
  if (status >= 500) return 'down';
  if (status === 429) return 'down';
  // Other 4xx (400, 405, …): the resource is not available to a plain GET; retrying won't help.
  return 'missing';
}

/**
 * 412 is what 瑞数 (Ruishu) JS challenges answer, 521 is 加速乐 (Jiasule); 401/403/451 are refusals.
 */
const BLOCKING_STATUSES = new Set([401, 403, 412, 451, 521]);

/** Statuses worth retrying in-process with backoff (429/503 honour Retry-After). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504 || status === 408;
}
