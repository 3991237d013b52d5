import { describe, expect, it } from 'vitest';
import { ReadAhead } from './read-ahead.ts';

/** Whether `promise` has settled after the pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('ReadAhead', () => {
  it('hands over the finished run at the front, in order, and stops at the first unfinished item', async () => {
    const queue = new ReadAhead<string, number>(10);
    const slow = Promise.withResolvers<number>();
    queue.add('a', Promise.resolve(1));
    queue.add('b', Promise.resolve(2));
    queue.add('c', slow.promise);
    queue.add('d', Promise.resolve(4));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await queue.finishedRun(10)).toEqual([
      { item: 'a', result: 1 },
      { item: 'b', result: 2 },
    ]);
    queue.release();
    queue.release();
    slow.resolve(3);
    expect((await queue.finishedRun(1)).map(({ item }) => item)).toEqual(['c']);
  });

  it('holds at most `capacity` items until the consumer releases one', async () => {
    const queue = new ReadAhead<string, number>(2);
    queue.add('a', Promise.resolve(1));
    queue.add('b', Promise.resolve(2));
    const room = queue.room();
    expect(await settled(room)).toBe(false);
    queue.release();
    expect(await settled(room)).toBe(true);
  });

  it('holds items up to a weight budget, but always lets one in', async () => {
    const queue = new ReadAhead<{ bytes: number }, number>(100, { weigh: (item) => item.bytes, max: 10 });
    queue.add({ bytes: 25 }, Promise.resolve(1)); // heavier than the budget alone
    const room = queue.room();
    expect(await settled(room)).toBe(false);
    queue.release();
    expect(await settled(room)).toBe(true);
    queue.add({ bytes: 4 }, Promise.resolve(2));
    queue.add({ bytes: 5 }, Promise.resolve(3));
    expect(await settled(queue.room())).toBe(true); // 9 of 10
    queue.add({ bytes: 1 }, Promise.resolve(4));
    expect(await settled(queue.room())).toBe(false); // 10 of 10
    expect(queue.drain()).toHaveLength(3);
    expect(await settled(queue.room())).toBe(true);
  });

  it("rethrows the oldest item's failure to the consumer, never as an unhandled rejection", async () => {
    const queue = new ReadAhead<string, number>(4);
    queue.add('broken', Promise.reject(new Error('extraction crashed')));
    await expect(queue.finishedRun(4)).rejects.toThrow('extraction crashed');
  });

  it('returns an empty run once closed and emptied', async () => {
    const queue = new ReadAhead<string, number>(4);
    queue.close();
    expect(await queue.finishedRun(4)).toEqual([]);
  });
});
