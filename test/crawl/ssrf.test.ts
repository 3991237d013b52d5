import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FetcherOptions } from '../../src/crawl/http/fetcher.ts';
import type { ResolvedAddress } from '../../src/crawl/http/guarded-connect.ts';
import { TestSite } from './sites/server.ts';
import { TEST_ADDRESS_RANGES, testFetcher, testSite } from './helpers.ts';

/**
 * SSRF: the fetcher never opens a socket to a loopback, private, link-local (cloud metadata),
 * CGNAT, multicast, … address, whether it comes as an IP literal in any spelling, from a redirect,
 * or from DNS. No test here sends a packet anywhere but 127.0.0.1/127.0.0.2: forbidden targets are
 * refused before connecting, and every socket the process tries to open is recorded to prove it.
 * Names are resolved only by injected lookups (never real DNS).
 */

/** Every TCP connection attempt of this process: `ip:port` as net really tried it. */
const attempts: string[] = [];
/** Every net `Socket#connect` call: the host it was given (a name or an IP). */
const connectCalls: string[] = [];

beforeAll(() => {
  const original = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    const first = args[0] as { host?: string; port?: number } | [{ host?: string; port?: number }];
    const options = Array.isArray(first) ? first[0] : first;
    connectCalls.push(`${options?.host}:${options?.port}`);
    this.on('connectionAttempt', (ip: string, port: number) => attempts.push(`${ip}:${port}`));
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  });
});

afterAll(() => vi.restoreAllMocks());

let server: TestSite;

