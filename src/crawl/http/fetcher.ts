import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { hostKey, requestUrl } from '../url.ts';
import type { CrawlErrorCode, CrawlErrorInfo } from '../errors.ts';
import { AddressPolicy, type AddressPolicyOptions } from './address-policy.ts';
import { ACCEPT_ENCODING } from './content-encoding.ts';
import { guardedConnector, systemResolve, type ResolveHost } from './guarded-connect.ts';
import { looksLikeJsChallenge } from './challenge.ts';
import { HostLimiter, type HostLimits } from './host-limiter.ts';
import { isRetryableStatus, outcomeForStatus, type FetchOutcome, type FetchResult, type Validators } from './outcome.ts';
import { DEFAULT_TIMEOUTS, requestOnce, type Timeouts } from './request-once.ts';
import { DEFAULT_RETRY, backoffDelayMs, parseRetryAfterMs, sleep, type RetryPolicy } from './retry.ts';
import { RobotsCache, type RobotsFetchResult } from './robots.ts';

export interface FetcherOptions extends AddressPolicyOptions {
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
  /**
   * Cap on a body, checked on the declared Content-Length, on the wire and after decompression
   * (so a gzip/deflate/br bomb ends as `too-large` after at most this many decoded bytes).
   * @default 50 MiB: the largest real report PDFs are a few MB; bigger is a scan archive or an error
   */
  maxBodyBytes?: number;
  /** robots.txt is read up to this many bytes and the rest ignored (Google: 500 KiB). @default 500 KiB */
  maxRobotsBytes?: number;
  /** largest response header section (undici `maxHeaderSize`); more is `too-large`. @default 32 KiB */
  maxHeaderBytes?: number;
  /**
   * DNS for direct connections; every address it returns is checked against the address policy
   * and the socket connects to exactly those addresses. Injected by tests (never real DNS there).
   * @default the system resolver (dns.lookup, all addresses)
   */
  resolveHost?: ResolveHost;
  /** @default 5 */
  maxRedirects?: number;
  /** @default true */
  obeyRobots?: boolean;
  /** longest robots.txt Crawl-delay honoured, so a hostile value cannot stall a crawl. @default 60_000 */
  maxCrawlDelayMs?: number;
  /**
   * Injected dispatcher (tests). Default: an EnvHttpProxyAgent, so HTTP(S)_PROXY / NO_PROXY apply
   * to every request, with keep-alive connection pools, the guarded connector (address checks on
   * every direct connection) and the header size limit. An injected dispatcher bypasses the
   * connection-level checks: only IP-literal hosts are still refused (before dispatch).
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
  private readonly maxRobotsBytes: number;
  readonly addressPolicy: AddressPolicy;

  constructor(options: FetcherOptions) {
    this.options = options;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.maxBodyBytes = options.maxBodyBytes ?? 50 * 1024 * 1024;
    this.maxRobotsBytes = Math.min(this.maxBodyBytes, options.maxRobotsBytes ?? 500 * 1024);
    this.addressPolicy = new AddressPolicy(options);
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new EnvHttpProxyAgent({
        // Direct connections only: behind HTTP(S)_PROXY the proxy resolves and connects to the target.
        connect: guardedConnector(this.addressPolicy, options.resolveHost ?? systemResolve, { timeoutMs: this.timeouts.connectMs }),
        maxHeaderSize: options.maxHeaderBytes ?? 32 * 1024,
        // HTTP/1.1 only: every portal speaks it, and maxHeaderSize then bounds every header section.
        allowH2: false,
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
      });
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
      const refusal = this.refusal(parsed);
      if (refusal) return finish(refusal);
      if (this.options.obeyRobots !== false) {
        const verdict = await this.robots.check(parsed);
        if (!verdict.allowed && verdict.reason === 'unreachable') {
          // RFC 9309 §2.3.1.4: assume complete disallow, but as a transient state to retry later.
          const cause = verdict.cause;
          return finish({
            outcome: cause?.code === 'E_ADDRESS_FORBIDDEN' ? 'forbidden' : 'down',
            error: cause ? { code: cause.code, message: `robots.txt: ${cause.message}` } : { code: 'E_ROBOTS_UNREACHABLE', message: `robots.txt of ${parsed.host} answers 5xx` },
          });
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
      if (hopResult.error) return finish({ ...base, outcome: outcomeForError(hopResult.error.code), error: hopResult.error, retryAfterMs: tried.retryAfterMs });
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

  /**
   * Why a URL (first or redirect hop) is refused before anything is sent, or null. Order: scheme,
   * IP-literal address (no DNS needed), host allow-list. Hostnames are address-checked when the
   * connection resolves them (guarded-connect.ts).
   */
  private refusal(url: URL): (Partial<FetchResult> & { outcome: FetchOutcome }) | null {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { outcome: 'forbidden', error: { code: 'E_SCHEME_FORBIDDEN', message: `${url.protocol} URLs are never fetched` } };
    }
    const reason = this.addressPolicy.checkHostname(url.hostname);
    if (reason) return { outcome: 'forbidden', error: { code: 'E_ADDRESS_FORBIDDEN', message: `${url.hostname} is a ${reason} address: refused before connecting` } };
    if (!this.options.isAllowed(url)) return { outcome: 'off-allowlist', error: { code: 'E_OFF_ALLOWLIST', message: `${url.host} is not on the allow-list` } };
    return null;
  }

  /** One hop with in-process retries on network errors and retryable statuses. */
  private async withRetries(url: string, options: FetchOptions, addQueued: (ms: number) => void, body: { maxBytes: number; overflow: 'too-large' | 'truncate' } = { maxBytes: this.maxBodyBytes, overflow: 'too-large' }) {
    const host = hostKey(url);
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept: '*/*', 'accept-language': 'zh-CN,zh;q=0.9', 'accept-encoding': ACCEPT_ENCODING };
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
            maxBodyBytes: body.maxBytes,
            overflow: body.overflow,
            readBody: (status) => status >= 200 && status < 300,
            signal: options.signal,
          }),
        options.signal,
      );
      addQueued(waitedMs);
      const retryable = result.error !== null ? !FINAL_ERRORS.has(result.error.code) : result.status !== null && isRetryableStatus(result.status);
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
      // Past maxRobotsBytes the rest is never read and ignored (RFC 9309 §2.5 allows a limit ≥ 500 KiB).
      const { result } = await this.withRetries(current, {}, () => {}, { maxBytes: this.maxRobotsBytes, overflow: 'truncate' });
      if (result.error) return { status: null, body: null, error: result.error };
      if (result.tooLarge) return { status: 404, body: null };
      const status = result.status ?? 0;
      const location = result.headers['location'];
      const next = REDIRECTS.has(status) && location ? safeResolve(location, current) : null;
      if (next && !this.refusal(new URL(next))) {
        current = next;
        continue;
      }
      if (REDIRECTS.has(status)) return { status: 404, body: null }; // RFC 9309: unresolvable → unavailable
      if (!result.body) return { status, body: null };
      let text = new TextDecoder().decode(result.body);
      // A cut file ends mid-line: drop the partial last line rather than parse half a rule.
      if (result.truncated) text = text.slice(0, text.lastIndexOf('\n') + 1);
      return { status, body: text };
    }
    return { status: 404, body: null };
  }
}

/** Errors that another immediate try cannot change. */
const FINAL_ERRORS = new Set<CrawlErrorCode>(['E_TOO_LARGE', 'E_ADDRESS_FORBIDDEN', 'E_HEADERS_TOO_LARGE', 'E_CONTENT_ENCODING']);

function outcomeForError(code: CrawlErrorCode): FetchOutcome {
  if (code === 'E_ADDRESS_FORBIDDEN') return 'forbidden';
  if (code === 'E_HEADERS_TOO_LARGE') return 'too-large';
  return 'down';
}

/** Location resolved against the hop's URL, any scheme (the loop refuses non-http(s) hops). */
function safeResolve(location: string, base: string): string | null {
  try {
    return new URL(location, base).toString();
  } catch {
    return null;
  }
}
