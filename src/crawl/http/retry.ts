/** Retry timing: exponential backoff with full jitter, and Retry-After parsing. Pure. */

export interface RetryPolicy {
  /** total tries per request including the first. @default 3 */
  attempts: number;
  /** first backoff ceiling. @default 500 */
  baseDelayMs: number;
  /** backoff ceiling. @default 30_000 */
  maxDelayMs: number;
  /**
   * Longest Retry-After we sleep through in-process; a longer one ends the fetch as `down` with
   * `retryAfterMs` so the frontier schedules the next attempt instead of holding a slot.
   * @default 60_000
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 };

/**
 * "Full jitter" (AWS architecture blog, Exponential Backoff And Jitter): spreads retries of many
 * crawlers hitting the same small government server instead of synchronising them.
 * `attempt` is the number of tries already made (≥ 1).
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Null when absent/invalid. */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
