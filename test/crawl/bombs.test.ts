import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fetcher } from '../../src/crawl/http/fetcher.ts';
import type { FetcherOptions } from '../../src/crawl/http/fetcher.ts';
import { TestSite } from './sites/server.ts';
import { testFetcher, testSite } from './helpers.ts';

/**
 * Resource bombs from hostile or broken servers: each must be cut off by a limit, recorded with
 * its outcome and code, and cost bounded memory and time. Everything runs against servers on
 * 127.0.0.1. The test fetcher's body cap is 64 KiB unless a test sets another.
 */

const MiB = 1024 * 1024;
const PAGE = `<html><head><meta charset="utf-8"><title>示范县2023年政府信息公开工作年度报告</title></head><body>${'<p>政府信息公开</p>'.repeat(200)}</body></html>`;

let site: TestSite;
let fetcher: Fetcher;
/** one gzip member inflating to 64 MiB of zeros (~64 KB): 160 of them are a 10 GiB bomb */
let gzipMember64MiB: Buffer;

/** Streams `chunk` `times` times with backpressure; records how the response ended. */
function stream(res: ServerResponse, headers: Record<string, string>, chunk: Buffer, times: number, ended?: { finished: boolean; closed: boolean }) {
  if (!res.headersSent) res.writeHead(200, headers);
  let sent = 0;
  const pump = () => {
    while (sent < times && !res.destroyed) {
      sent++;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end(() => ended && (ended.finished = true));
  };
  res.on('close', () => ended && (ended.closed = true));
  pump();
}

const gzipBombEnd = { finished: false, closed: false };

beforeAll(async () => {
  gzipMember64MiB = gzipSync(Buffer.alloc(64 * MiB), { level: 9 });
  site = await new TestSite().start();
  site.route('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
  const html = { 'content-type': 'text/html; charset=utf-8' };

  // ── compression bombs (chunked: no Content-Length to refuse them by) ──
  site.route('/bomb/gzip-10g.html', (_req, res) => stream(res, { ...html, 'content-encoding': 'gzip' }, gzipMember64MiB, 160, gzipBombEnd));
  const zeros16 = Buffer.alloc(16 * MiB);
  const deflateBomb = deflateSync(zeros16, { level: 9 });
  const rawDeflateBomb = deflateRawSync(zeros16, { level: 9 });
  const brBomb = brotliCompressSync(zeros16, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  const nestedBomb = gzipSync(gzipSync(zeros16, { level: 9 }), { level: 9 });
  site.route('/bomb/deflate.html', (_req, res) => stream(res, { ...html, 'content-encoding': 'deflate' }, deflateBomb, 1));
  site.route('/bomb/deflate-raw.html', (_req, res) => stream(res, { ...html, 'content-encoding': 'deflate' }, rawDeflateBomb, 1));
  site.route('/bomb/br.html', (_req, res) => stream(res, { ...html, 'content-encoding': 'br' }, brBomb, 1));
  site.route('/bomb/gzip-gzip.html', (_req, res) => stream(res, { ...html, 'content-encoding': 'gzip, gzip' }, nestedBomb, 1));
  site.route('/bomb/three-layers.html', (_req, res) => stream(res, { ...html, 'content-encoding': 'gzip, gzip, gzip' }, gzipSync(gzipSync(gzipSync(Buffer.from(PAGE)))), 1));

  // ── servers that compress (whether asked or not) ──
  site.route('/enc/gzip.html', { body: gzipSync(PAGE), headers: { 'content-encoding': 'gzip' }, contentType: html['content-type'] });
  site.route('/enc/x-gzip.html', { body: gzipSync(PAGE), headers: { 'content-encoding': 'x-gzip' }, contentType: html['content-type'] });
  site.route('/enc/deflate.html', { body: deflateSync(PAGE), headers: { 'content-encoding': 'deflate' }, contentType: html['content-type'] });
  site.route('/enc/deflate-raw.html', { body: deflateRawSync(PAGE), headers: { 'content-encoding': 'deflate' }, contentType: html['content-type'] });
  site.route('/enc/br.html', { body: brotliCompressSync(PAGE), headers: { 'content-encoding': 'br' }, contentType: html['content-type'] });
  site.route('/enc/gzip-br.html', { body: brotliCompressSync(gzipSync(PAGE)), headers: { 'content-encoding': 'gzip, br' }, contentType: html['content-type'] });
  site.route('/enc/gzip-multi-member.html', { body: Buffer.concat([gzipSync(PAGE.slice(0, 100)), gzipSync(PAGE.slice(100))]), headers: { 'content-encoding': 'gzip' }, contentType: html['content-type'] });
  site.route('/enc/gzip-empty.html', { body: Buffer.alloc(0), headers: { 'content-encoding': 'gzip' }, contentType: html['content-type'] });
  site.route('/enc/compress.html', { body: 'x', headers: { 'content-encoding': 'compress' }, contentType: html['content-type'] });
  site.route('/enc/zstd.html', { body: 'x', headers: { 'content-encoding': 'zstd' }, contentType: html['content-type'] });
  site.route('/enc/corrupt.html', { body: Buffer.from('this is not gzip at all'), headers: { 'content-encoding': 'gzip' }, contentType: html['content-type'] });
  const gz = gzipSync(PAGE);
  site.route('/enc/truncated.html', { body: gz.subarray(0, gz.length >> 1), headers: { 'content-encoding': 'gzip' }, contentType: html['content-type'] });

  // ── lengths ──
  site.route('/len/huge-declared.pdf', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(10 * 1024 * MiB) });
    res.write('%PDF-1.4\n'); // and never more: refused on the header alone
  });
  site.route('/len/large-then-close.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(32 * 1024) }); // under the cap
    res.write('<html>only the start');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  site.route('/len/large-then-stall.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(32 * 1024) }); // under the cap
    res.write('<html>only the start'); // then silence, connection held open
  });
  const endless = { finished: false, closed: false };
  site.route('/len/endless-chunked.pdf', (_req, res) => stream(res, { 'content-type': 'application/pdf' }, Buffer.alloc(64 * 1024, 0x41), Number.POSITIVE_INFINITY, endless));
  (site as unknown as { endless: typeof endless }).endless = endless;

  // ── redirects without end ──
  site.route('/chain', (req, res) => {
    const n = Number(new URL(req.url!, 'http://x').searchParams.get('n') ?? 0);
    res.writeHead(302, { location: `/chain?n=${n + 1}` }).end();
  });

  // ── headers ──
  site.route('/hdr/thousands', (_req, res) => {
    for (let i = 0; i < 5000; i++) res.setHeader(`x-h${i}`, 'v');
    res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
  });
  site.route('/hdr/giant', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': `a=${'x'.repeat(MiB)}` }).end('ok'));
  site.route('/hdr/normal', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': `JSESSIONID=${'x'.repeat(4000)}` }).end('ok'));

  fetcher = testFetcher([testSite('bombs', site, site.url('/'), 'generic', { concurrency: 4 })]);
});

afterAll(async () => {
  await fetcher.close();
  await site.stop();
});

/** max growth of heap + external (Buffers, zlib) memory while `work` runs, sampled every 5 ms */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ value: T; growth: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const base = used();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 5);
  try {
    const value = await work();
    peak = Math.max(peak, used());
    return { value, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

describe('compression bombs', () => {
  it('cuts a gzip stream inflating to 10 GiB at the body cap, with bounded memory and time', async () => {
    const local = testFetcher([testSite('bombs', site, site.url('/'), 'generic')], { maxBodyBytes: 8 * MiB });
    try {
      const { value: result, growth } = await peakGrowth(() => local.fetch(site.url('/bomb/gzip-10g.html')));
      expect(result).toMatchObject({ outcome: 'too-large', error: { code: 'E_TOO_LARGE' }, body: null, attempts: 1 });
      // Read up to the cap (plus at most one decoded chunk), never more.
      expect(result.bytes).toBeGreaterThan(8 * MiB);
      expect(result.bytes).toBeLessThanOrEqual(8 * MiB + 64 * 1024);
      expect(growth).toBeLessThan(50 * MiB);
      // The client hung up: the server never got to send all 160 members.
      await expect.poll(() => gzipBombEnd.closed).toBe(true);
      expect(gzipBombEnd.finished).toBe(false);
    } finally {
      await local.close();
    }
  });

  it.each(['/bomb/deflate.html', '/bomb/deflate-raw.html', '/bomb/br.html', '/bomb/gzip-gzip.html'])('cuts %s at the body cap', async (path) => {
    const result = await fetcher.fetch(site.url(path));
    expect(result).toMatchObject({ outcome: 'too-large', error: { code: 'E_TOO_LARGE' }, body: null, attempts: 1 });
    expect(result.bytes).toBeLessThanOrEqual(64 * 1024 + 64 * 1024);
  });

  it('refuses more than two stacked encodings without decoding any', async () => {
    expect(await fetcher.fetch(site.url('/bomb/three-layers.html'))).toMatchObject({ outcome: 'down', error: { code: 'E_CONTENT_ENCODING' }, attempts: 1 });
  });
});

describe('servers that compress', () => {
  it('asks for gzip, deflate and br', () => {
    expect(site.log[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each(['/enc/gzip.html', '/enc/x-gzip.html', '/enc/deflate.html', '/enc/deflate-raw.html', '/enc/br.html', '/enc/gzip-br.html', '/enc/gzip-multi-member.html'])('decodes %s to the page', async (path) => {
    const result = await fetcher.fetch(site.url(path));
    expect(result.outcome).toBe('ok');
    expect(Buffer.from(result.body!).toString('utf8')).toBe(PAGE);
    expect(result.bytes).toBe(Buffer.byteLength(PAGE));
  });

  it('takes an empty body labelled gzip as empty', async () => {
    expect(await fetcher.fetch(site.url('/enc/gzip-empty.html'))).toMatchObject({ outcome: 'ok', bytes: 0 });
  });

  it.each([
    ['/enc/compress.html', 'E_CONTENT_ENCODING'],
    ['/enc/zstd.html', 'E_CONTENT_ENCODING'],
    ['/enc/corrupt.html', 'E_CONTENT_ENCODING'],
    ['/enc/truncated.html', 'E_FETCH_TRUNCATED'],
  ])('records %s as %s, never as a body', async (path, code) => {
    expect(await fetcher.fetch(site.url(path))).toMatchObject({ outcome: 'down', error: { code }, body: null });
  });
});

describe('lengths', () => {
  it('refuses a declared 10 GiB body on its Content-Length without reading it', async () => {
    const result = await fetcher.fetch(site.url('/len/huge-declared.pdf'));
    expect(result).toMatchObject({ outcome: 'too-large', error: { code: 'E_TOO_LARGE' }, bytes: 0, attempts: 1 });
  });

  it('records a body shorter than its Content-Length as truncated (closed) or timed out (held open)', async () => {
    expect(await fetcher.fetch(site.url('/len/large-then-close.html'))).toMatchObject({ outcome: 'down', error: { code: 'E_FETCH_TRUNCATED' } });
    const stalled = await fetcher.fetch(site.url('/len/large-then-stall.html'));
    expect(stalled.outcome).toBe('down');
    expect(['E_FETCH_BODY_TIMEOUT', 'E_FETCH_DEADLINE']).toContain(stalled.error?.code);
  });

  it('stops an endless chunked body at the cap and hangs up', async () => {
    const result = await fetcher.fetch(site.url('/len/endless-chunked.pdf'));
    expect(result).toMatchObject({ outcome: 'too-large', error: { code: 'E_TOO_LARGE' }, attempts: 1 });
    expect(result.bytes).toBeLessThanOrEqual(128 * 1024);
    const endless = (site as unknown as { endless: { closed: boolean } }).endless;
    await expect.poll(() => endless.closed).toBe(true);
  });

  it('ends an endless chain of fresh redirects at the redirect limit', async () => {
    const before = site.requestsFor('/chain').length;
    const result = await fetcher.fetch(site.url('/chain'));
    expect(result).toMatchObject({ outcome: 'down', error: { code: 'E_TOO_MANY_REDIRECTS' } });
    expect(result.redirects).toHaveLength(5);
    expect(site.log.filter((r) => r.path.startsWith('/chain')).length - before).toBe(6);
  });
});

describe('a Content-Length that says less than is sent', () => {
  /**
   * Raw HTTP, since Node's server refuses to send more than it declares: the first response
   * declares 10 bytes and sends 1 MB more, including a forged second response. The extra bytes
   * must neither reach the body nor be taken as the answer to the next request on that socket.
   */
  let raw: NetServer;
  const sockets = new Set<Socket>();
  let connections = 0;
  let rawOrigin: string;

  beforeAll(async () => {
    raw = createNetServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      let buffered = '';
      socket.on('data', (data) => {
        buffered += data.toString('latin1');
        for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
          const path = buffered.slice(0, end).split(' ')[1];
          buffered = buffered.slice(end + 4);
          if (path === '/robots.txt') socket.write('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
          else if (path === '/liar.html') {
            const forged = 'HTTP/1.1 200 OK\r\ncontent-length: 8\r\ncontent-type: text/html\r\n\r\nSMUGGLED';
            socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 10\r\n\r\n0123456789${forged}${'x'.repeat(MiB)}`);
          } else socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 4\r\n\r\ngood');
        }
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    rawOrigin = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => raw.close(() => resolve()));
  });

  it('keeps only the declared bytes and never reads the rest as the next response', async () => {
    const options: Partial<FetcherOptions> = { isAllowed: (url) => url.origin === rawOrigin };
    const local = testFetcher([], options);
    try {
      const liar = await local.fetch(`${rawOrigin}/liar.html`);
      expect(liar).toMatchObject({ outcome: 'ok', bytes: 10 });
      expect(Buffer.from(liar.body!).toString()).toBe('0123456789');
      const next = await local.fetch(`${rawOrigin}/next.html`);
      expect(next).toMatchObject({ outcome: 'ok', bytes: 4 });
      expect(Buffer.from(next.body!).toString()).toBe('good');
      // undici dropped the poisoned connection: the next request dialled a fresh one.
      expect(connections).toBeGreaterThanOrEqual(2);
    } finally {
      await local.close();
    }
  });
});

describe('headers', () => {
  it.each(['/hdr/thousands', '/hdr/giant'])('refuses %s over the header size limit', async (path) => {
    expect(await fetcher.fetch(site.url(path))).toMatchObject({ outcome: 'too-large', error: { code: 'E_HEADERS_TOO_LARGE' }, attempts: 1 });
  });

  it('accepts the large cookies real portals send', async () => {
    expect((await fetcher.fetch(site.url('/hdr/normal'))).outcome).toBe('ok');
  });
});

describe('robots.txt size', () => {
  async function robotsSite(robots: (res: ServerResponse) => void) {
    const server = await new TestSite().start();
    server.route('/robots.txt', (_req, res) => robots(res));
    server.route('/private/report.html', { body: 'private' });
    server.route('/public/report.html', { body: 'public' });
    return server;
  }

  it('reads an endless robots.txt up to 500 KiB and obeys the rules found there', async () => {
    const ended = { finished: false, closed: false };
    const server = await robotsSite((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('User-agent: *\nDisallow: /private/\n');
      stream(res, {}, Buffer.from(`# ${'filler '.repeat(1000)}\n`), Number.POSITIVE_INFINITY, ended);
    });
    const local = testFetcher([testSite('r', server, server.url('/'), 'generic')], { maxBodyBytes: 50 * MiB });
    try {
      expect(await local.fetch(server.url('/private/report.html'))).toMatchObject({ outcome: 'robots-denied', error: { code: 'E_ROBOTS_DENIED' } });
      expect((await local.fetch(server.url('/public/report.html'))).outcome).toBe('ok');
      await expect.poll(() => ended.closed).toBe(true);
      expect(ended.finished).toBe(false);
    } finally {
      await local.close();
      await server.stop();
    }
  });

  it('ignores rules past 500 KiB, like Google', async () => {
    const server = await robotsSite((res) => {
      const filler = `# ${'x'.repeat(1022)}\n`.repeat(600); // 600 KiB of comments
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nDisallow: /private/\n${filler}Disallow: /public/\n`);
    });
    const local = testFetcher([testSite('r', server, server.url('/'), 'generic')], { maxBodyBytes: 50 * MiB });
    try {
      expect((await local.fetch(server.url('/private/report.html'))).outcome).toBe('robots-denied');
      expect((await local.fetch(server.url('/public/report.html'))).outcome).toBe('ok');
    } finally {
      await local.close();
      await server.stop();
    }
  });

  it('cuts a gzip-bombed robots.txt at 500 KiB of decoded text', async () => {
    const server = await robotsSite((res) => {
      const bomb = gzipSync(Buffer.concat([Buffer.from('User-agent: *\nDisallow: /private/\n'), Buffer.alloc(64 * MiB, 0x23)]), { level: 9 });
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
    });
    const local = testFetcher([testSite('r', server, server.url('/'), 'generic')], { maxBodyBytes: 50 * MiB });
    try {
      expect((await local.fetch(server.url('/private/report.html'))).outcome).toBe('robots-denied');
      expect((await local.fetch(server.url('/public/report.html'))).outcome).toBe('ok');
    } finally {
      await local.close();
      await server.stop();
    }
  });
});
