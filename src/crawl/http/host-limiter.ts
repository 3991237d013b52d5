import PQueue from 'p-queue';
import { sleep } from './retry.ts';

export interface HostLimits {
  /** simultaneous requests to one host. @default 1 */
  concurrency: number;
  /** minimum time between request starts on one host. @default 1000 */
  delayMs: number;
}

interface HostState {
  queue: PQueue;
  delayMs: number;
  /** earliest start of the next request: spacing reservations and Retry-After pauses */
  nextStartAt: number;
  /** when the last request to this host actually started */
  lastStartAt: number;
}

/**
 * Politeness: one p-queue per host (concurrency) with start spacing (delay), feeding one global
 * queue (total in-flight). The global queue is entered *after* a host slot is held so that a
 * slow host never parks global slots while it waits for its own spacing.
 * Spacing is done by reserving start times rather than with p-queue's interval so that
 * robots.txt Crawl-delay and Retry-After pauses can change it after the host queue exists; it is
 * checked again at the real start, because a saturated global queue can delay one request past
 * the next one's reservation.
 */
export class HostLimiter {
  private readonly global: PQueue;
  private readonly hosts = new Map<string, HostState>();
  private readonly limitsFor: (host: string) => HostLimits;
  private readonly onStart: (host: string, at: number) => void;

  constructor(options: { globalConcurrency: number; limitsFor: (host: string) => HostLimits; onStart?: (host: string, at: number) => void }) {
    this.global = new PQueue({ concurrency: options.globalConcurrency });
    this.limitsFor = options.limitsFor;
    this.onStart = options.onStart ?? (() => {});
  }

  /** Runs `task` when the host and the global queue allow; resolves with the time spent waiting. */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<{ value: T; waitedMs: number }> {
    const state = this.state(host);
    const queuedAt = Date.now();
    return state.queue.add(async () => {
      const now = Date.now();
      const reserved = Math.max(now, state.nextStartAt);
      state.nextStartAt = reserved + state.delayMs;
      await sleep(reserved - now, signal);
      return this.global.add(async () => {
        for (let gap = state.lastStartAt + state.delayMs - Date.now(); gap > 0 && !signal?.aborted; gap = state.lastStartAt + state.delayMs - Date.now()) {
          await sleep(gap, signal);
        }
        const startedAt = Date.now();
        state.lastStartAt = startedAt;
        state.nextStartAt = Math.max(state.nextStartAt, startedAt + state.delayMs);
        this.onStart(host, startedAt);
        return { value: await task(), waitedMs: startedAt - queuedAt };
      });
    });
  }

  /** Raises the spacing, e.g. to honour robots.txt Crawl-delay; never lowers the configured one. */
  raiseDelay(host: string, delayMs: number): void {
    const state = this.state(host);
    state.delayMs = Math.max(state.delayMs, delayMs);
    // Applies from the request that fetched robots.txt on, not only from the next reservation.
    state.nextStartAt = Math.max(state.nextStartAt, state.lastStartAt + state.delayMs);
  }

  /** Holds every request to the host until `until` (epoch ms), e.g. after 429/503 Retry-After. */
  pauseUntil(host: string, until: number): void {
    const state = this.state(host);
    state.nextStartAt = Math.max(state.nextStartAt, until);
  }

  delayOf(host: string): number {
    return this.state(host).delayMs;
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      const limits = this.limitsFor(host);
      state = { queue: new PQueue({ concurrency: Math.max(1, limits.concurrency) }), delayMs: Math.max(0, limits.delayMs), nextStartAt: 0, lastStartAt: -Infinity };
      this.hosts.set(host, state);
    }
    return state;
  }
}
