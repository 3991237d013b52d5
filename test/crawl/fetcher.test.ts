import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fetcher } from '../../src/crawl/http/fetcher.ts';
import { decodeBody } from '../../src/encoding/charset.ts';
import { buildFaultSite, type Fault } from './sites/fault-site.ts';
import { buildTrsSite } from './sites/trs-site.ts';
import { TestSite } from './sites/server.ts';
import { testFetcher, testSite } from './helpers.ts';

let faultServer: TestSite;
let offsite: TestSite;
let trsServer: TestSite;
let faults: Fault[];
let fetcher: Fetcher;

beforeAll(async () => {
  [faultServer, offsite, trsServer] = await Promise.all([new TestSite().start(), new TestSite().start(), new TestSite().start()]);
  offsite.route('/stolen.html', { body: 'must not be fetched' });
  faults = buildFaultSite(faultServer, offsite.origin).faults;
  buildTrsSite(trsServer, { reports: 3, perPage: 3 });
  const sites = [testSite('faults', faultServer, faultServer.url('/xxgk/nb/'), 'generic', { concurrency: 4 }), testSite('trs', trsServer, trsServer.url('/zfxxgk/zfxxgknb/'), 'trs')];
  fetcher = testFetcher(sites);
});

afterAll(async () => {
  await fetcher.close();
  await Promise.all([faultServer.stop(), offsite.stop(), trsServer.stop()]);
});

describe('Fetcher outcomes', () => {
  it('lands every injected fault in its outcome, as data, never as an exception', async () => {
    const results = await Promise.all(faults.map((f) => fetcher.fetch(faultServer.url(f.path))));
    const got = results.map((r, i) => ({ path: faults[i]!.path, outcome: r.outcome, code: r.error?.code ?? null }));
    expect(got).toEqual(faults.map((f) => ({ path: f.path, outcome: f.outcome, code: f.code })));
    expect(offsite.log).toHaveLength(0);
    expect(faultServer.requestsFor('/private/secret.html')).toHaveLength(0);
  });

  it('retries 500s up to the attempt limit and 429 after its Retry-After', async () => {
    expect(faultServer.requestsFor('/fault/500.html')).toHaveLength(2);
    const hits = faultServer.requestsFor('/fault/429.html');
    expect(hits).toHaveLength(2);
    expect(hits[1]!.startedAt - hits[0]!.startedAt).toBeGreaterThanOrEqual(950);
  });

  it('stops reading an oversized chunked body instead of downloading it', async () => {
    const result = await fetcher.fetch(faultServer.url('/fault/big-chunked.pdf'));
    expect(result.outcome).toBe('too-large');
    expect(result.bytes).toBeLessThan(256 * 1024);
  });

  it('sends an identifying User-Agent with contact details', () => {
    const ua = faultServer.log[0]!.headers['user-agent'];
    expect(ua).toMatch(/^gongkai-test\/0\.0 \(\+https:\/\/example\.org\/gongkai; mailto:crawler@example\.org\)$/);
  });
});

describe('Fetcher conditional GET and charset', () => {
  it('returns ok with validators, then not-modified when they are sent back', async () => {
    const url = trsServer.url('/zfxxgk/zfxxgknb/');
    const first = await fetcher.fetch(url);
    expect(first.outcome).toBe('ok');
    expect(first.validators.etag).toBeTruthy();
    const second = await fetcher.fetch(url, { validators: first.validators });
    expect(second.outcome).toBe('not-modified');
    expect(second.status).toBe(304);
    expect(second.body).toBeNull();
  });

  it('decodes a GBK page whose charset is only in <meta>', async () => {
    const result = await fetcher.fetch(trsServer.url('/zfxxgk/zfxxgknb/'));
    expect(result.contentType).toBe('text/html');
    const decoded = decodeBody(result.body!, result.contentType);
    expect(decoded).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(decoded.text).toContain('政府信息公开工作年度报告');
  });
});

