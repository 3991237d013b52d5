import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { hostKey, requestUrl } from '../url.ts';
import type { CrawlErrorInfo } from '../errors.ts';
import { looksLikeJsChallenge } from './challenge.ts';
import { HostLimiter, type HostLimits } from './host-limiter.ts';
import { isRetryableStatus, outcomeForStatus, type FetchOutcome, type FetchResult, type Validators } from './outcome.ts';
import { DEFAULT_TIMEOUTS, requestOnce, type HopResult, type Timeouts } from './request-once.ts';
import { DEFAULT_RETRY, backoffDelayMs, parseRetryAfterMs, sleep, type RetryPolicy } from './retry.ts';
import { RobotsCache, type RobotsFetchResult } from './robots.ts';

export interface FetcherOptions {
  /** full User-Agent header; must identify us and carry a contact URL or e-mail (see user-agent.ts) */
  userAgent: string;
  /** product token matched against robots.txt User-agent groups */
  robotsToken: string;
  /** host allow-list, checked on the first URL and on every redirect hop */
  isAllowed: (url: URL) => boolean;
  /** per-host politeness; default 1 request at a time, 1 s apart */
  limitsFor?: (host: string) => HostLimits;
  /** @default 8 */
  globalConcurrency?: number;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
  /** @default 50 MiB: the largest real report PDFs are a few MB; bigger is a scan archive or an error */
  maxBodyBytes?: number;
  /** @default 5 */
  maxRedirects?: number;
  /** @default true */
  obeyRobots?: boolean;
  /** longest robots.txt Crawl-delay honoured, so a hostile value cannot stall a crawl. @default 60_000 */
  maxCrawlDelayMs?: number;
  /**
   * Injected dispatcher (tests). Default: an EnvHttpProxyAgent, so HTTP(S)_PROXY / NO_PROXY apply
   * to every request, with keep-alive connection pools.
   */
  dispatcher?: Dispatcher;
  random?: () => number;
  /** observer called when a request really starts (metrics; politeness tests) */
  onRequestStart?: (host: string, at: number) => void;
}

export interface FetchOptions {
  validators?: Validators | null;
  signal?: AbortSignal;
}

const DEFAULT_LIMITS: HostLimits = { concurrency: 1, delayMs: 1000 };

