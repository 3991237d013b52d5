import robotsParserModule from 'robots-parser';
import type { CrawlErrorInfo } from '../errors.ts';

export type RobotsVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'disallowed' }
  /** `cause`: the network error that kept robots.txt from us, if it was one */
  | { allowed: false; reason: 'unreachable'; cause: CrawlErrorInfo | null };

interface RobotsRules {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}

export interface RobotsFetchResult {
  status: number | null;
  body: string | null;
  error?: CrawlErrorInfo | null;
}

// robots-parser is CommonJS whose typings declare an ES default export; under nodenext the default
// import is module.exports, which is the parser function itself.
const robotsParser = robotsParserModule as unknown as (url: string, body: string) => RobotsRules;

interface Entry {
  rules: RobotsRules | 'allow-all' | 'deny-all';
  expiresAt: number;
  cause?: CrawlErrorInfo | null;
}

/**
 * robots.txt, fetched once per origin and cached (RFC 9309):
 * - 2xx: parsed rules; Crawl-delay is reported to `onCrawlDelay`.
 * - 4xx (incl. 404): no restrictions (§2.3.1.3).
 * - 5xx / unreachable: complete disallow (§2.3.1.4), retried after `unreachableTtlMs`.
 */
export class RobotsCache {
  private readonly entries = new Map<string, Promise<Entry>>();
  private readonly token: string;
  private readonly load: (robotsUrl: string) => Promise<RobotsFetchResult>;
  private readonly onCrawlDelay: (origin: string, seconds: number) => void;
  private readonly unreachableTtlMs: number;

  constructor(options: {
    /** product token matched against User-agent lines */
    token: string;
    load: (robotsUrl: string) => Promise<RobotsFetchResult>;
    onCrawlDelay?: (host: string, seconds: number) => void;
    /** @default 600_000 */
    unreachableTtlMs?: number;
  }) {
    this.token = options.token;
    this.load = options.load;
    this.onCrawlDelay = options.onCrawlDelay ?? (() => {});
    this.unreachableTtlMs = options.unreachableTtlMs ?? 600_000;
  }

  async check(url: URL): Promise<RobotsVerdict> {
    const entry = await this.entryFor(url);
    if (entry.rules === 'allow-all') return { allowed: true };
    if (entry.rules === 'deny-all') return { allowed: false, reason: 'unreachable', cause: entry.cause ?? null };
    // robots-parser answers undefined for URLs of another origin; ours are always same-origin.
    return entry.rules.isAllowed(url.toString(), this.token) === false ? { allowed: false, reason: 'disallowed' } : { allowed: true };
  }

  private entryFor(url: URL): Promise<Entry> {
    const origin = url.origin;
    const cached = this.entries.get(origin);
    if (cached) {
      return cached.then((entry) => {
        if (entry.expiresAt > Date.now()) return entry;
        this.entries.delete(origin);
        return this.entryFor(url);
      });
    }
    const pending = this.fetchEntry(url);
    this.entries.set(origin, pending);
    return pending;
  }

  private async fetchEntry(url: URL): Promise<Entry> {
    const robotsUrl = `${url.origin}/robots.txt`;
    const { status, body, error } = await this.load(robotsUrl);
    if (status !== null && status >= 200 && status < 300 && body !== null) {
      const rules = robotsParser(robotsUrl, body);
      const delay = rules.getCrawlDelay(this.token);
      if (typeof delay === 'number' && delay > 0) this.onCrawlDelay(url.host, delay);
      return { rules, expiresAt: Infinity };
    }
    if (status !== null && status >= 400 && status < 500) return { rules: 'allow-all', expiresAt: Infinity };
    return { rules: 'deny-all', expiresAt: Date.now() + this.unreachableTtlMs, cause: error ?? null };
  }
}
