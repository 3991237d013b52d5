import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/crawl/http/fetcher.ts';
import { fetcherOptionsForSites } from '../../src/crawl/setup.ts';
import { TestSite } from './sites/server.ts';
import { TEST_UA, testSite } from './helpers.ts';

/** A forward proxy on 127.0.0.1: CONNECT tunnels and absolute-form requests, both recorded. */
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
  return new Fetcher({ ...fetcherOptionsForSites([testSite('p', site, site.url('/'), 'generic')], { concurrency: 1, delayMs: 0 }, TEST_UA) });
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
});