/** Statuses that carry a Location we follow ourselves (so each hop is allow-list/robots checked). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class Fetcher {
  readonly limiter: HostLimiter;
  private readonly options: FetcherOptions;
  private readonly timeouts: Timeouts;
  private readonly retry: RetryPolicy;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly robots: RobotsCache;
  private readonly maxBodyBytes: number;

  constructor(options: FetcherOptions) {
    this.options = options;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.maxBodyBytes = options.maxBodyBytes ?? 50 * 1024 * 1024;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new EnvHttpProxyAgent({ connect: { timeout: this.timeouts.connectMs }, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
    this.limiter = new HostLimiter({ globalConcurrency: options.globalConcurrency ?? 8, limitsFor: options.limitsFor ?? (() => DEFAULT_LIMITS), onStart: options.onRequestStart });
    const maxCrawlDelayMs = options.maxCrawlDelayMs ?? 60_000;
    this.robots = new RobotsCache({
      token: options.robotsToken,
      load: (url) => this.loadRobots(url),
      onCrawlDelay: (host, seconds) => this.limiter.raiseDelay(host, Math.min(maxCrawlDelayMs, seconds * 1000)),
    });
  }

  /** GET with politeness, robots, allow-list, redirects, retries. Never throws. */
  async fetch(url: string, options: FetchOptions = {}): Promise<FetchResult> {
    const started = Date.now();
    const redirects: string[] = [];
    const visited = new Set<string>();
    let current = url;
    let queuedMs = 0;
    let attempts = 0;
    const finish = (partial: Partial<FetchResult> & { outcome: FetchOutcome }): FetchResult => ({
      url,
      finalUrl: current,
      redirects,
      status: null,
      headers: {},
      body: null,
      bytes: 0,
      contentType: null,
      validators: {},
      attempts,
      retryAfterMs: null,
      error: null,
      ...partial,
      timings: { queuedMs, headersMs: partial.timings?.headersMs ?? null, totalMs: Date.now() - started },
    });

    for (let hop = 0; ; hop++) {
      let parsed: URL;
      try {
        parsed = new URL(current);
      } catch {
        return finish({ outcome: 'off-allowlist', error: { code: 'E_URL_INVALID', message: `not a URL: ${current}` } });
      }
      if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !this.options.isAllowed(parsed)) {
        return finish({ outcome: 'off-allowlist', error: { code: 'E_OFF_ALLOWLIST', message: `${parsed.host} is not on the allow-list` } });
      }
      if (this.options.obeyRobots !== false) {
        const verdict = await this.robots.check(parsed);
        if (!verdict.allowed && verdict.reason === 'unreachable') {
          // RFC 9309 §2.3.1.4: assume complete disallow, but as a transient state to retry later.
          const cause = verdict.cause;
          return finish({ outcome: 'down', error: cause ? { code: cause.code, message: `robots.txt: ${cause.message}` } : { code: 'E_ROBOTS_UNREACHABLE', message: `robots.txt of ${parsed.host} answers 5xx` } });
        }
        if (!verdict.allowed) {
          return finish({ outcome: 'robots-denied', error: { code: 'E_ROBOTS_DENIED', message: `robots.txt disallows ${parsed.pathname}` } });
        }
      }
      visited.add(requestUrl(current));

      const tried = await this.withRetries(current, options, (ms) => (queuedMs += ms));
      attempts += tried.attempts;
      const hopResult = tried.result;
      const base = {
        status: hopResult.status,
        headers: hopResult.headers,
        bytes: hopResult.bytes,
        contentType: hopResult.headers['content-type'] ?? null,
        timings: { queuedMs, headersMs: hopResult.headersMs, totalMs: 0 },
      };
      if (hopResult.error) return finish({ ...base, outcome: 'down', error: hopResult.error, retryAfterMs: tried.retryAfterMs });
      if (hopResult.tooLarge) {
        return finish({ ...base, outcome: 'too-large', error: { code: 'E_TOO_LARGE', message: `body exceeds ${this.maxBodyBytes} bytes` } });
      }
      const status = hopResult.status ?? 0;
      if (REDIRECTS.has(status)) {
        const location = hopResult.headers['location'];
        const next = location ? safeResolve(location, current) : null;
        if (!next) return finish({ ...base, outcome: 'down', error: { code: 'E_BAD_REDIRECT', message: `status ${status} without usable Location` } });
        if (visited.has(requestUrl(next))) return finish({ ...base, outcome: 'down', error: { code: 'E_REDIRECT_LOOP', message: `redirect loop back to ${next}` } });
        if (hop >= (this.options.maxRedirects ?? 5)) return finish({ ...base, outcome: 'down', error: { code: 'E_TOO_MANY_REDIRECTS', message: `more than ${hop} redirects` } });
        redirects.push(current);
        current = next;
        continue;
      }
      let outcome = outcomeForStatus(status);
      let error: CrawlErrorInfo | null = outcome === 'ok' || outcome === 'not-modified' ? null : { code: 'E_HTTP_STATUS', message: `HTTP ${status}` };
      if (outcome === 'ok' && hopResult.body && looksLikeJsChallenge(hopResult.body, base.contentType)) {
        outcome = 'blocked';
        error = { code: 'E_JS_CHALLENGE', message: 'anti-bot JavaScript challenge page' };
      } else if (outcome === 'blocked' && (status === 412 || status === 521)) {
        error = { code: 'E_JS_CHALLENGE', message: `HTTP ${status} anti-bot challenge` };
      }
      return finish({
        ...base,
        outcome,
        error,
        retryAfterMs: outcome === 'down' ? tried.retryAfterMs : null,
        body: outcome === 'ok' ? hopResult.body : null,
        validators: { etag: hopResult.headers['etag'] ?? null, lastModified: hopResult.headers['last-modified'] ?? null },
      });
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** One hop with in-process retries on network errors and retryable statuses. */
  private async withRetries(url: string, options: FetchOptions, addQueued: (ms: number) => void) {
    const host = hostKey(url);
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept: '*/*', 'accept-language': 'zh-CN,zh;q=0.9' };
    if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
    if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
    let retryAfterMs: number | null = null;
    for (let attempt = 1; ; attempt++) {
      const { value: result, waitedMs } = await this.limiter.run(
        host,
        () =>
          requestOnce({
            url: requestUrl(url),
            headers,
            dispatcher: this.dispatcher,
            timeouts: this.timeouts,
            maxBodyBytes: this.maxBodyBytes,
            readBody: (status) => status >= 200 && status < 300,
            signal: options.signal,
          }),
        options.signal,
      );
      addQueued(waitedMs);
      const retryable = result.error !== null ? result.error.code !== 'E_TOO_LARGE' : result.status !== null && isRetryableStatus(result.status);
      if (!retryable || options.signal?.aborted) return { result, attempts: attempt, retryAfterMs };
      retryAfterMs = result.status === 429 || result.status === 503 ? parseRetryAfterMs(result.headers['retry-after']) : null;
      if (retryAfterMs !== null) this.limiter.pauseUntil(host, Date.now() + Math.min(retryAfterMs, this.retry.maxRetryAfterMs));
      const tooLong = retryAfterMs !== null && retryAfterMs > this.retry.maxRetryAfterMs;
      if (attempt >= this.retry.attempts || tooLong) return { result, attempts: attempt, retryAfterMs };
      // With Retry-After the host pause already spaces the retry; otherwise back off with jitter.
      if (retryAfterMs === null) await sleep(backoffDelayMs(attempt, this.retry, this.options.random), options.signal);
    }
  }

  private async loadRobots(robotsUrl: string): Promise<RobotsFetchResult> {
    let current = robotsUrl;
    for (let hop = 0; hop < 5; hop++) {
      const { result } = await this.withRetries(current, {}, () => {});
      if (result.error) return { status: null, body: null, error: result.error };
      if (result.tooLarge) return { status: 404, body: null }; // RFC 9309 allows ignoring oversize files
      const status = result.status ?? 0;
      const location = result.headers['location'];
      const next = REDIRECTS.has(status) && location ? safeResolve(location, current) : null;
      if (next && this.options.isAllowed(new URL(next))) {
        current = next;
        continue;
      }
      if (REDIRECTS.has(status)) return { status: 404, body: null }; // RFC 9309: unresolvable → unavailable
      return { status, body: result.body ? new TextDecoder().decode(result.body) : null };
    }
    return { status: 404, body: null };
  }
}

function safeResolve(location: string, base: string): string | null {
  try {
    const url = new URL(location, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
