import { describe, expect, it } from 'vitest';
import type { EnqueueRequest, Frontier } from '../../src/crawl/frontier.ts';

/**
 * The Frontier contract, defined once and run against every implementation (memory, PGlite,
 * PostgreSQL), so the engine can rely on the same behaviour everywhere.
 */
export function describeFrontierContract(name: string, make: () => Promise<Frontier>) {
  const req = (url: string, over: Partial<EnqueueRequest> = {}): EnqueueRequest => ({ url, siteId: 's', kind: 'report', via: 'link', ...over });
  const t0 = new Date('2025-01-01T00:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const lease = { limit: 10, now: t0, leaseMs: 1000 };
  const fetched = { outcome: 'ok' as const, status: 200, etag: '"e1"', lastModified: 'Mon, 15 Jan 2024 08:00:00 GMT', sha256: 'a'.repeat(64), errorCode: null, fetchedAt: t0 };

  describe(`Frontier contract: ${name}`, () => {
    it('enqueues idempotently and reports only new URLs', async () => {
      const f = await make();
      expect(await f.enqueue([req('http://a/1'), req('http://a/2'), req('http://a/1')])).toEqual(['http://a/1', 'http://a/2']);
      expect(await f.enqueue([req('http://a/2'), req('http://a/3', { kind: 'attachment', parentUrl: 'http://a/2', year: 2023, title: 't' })])).toEqual(['http://a/3']);
      expect(await f.get('http://a/3')).toMatchObject({ kind: 'attachment', parentUrl: 'http://a/2', year: 2023, title: 't', state: 'pending', attempts: 0 });
    });

    it('leases due entries of one site, oldest first, once', async () => {
      const f = await make();
      await f.enqueue([req('http://a/1'), req('http://b/1', { siteId: 'other' }), req('http://a/2'), req('http://a/3')]);
      expect((await f.next('s', { ...lease, limit: 2 })).map((e) => e.url)).toEqual(['http://a/1', 'http://a/2']);
      expect((await f.next('s', lease)).map((e) => e.url)).toEqual(['http://a/3']);
      expect(await f.next('s', lease)).toEqual([]);
      // an expired lease (the process died) makes the entry claimable again
      expect((await f.next('s', { ...lease, now: at(1000) })).map((e) => e.url)).toEqual(['http://a/1', 'http://a/2', 'http://a/3']);
    });

    it('keeps validators and hash through a 304, and revisits settled entries', async () => {
      const f = await make();
      await f.enqueue([req('http://a/1', { kind: 'list', via: 'seed' }), req('http://a/2')]);
      await f.next('s', lease);
      await f.markFetched('http://a/1', fetched);
      await f.markFetched('http://a/2', fetched);
      await f.markFetched('http://a/2', { ...fetched, outcome: 'not-modified', status: 304, etag: null, lastModified: null, sha256: null, fetchedAt: at(5) });
      expect(await f.get('http://a/2')).toMatchObject({ state: 'done', outcome: 'not-modified', etag: '"e1"', sha256: 'a'.repeat(64), fetchedAt: at(5) });
      expect(await f.revisit({ siteId: 's', kinds: ['list'], via: ['seed'] })).toBe(1);
      expect((await f.next('s', lease)).map((e) => [e.url, e.etag])).toEqual([['http://a/1', '"e1"']]);
    });

    it('schedules retries and gives up when told to', async () => {
      const f = await make();
      await f.enqueue([req('http://a/1'), req('http://a/2')]);
      await f.next('s', lease);
      await f.markFailed('http://a/1', { outcome: 'down', status: 503, errorCode: 'E_HTTP_STATUS', attempts: 1, nextAttemptAt: at(60_000), fetchedAt: t0 });
      await f.markFailed('http://a/2', { outcome: 'down', status: null, errorCode: 'E_FETCH_CONNECT', attempts: 5, nextAttemptAt: null, fetchedAt: t0 });
      expect(await f.next('s', { ...lease, now: at(59_999) })).toEqual([]);
      expect((await f.next('s', { ...lease, now: at(60_000) })).map((e) => [e.url, e.attempts])).toEqual([['http://a/1', 1]]);
      expect(await f.get('http://a/2')).toMatchObject({ state: 'dead', errorCode: 'E_FETCH_CONNECT', attempts: 5 });
      expect((await f.list({ state: 'dead' })).map((e) => e.url)).toEqual(['http://a/2']);
    });

    it('re-enqueue with revisitSettledBefore re-opens only entries settled earlier', async () => {
      const f = await make();
      await f.enqueue([req('http://a/1', { kind: 'list' }), req('http://a/2', { kind: 'list' })]);
      await f.next('s', lease);
      await f.markFetched('http://a/1', { ...fetched, fetchedAt: t0 });
      await f.markFetched('http://a/2', { ...fetched, fetchedAt: at(10_000) });
      expect(await f.enqueue([req('http://a/1'), req('http://a/2')], { revisitSettledBefore: at(5_000) })).toEqual([]);
      expect((await f.list({ state: 'pending' })).map((e) => e.url)).toEqual(['http://a/1']);
    });

    it('releases the leases of a site', async () => {
      const f = await make();
      await f.enqueue([req('http://a/1'), req('http://b/1', { siteId: 'other' })]);
      await f.next('s', { ...lease, leaseMs: 3_600_000 });
      await f.next('other', { ...lease, leaseMs: 3_600_000 });
      expect(await f.releaseLeases('s')).toBe(1);
      expect((await f.next('s', lease)).map((e) => e.url)).toEqual(['http://a/1']);
      expect((await f.list({ siteId: 'other', state: 'leased' })).length).toBe(1);
    });
  });
}