describe('Fetcher politeness', () => {
  it('never exceeds per-host concurrency nor the global limit, and reaches them', async () => {
    const servers = await Promise.all([new TestSite().start(), new TestSite().start(), new TestSite().start()]);
    const slow = (_req: unknown, res: import('node:http').ServerResponse) => void setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), 60);
    let globalInFlight = 0;
    let globalMax = 0;
    for (const s of servers) {
      s.route('/robots.txt', { body: '', status: 404, validators: false });
      s.route('/slow', (req, res) => {
        globalMax = Math.max(globalMax, ++globalInFlight);
        res.on('close', () => globalInFlight--);
        slow(req, res);
      });
    }
    const sites = servers.map((s, i) => testSite(`s${i}`, s, s.url('/'), 'generic', { concurrency: i === 0 ? 1 : 2 }));
    const local = testFetcher(sites, { globalConcurrency: 4 });
    try {
      const results = await Promise.all(servers.flatMap((s) => Array.from({ length: 8 }, () => local.fetch(s.url('/slow')))));
      expect(results.every((r) => r.outcome === 'ok')).toBe(true);
      expect(servers.map((s) => s.maxInFlight)).toEqual([1, 2, 2]);
      expect(globalMax).toBeLessThanOrEqual(4);
    } finally {
      await local.close();
      await Promise.all(servers.map((s) => s.stop()));
    }
  });

  it('spaces request starts on one host by the configured delay', async () => {
    const server = await new TestSite().start();
    server.route('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
    server.route('/p', { body: 'x', validators: false });
    const clientStarts: number[] = [];
    const local = testFetcher([testSite('d', server, server.url('/'), 'generic', { delayMs: 80 })], { globalConcurrency: 1, onRequestStart: (_h, at) => void clientStarts.push(at) });
    try {
      await Promise.all(Array.from({ length: 5 }, () => local.fetch(server.url('/p'))));
      // robots.txt + 5 pages, each start at least 80 ms after the previous one
      expect(clientStarts).toHaveLength(6);
      for (let i = 1; i < clientStarts.length; i++) expect(clientStarts[i]! - clientStarts[i - 1]!).toBeGreaterThanOrEqual(79);
      const seen = server.log.map((r) => r.startedAt);
      expect(seen.at(-1)! - seen[0]!).toBeGreaterThanOrEqual(5 * 80 - 20);
    } finally {
      await local.close();
      await server.stop();
    }
  });
});

describe('robots.txt unavailability', () => {
  it('treats a 5xx robots.txt as the host being down (not as allowed, not as a final denial)', async () => {
    const server = await new TestSite().start();
    server.route('/robots.txt', { body: 'oops', status: 503, validators: false });
    server.route('/p', { body: 'x' });
    const local = testFetcher([testSite('r', server, server.url('/'), 'generic')]);
    try {
      const result = await local.fetch(server.url('/p'));
      expect(result).toMatchObject({ outcome: 'down', error: { code: 'E_ROBOTS_UNREACHABLE' } });
      expect(server.requestsFor('/p')).toHaveLength(0);
    } finally {
      await local.close();
      await server.stop();
    }
  });

  it('treats a missing robots.txt as no restriction', async () => {
    const server = await new TestSite().start();
    server.route('/p', { body: 'x' });
    const local = testFetcher([testSite('r', server, server.url('/'), 'generic')]);
    try {
      expect((await local.fetch(server.url('/p'))).outcome).toBe('ok');
    } finally {
      await local.close();
      await server.stop();
    }
  });
});

describe('unreachable hosts', () => {
  it('reports a refused connection as down with its network code, without throwing', async () => {
    const server = await new TestSite().start();
    const url = server.url('/p');
    const site = testSite('gone', server, server.url('/'), 'generic');
    await server.stop();
    const local = testFetcher([site]);
    try {
      expect(await local.fetch(url)).toMatchObject({ outcome: 'down', status: null, error: { code: 'E_FETCH_CONNECT' } });
    } finally {
      await local.close();
    }
  });
});
