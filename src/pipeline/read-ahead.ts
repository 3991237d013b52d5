/** How much an item weighs (its bytes, say) and how much may be held at once. */
export interface ReadAheadBudget<I> {
  weigh(item: I): number;
  max: number;
}

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
 * consumer releases them, and, with a `budget`, items weighing at most `budget.max` together
 * (one item is always let in, whatever its weight), which bounds memory.
 */
export class ReadAhead<I, R> {
  readonly #capacity: number;
  readonly #budget: ReadAheadBudget<I> | undefined;
  readonly #entries: Entry<I, R>[] = [];
  #weight = 0;
  #closed = false;
  #changed = Promise.withResolvers<void>();

  constructor(capacity: number, budget?: ReadAheadBudget<I>) {
    this.#capacity = capacity;
    this.#budget = budget;
  }

  /** Resolves once there is room for another item. */
  async room(): Promise<void> {
    while (this.#entries.length >= this.#capacity || (this.#budget && this.#entries.length > 0 && this.#weight >= this.#budget.max)) {
      await this.#changed.promise;
    }
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
    this.#weight += this.#budget?.weigh(item) ?? 0;
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
    const entry = this.#entries.shift();
    if (entry) this.#weight -= this.#budget?.weigh(entry.item) ?? 0;
    this.#notify();
  }

  /** Releases every item held, finished or not, and returns them in order (after a fatal error). */
  drain(): I[] {
    const items = this.#entries.splice(0).map((entry) => entry.item);
    this.#weight = 0;
    this.#notify();
    return items;
  }

  #notify(): void {
    this.#changed.resolve();
    this.#changed = Promise.withResolvers<void>();
  }
}