beforeAll(async () => {
  server = await new TestSite().start();
  server.route('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
  server.route('/page.html', { body: '<html>ok</html>' });
  const redirect = (location: string) => (_req: unknown, res: import('node:http').ServerResponse) => void res.writeHead(302, { location }).end();
  server.route('/to-metadata', redirect('http://169.254.169.254/latest/meta-data/iam/security-credentials/'));
  server.route('/to-private', redirect('http://10.0.0.1/admin'));
  server.route('/to-decimal-loopback', redirect('http://2130706441/')); // 127.0.0.9
  server.route('/to-mapped-metadata', redirect('http://[::ffff:169.254.169.254]/'));
  server.route('/to-file', redirect('file:///etc/passwd'));
  server.route('/to-gopher', redirect('gopher://127.0.0.1:6379/_FLUSHALL'));
  server.route('/to-name', redirect('http://internal.example.gov.cn/'));
});

afterAll(() => server.stop());

afterEach(() => {
  attempts.length = 0;
  connectCalls.length = 0;
});

/**
 * A fetcher for which every host is on the allow-list, so the address policy alone must stop the
 * request; 127.0.0.1 (our server) is the one exempted address unless a test says otherwise.
 */
function openFetcher(overrides: Partial<FetcherOptions> = {}) {
  const resolveHost = vi.fn(async (hostname: string): Promise<ResolvedAddress[]> => {
    throw Object.assign(new Error(`unexpected DNS question for ${hostname}`), { code: 'ENOTFOUND' });
  });
  const started: string[] = [];
  const fetcher = testFetcher([testSite('s', server, server.url('/'), 'generic')], {
    isAllowed: () => true,
    resolveHost,
    onRequestStart: (host) => void started.push(host),
    ...overrides,
  });
  return { fetcher, resolveHost, started };
}

describe('IP literals in any spelling are refused before any socket exists', () => {
  it('refuses loopback, private, metadata, CGNAT, multicast, … literals', async () => {
    const { fetcher, resolveHost, started } = openFetcher({ allowedAddressRanges: [] });
    const port = new URL(server.origin).port;
    const before = server.connections;
    const urls = [
      `http://127.0.0.1:${port}/page.html`, // the live server: refused even though it would answer
      `http://2130706433:${port}/page.html`, // decimal
      `http://0x7f.1:${port}/page.html`, // hex, short form
      `http://0177.0.0.1:${port}/page.html`, // octal
      `http://127.1:${port}/page.html`, // short form
      `http://[::ffff:127.0.0.1]:${port}/page.html`, // IPv4-mapped IPv6
      `http://[::1]:${port}/page.html`,
      `http://localhost:${port}/page.html`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/', // Alibaba Cloud metadata (CGNAT range)
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://0300.0250.0.1/', // 192.168.0.1 in octal
      'http://0.0.0.0/',
      'http://0/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
      'https://[fd00::1]/',
      'https://[fe80::1]/',
    ];
    try {
      const results = await Promise.all(urls.map((url) => fetcher.fetch(url)));
      for (const [i, result] of results.entries()) {
        expect([urls[i], result.outcome, result.error?.code]).toEqual([urls[i], 'forbidden', 'E_ADDRESS_FORBIDDEN']);
        expect(result.attempts).toBe(0);
      }
      expect(started).toEqual([]);
      expect(resolveHost).not.toHaveBeenCalled();
      expect(connectCalls).toEqual([]);
      expect(attempts).toEqual([]);
      expect(server.connections).toBe(before);
    } finally {
      await fetcher.close();
    }
  });

  it('refuses file:, ftp:, data:, javascript:, gopher: URLs', async () => {
    const { fetcher, started } = openFetcher();
    const urls = ['file:///etc/passwd', 'ftp://ftp.example.gov.cn/report.pdf', 'data:text/html,<h1>x</h1>', 'javascript:alert(1)', 'gopher://127.0.0.1:6379/_INFO', 'ws://www.example.gov.cn/'];
    try {
      const results = await Promise.all(urls.map((url) => fetcher.fetch(url)));
      expect(results.map((r) => [r.outcome, r.error?.code])).toEqual(urls.map(() => ['forbidden', 'E_SCHEME_FORBIDDEN']));
      expect(started).toEqual([]);
      expect(connectCalls).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });
});

describe('redirect hops', () => {
  it.each([
    ['/to-metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'E_ADDRESS_FORBIDDEN'],
    ['/to-private', 'http://10.0.0.1/admin', 'E_ADDRESS_FORBIDDEN'],
    ['/to-decimal-loopback', 'http://127.0.0.9/', 'E_ADDRESS_FORBIDDEN'],
    ['/to-mapped-metadata', 'http://[::ffff:a9fe:a9fe]/', 'E_ADDRESS_FORBIDDEN'],
    ['/to-file', 'file:///etc/passwd', 'E_SCHEME_FORBIDDEN'],
    ['/to-gopher', 'gopher://127.0.0.1:6379/_FLUSHALL', 'E_SCHEME_FORBIDDEN'],
  ])('a redirect from %s to %s is refused without connecting', async (path, target, code) => {
    const { fetcher, started } = openFetcher();
    try {
      const result = await fetcher.fetch(server.url(path));
      expect(result).toMatchObject({ outcome: 'forbidden', error: { code }, finalUrl: target, redirects: [server.url(path)] });
      // Only our server was ever asked or dialled.
      expect(new Set(started)).toEqual(new Set([server.host]));
      expect(connectCalls.every((c) => c === `127.0.0.1:${new URL(server.origin).port}`)).toBe(true);
      expect(attempts.every((a) => a === `127.0.0.1:${new URL(server.origin).port}`)).toBe(true);
    } finally {
      await fetcher.close();
    }
  });

  it('checks a redirect to a name on resolution: a private answer is refused before the TCP connect', async () => {
    const resolveHost = vi.fn(async () => [{ address: '10.0.0.1', family: 4 as const }]);
    const { fetcher } = openFetcher({ resolveHost });
    try {
      const result = await fetcher.fetch(server.url('/to-name'));
      expect(result).toMatchObject({ outcome: 'forbidden', error: { code: 'E_ADDRESS_FORBIDDEN' }, finalUrl: 'http://internal.example.gov.cn/' });
      expect(result.error!.message).toMatch(/internal\.example\.gov\.cn resolves to 10\.0\.0\.1 \(private\)/);
      expect(resolveHost).toHaveBeenCalledTimes(1); // robots.txt of the new host asked; refused; cached as forbidden
      expect(attempts.some((a) => a.startsWith('10.'))).toBe(false);
    } finally {
      await fetcher.close();
    }
  });
});

describe('names resolved by an injected lookup', () => {
  it.each([
    ['10.0.0.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.100.100.200', /CGNAT/],
    ['::1', /loopback/],
    ['fd00::5', /unique-local/],
    ['::ffff:192.168.0.1', /IPv4-mapped 192\.168\.0\.1: private/],
  ])('a name resolving to %s is refused before connecting', async (address, reason) => {
    const family = address.includes(':') ? 6 : 4;
    const resolveHost = vi.fn(async () => [{ address, family } as ResolvedAddress]);
    const { fetcher, started } = openFetcher({ resolveHost, obeyRobots: false });
    try {
      const result = await fetcher.fetch('http://portal.example.gov.cn/zfxxgk/');
      expect(result).toMatchObject({ outcome: 'forbidden', error: { code: 'E_ADDRESS_FORBIDDEN' }, attempts: 1 });
      expect(result.error!.message).toMatch(reason);
      expect(resolveHost).toHaveBeenCalledExactlyOnceWith('portal.example.gov.cn');
      expect(started).toEqual(['portal.example.gov.cn']);
      // net was handed the name, asked our lookup, and never attempted a TCP connection.
      expect(connectCalls).toEqual(['portal.example.gov.cn:80']);
      expect(attempts).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });

  it('refuses a name resolving to 127.0.0.1 where a server listens: that server sees no connection', async () => {
    const before = server.connections;
    const port = Number(new URL(server.origin).port);
    const { fetcher } = openFetcher({ allowedAddressRanges: [], resolveHost: async () => [{ address: '127.0.0.1', family: 4 }] });
    try {
      const result = await fetcher.fetch(`http://rebound.example.gov.cn:${port}/page.html`);
      expect(result).toMatchObject({ outcome: 'forbidden', error: { code: 'E_ADDRESS_FORBIDDEN', message: expect.stringMatching(/^robots\.txt: .*loopback/) } });
      expect(server.connections).toBe(before);
      expect(attempts).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });

  it('refuses a name with one public and one private address without connecting to either', async () => {
    const { fetcher } = openFetcher({
      obeyRobots: false,
      resolveHost: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '192.168.1.10', family: 4 },
      ],
    });
    try {
      expect(await fetcher.fetch('http://mixed.example.gov.cn/')).toMatchObject({ outcome: 'forbidden', error: { code: 'E_ADDRESS_FORBIDDEN' } });
      expect(attempts).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });
});

describe('DNS rebinding', () => {
  /**
   * Two servers on one port: 127.0.0.2 stands in for the public address (the only exempted one),
   * 127.0.0.1 for the internal target. The rebinding lookup answers 127.0.0.2 first and 127.0.0.1
   * on every later question.
   */
  async function twoServersOnOnePort(options: { closeConnections: boolean }): Promise<{ publicSite: TestSite; internal: TestSite }> {
    for (let tries = 0; ; tries++) {
      const publicSite = await new TestSite({ address: '127.0.0.2', closeConnections: options.closeConnections }).start();
      const internal = new TestSite({ address: '127.0.0.1', port: publicSite.port });
      internal.route('/report.html', { body: 'SECRET' });
      try {
        await internal.start();
        return { publicSite, internal };
      } catch (error) {
        await publicSite.stop();
        if (tries > 20) throw error;
      }
    }
  }

  it('connects to the address it checked; the rebound answer on the next connection is refused', async () => {
    // The public server closes each connection after one response: each request dials (and resolves) anew.
    const { publicSite, internal } = await twoServersOnOnePort({ closeConnections: true });
    const port = publicSite.port;
    publicSite.route('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
    publicSite.route('/report.html', { body: '<html>report</html>' });
    let calls = 0;
    const resolveHost = vi.fn(async (): Promise<ResolvedAddress[]> => (calls++ === 0 ? [{ address: '127.0.0.2', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]));
    const { fetcher } = openFetcher({ allowedAddressRanges: ['127.0.0.2/32'], resolveHost });
    try {
      const result = await fetcher.fetch(`http://rebind.example.gov.cn:${port}/report.html`);
      // robots.txt went over the first connection to the checked 127.0.0.2; the page needed a
      // second connection, whose lookup answered 127.0.0.1: refused, never dialled.
      expect(publicSite.log.map((r) => r.path)).toEqual(['/robots.txt']);
      expect(result).toMatchObject({ outcome: 'forbidden', error: { code: 'E_ADDRESS_FORBIDDEN' } });
      expect(resolveHost).toHaveBeenCalledTimes(2);
      expect(attempts).toEqual([`127.0.0.2:${port}`]);
      expect(internal.connections).toBe(0);
    } finally {
      await fetcher.close();
      await Promise.all([publicSite.stop(), internal.stop()]);
    }
  });

  it('resolves exactly once per connection, and every connection goes to an address it checked', async () => {
    // Keep-alive this time: undici reuses connections, opening a new one only when all are busy.
    const { publicSite, internal } = await twoServersOnOnePort({ closeConnections: false });
    const port = publicSite.port;
    publicSite.route('/robots.txt', { body: '', status: 404, validators: false });
    for (const page of ['a', 'b', 'c', 'd']) publicSite.route(`/${page}.html`, { body: page });
    const resolveHost = vi.fn(async (): Promise<ResolvedAddress[]> => [{ address: '127.0.0.2', family: 4 }]);
    const { fetcher } = openFetcher({ allowedAddressRanges: ['127.0.0.2/32'], resolveHost, limitsFor: () => ({ concurrency: 2, delayMs: 0 }) });
    try {
      const results = await Promise.all(['a', 'b', 'c', 'd'].map((page) => fetcher.fetch(`http://rebind.example.gov.cn:${port}/${page}.html`)));
      expect(results.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(attempts.length).toBeGreaterThanOrEqual(1);
      expect(attempts.every((a) => a === `127.0.0.2:${port}`)).toBe(true);
      expect(resolveHost).toHaveBeenCalledTimes(attempts.length);
      expect(publicSite.log).toHaveLength(5);
      expect(internal.connections).toBe(0);
    } finally {
      await fetcher.close();
      await Promise.all([publicSite.stop(), internal.stop()]);
    }
  });
});

describe('the test exemption is explicit', () => {
  it('a fetcher without allowedAddressRanges refuses our own 127.0.0.1 test server', async () => {
    const { fetcher } = openFetcher({ allowedAddressRanges: undefined });
    try {
      expect(await fetcher.fetch(server.url('/page.html'))).toMatchObject({ outcome: 'forbidden', error: { code: 'E_ADDRESS_FORBIDDEN' } });
    } finally {
      await fetcher.close();
    }
  });

  it('the test helpers exempt exactly 127.0.0.1', async () => {
    expect(TEST_ADDRESS_RANGES).toEqual(['127.0.0.1/32']);
    const { fetcher } = openFetcher();
    try {
      expect((await fetcher.fetch(server.url('/page.html'))).outcome).toBe('ok');
    } finally {
      await fetcher.close();
    }
  });
});
