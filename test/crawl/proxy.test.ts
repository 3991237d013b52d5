import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/crawl/http/fetcher.ts';
import { fetcherOptionsForSites } from '../../src/crawl/setup.ts';
import { TestSite } from './sites/server.ts';
import { TEST_ADDRESS_RANGES, TEST_UA, testFetcher, testSite } from './helpers.ts';

/**
 * A forward proxy on 127.0.0.1: CONNECT tunnels and absolute-form requests, both recorded.
 * Requests for any host but 127.0.0.1 are answered by the proxy itself (it never resolves or
 * dials a name: tests send no traffic off this machine).
 */
class TestProxy {
  readonly seen: string[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  get url() {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }
  async start() {
    this.server = createServer((req, res) => {
      this.seen.push(`GET ${req.url}`);
      const target = new URL(req.url!);
      if (target.hostname !== '127.0.0.1') {
        if (target.pathname === '/robots.txt') res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': 'text/html' }).end('<html>answered by the proxy</html>');
        return;
      }
      const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    this.server.on('connect', (req, client: Socket) => {
      this.seen.push(`CONNECT ${req.url}`);
      const [host, port] = req.url!.split(':');
      const upstream = connect(Number(port), host!, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => this.sockets.delete(s));
      }
    });
    this.server.on('connection', (s) => (this.sockets.add(s), s.on('close', () => this.sockets.delete(s))));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this;
  }
  async stop() {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }
}

const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];
const saved = Object.fromEntries(PROXY_VARS.map((k) => [k, process.env[k]]));
let proxy: TestProxy;
let site: TestSite;

beforeAll(async () => {
  proxy = await new TestProxy().start();
  site = await new TestSite().start();
  site.route('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
  site.route('/page.html', { body: '<html>ok</html>' });
});

afterEach(() => {
  for (const k of PROXY_VARS) if (saved[k] === undefined) delete process.env[k];
  else process.env[k] = saved[k];
});

afterAll(async () => {
  await proxy.stop();
  await site.stop();
});

function fetcherFromEnv() {
  // No dispatcher injected: the production default (EnvHttpProxyAgent) reads the environment.
  return new Fetcher({ ...fetcherOptionsForSites([testSite('p', site, site.url('/'), 'generic')], { concurrency: 1, delayMs: 0 }, TEST_UA), allowedAddressRanges: TEST_ADDRESS_RANGES });
}

describe('proxy environment', () => {
  it('sends every request, robots.txt included, through HTTP_PROXY', async () => {
    for (const k of PROXY_VARS) delete process.env[k];
    process.env['HTTP_PROXY'] = proxy.url;
    const fetcher = fetcherFromEnv();
    try {
      const result = await fetcher.fetch(site.url('/page.html'));
      expect(result.outcome).toBe('ok');
      expect(site.requestsFor('/page.html')).toHaveLength(1);
      expect(proxy.seen.length).toBeGreaterThanOrEqual(1);
      expect(proxy.seen.every((line) => line.includes(site.host))).toBe(true);
      expect(site.log.map((r) => r.path)).toEqual(['/robots.txt', '/page.html']);
    } finally {
      await fetcher.close();
    }
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    for (const k of PROXY_VARS) delete process.env[k];
    process.env['HTTP_PROXY'] = proxy.url;
    process.env['NO_PROXY'] = site.host;
    const before = proxy.seen.length;
    const fetcher = fetcherFromEnv();
    try {
      expect((await fetcher.fetch(site.url('/page.html'))).outcome).toBe('ok');
      expect(proxy.seen.length).toBe(before);
    } finally {
      await fetcher.close();
    }
  });

  it('checks the target, not the proxy hop: the allow-list and IP literals still apply, names are resolved by the proxy', async () => {
    for (const k of PROXY_VARS) delete process.env[k];
    process.env['HTTP_PROXY'] = proxy.url; // 127.0.0.1: the operator's proxy is not address-checked
    const before = proxy.seen.length;
    const resolveHost = async (hostname: string): Promise<never> => {
      throw new Error(`the crawler must not resolve ${hostname} when a proxy is in use`);
    };
    const portal = { id: 'portal', agency: 'portal', hosts: ['portal.example.gov.cn'], entries: ['http://portal.example.gov.cn/'], adapter: 'generic' as const, limits: { concurrency: 1, delayMs: 0 } };
    // No exempted ranges at all: the address policy is fully on.
    const fetcher = testFetcher([portal], { allowedAddressRanges: [], resolveHost });
    try {
      expect(await fetcher.fetch('http://portal.example.gov.cn/page.html')).toMatchObject({ outcome: 'ok' });
      expect(await fetcher.fetch('http://elsewhere.example.gov.cn/page.html')).toMatchObject({ outcome: 'off-allowlist', error: { code: 'E_OFF_ALLOWLIST' } });
      expect(await fetcher.fetch('http://169.254.169.254/latest/meta-data/')).toMatchObject({ outcome: 'forbidden', error: { code: 'E_ADDRESS_FORBIDDEN' } });
      expect(await fetcher.fetch(site.url('/page.html'))).toMatchObject({ outcome: 'forbidden', error: { code: 'E_ADDRESS_FORBIDDEN' } });
      expect(proxy.seen.slice(before)).toEqual(['GET http://portal.example.gov.cn/robots.txt', 'GET http://portal.example.gov.cn/page.html']);
    } finally {
      await fetcher.close();
    }
  });
});
