/** An item whose work is done, with its result. */
export interface Finished<I, R> {
  item: I;
  result: R;
}

interface Entry<I, R> {
  item: I;
  /** resolves once `finished` is set; rejects with the work's failure */
  settled: Promise<void>;
  finished?: { result: R };
}

/**
 * Items read ahead of a consumer, in input order, each with its work (an extraction) under
 * way. The consumer takes the run of finished items at the front, so whatever finished while it
 * was busy is handled together; at most `capacity` items are held, from reading until the
 * consumer releases them, which bounds memory.
 */
export class ReadAhead<I, R> {
  readonly #capacity: number;
  readonly #entries: Entry<I, R>[] = [];
  #closed = false;
  #changed = Promise.withResolvers<void>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Resolves once there is room for another item. */
  async room(): Promise<void> {
    while (this.#entries.length >= this.#capacity) await this.#changed.promise;
  }

  add(item: I, work: Promise<R>): void {
    const entry: Entry<I, R> = {
      item,
      settled: work.then((result) => {
        entry.finished = { result };
      }),
    };
    // A failure reaches the consumer through `finishedRun`, not as an unhandled rejection.
    entry.settled.catch(() => {});
    this.#entries.push(entry);
    this.#notify();
  }

  /** No more items will be added. */
  close(): void {
    this.#closed = true;
    this.#notify();
  }

  /**
   * Waits for the oldest item's work (rethrowing its failure), then returns the finished items
   * from the front, in order, at most `max`; empty once closed and everything was released.
   */
  async finishedRun(max: number): Promise<Finished<I, R>[]> {
    while (this.#entries.length === 0) {
      if (this.#closed) return [];
      await this.#changed.promise;
    }
    await this.#entries[0]!.settled;
    const run: Finished<I, R>[] = [];
    for (const entry of this.#entries.slice(0, max)) {
      if (!entry.finished) break;
      run.push({ item: entry.item, result: entry.finished.result });
    }
    return run;
  }

  /** The consumer is done with the oldest item. */
  release(): void {
    this.#entries.shift();
    this.#notify();
  }

  /** Releases every item held, finished or not, and returns them in order (after a fatal error). */
  drain(): I[] {
    const items = this.#entries.splice(0).map((entry) => entry.item);
    this.#notify();
    return items;
  }

  #notify(): void {
    this.#changed.resolve();
    this.#changed = Promise.withResolvers<void>();
  }
}
