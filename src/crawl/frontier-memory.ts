import type { EnqueueOptions, EnqueueRequest, FailedMark, FetchedMark, Frontier, FrontierEntry, FrontierFilter, RevisitFilter } from './frontier.ts';

interface SiteQueues {
  /** candidate URLs in FIFO order; stale items (state changed since) are skipped on pop */
  ready: string[];
  head: number;
  /** URLs waiting for nextAttemptAt or for a lease to expire */
  waiting: Set<string>;
}

/** In-process frontier for tests and benchmarks; same contract as the Postgres one. */
export class MemoryFrontier implements Frontier {
  private readonly entries = new Map<string, FrontierEntry>();
  private readonly sites = new Map<string, SiteQueues>();

  async enqueue(requests: EnqueueRequest[], options: EnqueueOptions = {}): Promise<string[]> {
    const added: string[] = [];
    for (const req of requests) {
      const known = this.entries.get(req.url);
      if (known) {
        const cutoff = options.revisitSettledBefore;
        if (cutoff && (known.state === 'done' || known.state === 'dead') && (known.fetchedAt ?? new Date(0)) < cutoff) this.makePending(known);
        continue;
      }
      const entry: FrontierEntry = {
        url: req.url,
        siteId: req.siteId,
        kind: req.kind,
        via: req.via,
        parentUrl: req.parentUrl ?? null,
        title: req.title ?? null,
        year: req.year ?? null,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: null,
        leasedUntil: null,
        etag: null,
        lastModified: null,
        sha256: null,
        outcome: null,
        status: null,
        errorCode: null,
        discoveredAt: new Date(),
        fetchedAt: null,
      };
      this.entries.set(req.url, entry);
      this.queues(req.siteId).ready.push(req.url);
      added.push(req.url);
    }
    return added;
  }

  async next(siteId: string, options: { limit: number; now: Date; leaseMs: number }): Promise<FrontierEntry[]> {
    const q = this.queues(siteId);
    const now = options.now.getTime();
    for (const url of q.waiting) {
      const e = this.entries.get(url)!;
      const due = (e.state === 'retry' && (e.nextAttemptAt?.getTime() ?? 0) <= now) || (e.state === 'leased' && (e.leasedUntil?.getTime() ?? 0) <= now);
      if (due) {
        q.waiting.delete(url);
        q.ready.push(url);
      } else if (e.state !== 'retry' && e.state !== 'leased') q.waiting.delete(url);
    }
    const out: FrontierEntry[] = [];
    while (out.length < options.limit && q.head < q.ready.length) {
      const url = q.ready[q.head++]!;
      const e = this.entries.get(url)!;
      const claimable = e.state === 'pending' || e.state === 'retry' || (e.state === 'leased' && (e.leasedUntil?.getTime() ?? 0) <= now);
      if (!claimable) continue;
      e.state = 'leased';
      e.leasedUntil = new Date(now + options.leaseMs);
      q.waiting.add(url);
      out.push({ ...e });
    }
    if (q.head > 1024 && q.head * 2 > q.ready.length) {
      q.ready = q.ready.slice(q.head);
      q.head = 0;
    }
    return out;
  }

  async markFetched(url: string, mark: FetchedMark): Promise<void> {
    const e = this.entries.get(url);
    if (!e) return;
    Object.assign(e, {
      state: 'done',
      outcome: mark.outcome,
      status: mark.status,
      errorCode: mark.errorCode,
      etag: mark.etag ?? e.etag,
      lastModified: mark.lastModified ?? e.lastModified,
      sha256: mark.sha256 ?? e.sha256,
      fetchedAt: mark.fetchedAt,
      leasedUntil: null,
      nextAttemptAt: null,
      attempts: 0,
    });
  }

  async markFailed(url: string, mark: FailedMark): Promise<void> {
    const e = this.entries.get(url);
    if (!e) return;
    Object.assign(e, {
      state: mark.nextAttemptAt ? 'retry' : 'dead',
      outcome: mark.outcome,
      status: mark.status,
      errorCode: mark.errorCode,
      attempts: mark.attempts,
      nextAttemptAt: mark.nextAttemptAt,
      fetchedAt: mark.fetchedAt,
      leasedUntil: null,
    });
    if (mark.nextAttemptAt) this.queues(e.siteId).waiting.add(url);
  }

  async revisit(filter: RevisitFilter): Promise<number> {
    let count = 0;
    for (const e of this.entries.values()) {
      if (e.siteId !== filter.siteId || !filter.kinds.includes(e.kind) || (filter.via && !filter.via.includes(e.via))) continue;
      if (e.state === 'done' || e.state === 'dead') {
        this.makePending(e);
        count++;
      }
    }
    return count;
  }

  async releaseLeases(siteId: string): Promise<number> {
    let count = 0;
    for (const e of this.entries.values()) {
      if (e.siteId === siteId && e.state === 'leased') {
        e.state = 'pending';
        e.leasedUntil = null;
        this.queues(siteId).ready.push(e.url);
        count++;
      }
    }
    return count;
  }

  async get(url: string): Promise<FrontierEntry | null> {
    const e = this.entries.get(url);
    return e ? { ...e } : null;
  }

  async list(filter: FrontierFilter = {}): Promise<FrontierEntry[]> {
    return [...this.entries.values()]
      .filter((e) => (!filter.siteId || e.siteId === filter.siteId) && (!filter.kind || e.kind === filter.kind) && (!filter.state || e.state === filter.state))
      .map((e) => ({ ...e }));
  }

  private makePending(e: FrontierEntry): void {
    e.state = 'pending';
    e.attempts = 0;
    e.nextAttemptAt = null;
    this.queues(e.siteId).ready.push(e.url);
  }

  private queues(siteId: string): SiteQueues {
    let q = this.sites.get(siteId);
    if (!q) this.sites.set(siteId, (q = { ready: [], head: 0, waiting: new Set() }));
    return q;
  }
}
