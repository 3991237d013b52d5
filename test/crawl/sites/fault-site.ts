import { gzipSync } from 'node:zlib';
import type { FetchOutcome } from '../../../src/crawl/http/outcome.ts';
import { chrome, reportBody } from './pages.ts';
import type { TestSite } from './server.ts';

export interface Fault {
  path: string;
  outcome: FetchOutcome;
  code: string | null;
  /** another code that is just as right (a retried timeout may end on the total deadline instead) */
  orCode?: string;
}

const page = (title: string) => chrome(null, reportBody(title));

/**
 * Fault injection: every way a government server misbehaves that the crawler must survive. Each
 * fault is a report link on one column page; the crawl must record the listed outcome and go on.
 * `offsiteOrigin` is a host that is NOT on the allow-list and must never be contacted.
 */
export function buildFaultSite(site: TestSite, offsiteOrigin: string): { entry: string; faults: Fault[] } {
  const faults: Fault[] = [
    { path: '/fault/ok.html', outcome: 'ok', code: null },
    { path: '/fault/timeout.html', outcome: 'down', code: 'E_FETCH_HEADERS_TIMEOUT', orCode: 'E_FETCH_DEADLINE' },
    { path: '/fault/slow-drip.html', outcome: 'down', code: 'E_FETCH_DEADLINE' },
    { path: '/fault/500.html', outcome: 'down', code: 'E_HTTP_STATUS' },
    { path: '/fault/429.html', outcome: 'ok', code: null },
    { path: '/fault/503-once.html', outcome: 'ok', code: null },
    { path: '/fault/truncated.html', outcome: 'down', code: 'E_FETCH_TRUNCATED' },
    { path: '/fault/loop.html', outcome: 'down', code: 'E_REDIRECT_LOOP' },
    { path: '/fault/big.pdf', outcome: 'too-large', code: 'E_TOO_LARGE' },
    { path: '/fault/big-chunked.pdf', outcome: 'too-large', code: 'E_TOO_LARGE' },
    { path: '/fault/412.html', outcome: 'blocked', code: 'E_JS_CHALLENGE' },
    { path: '/fault/521.html', outcome: 'blocked', code: 'E_JS_CHALLENGE' },
    { path: '/fault/challenge-200.html', outcome: 'blocked', code: 'E_JS_CHALLENGE' },
    { path: '/fault/403.html', outcome: 'blocked', code: 'E_HTTP_STATUS' },
    { path: '/fault/gone.html', outcome: 'missing', code: 'E_HTTP_STATUS' },
    { path: '/fault/offsite.html', outcome: 'off-allowlist', code: 'E_OFF_ALLOWLIST' },
    { path: '/private/secret.html', outcome: 'robots-denied', code: 'E_ROBOTS_DENIED' },
    // hostile servers (docs/security.md)
    { path: '/fault/to-metadata.html', outcome: 'forbidden', code: 'E_ADDRESS_FORBIDDEN' },
    { path: '/fault/to-file.html', outcome: 'forbidden', code: 'E_SCHEME_FORBIDDEN' },
    { path: '/fault/gzip-bomb.html', outcome: 'too-large', code: 'E_TOO_LARGE' },
    { path: '/fault/header-bomb.html', outcome: 'too-large', code: 'E_HEADERS_TOO_LARGE' },
    { path: '/fault/gzip.html', outcome: 'ok', code: null },
  ];
  site.route('/robots.txt', { body: 'User-agent: *\nDisallow: /private/\n\nUser-agent: gongkai-test\nDisallow: /private/\nAllow: /\n', contentType: 'text/plain' });
  const items = faults.map((f, i) => `<li><a href="${f.path}">示范县故障${i}局2023年政府信息公开工作年度报告</a></li>`).join('\n');
  site.route('/xxgk/nb/', { body: chrome(null, `<ul>${items}</ul>`), contentType: 'text/html; charset=utf-8' });
  site.route('/fault/ok.html', { body: page('ok'), contentType: 'text/html; charset=utf-8' });
  site.route('/private/secret.html', { body: page('secret'), contentType: 'text/html; charset=utf-8' });
  site.route('/fault/timeout.html', () => {
    // Never answer; the client's headers timeout ends it and the socket is destroyed on stop().
  });
  site.route('/fault/slow-drip.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    // A byte every 100 ms: never idle long enough for the body timeout, so only the total deadline stops it.
    const timer = setInterval(() => res.write('.'), 100);
    const stop = setTimeout(() => res.end(), 20_000);
    res.on('close', () => (clearInterval(timer), clearTimeout(stop)));
  });
  site.route('/fault/500.html', { body: 'server error', status: 500, validators: false });
  let hits429 = 0;
  site.route('/fault/429.html', (_req, res) => {
    if (hits429++ === 0) res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('429 then ok'));
  });
  let hits503 = 0;
  site.route('/fault/503-once.html', (_req, res) => {
    if (hits503++ === 0) res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('503 then ok'));
  });
  site.route('/fault/truncated.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': '5000' });
    res.write('<html><body>only the beginning');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  site.route('/fault/loop.html', (_req, res) => void res.writeHead(302, { location: '/fault/loop2.html' }).end());
  site.route('/fault/loop2.html', (_req, res) => void res.writeHead(302, { location: '/fault/loop.html' }).end());
  site.route('/fault/big.pdf', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(50 * 1024 * 1024) });
    res.write('%PDF-1.4\n');
    // Never send the rest; the client must give up on the declared length alone.
  });
  site.route('/fault/big-chunked.pdf', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    const chunk = Buffer.alloc(16 * 1024, 0x41);
    let sent = 0;
    const pump = () => {
      while (sent < 4 * 1024 * 1024 && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  site.route('/fault/412.html', {
    status: 412,
    validators: false,
    body: '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><script type="text/javascript">$_ts=window[\'$_ts\'];if(!$_ts)$_ts=window[\'$_ts\']={};$_ts.nsd=12345;</script></head><body></body></html>',
  });
  site.route('/fault/521.html', { status: 521, validators: false, body: '<html><script>document.cookie=("__jsl_clearance=1700000000.1|0|abc");location.href=location.pathname+location.search</script></html>' });
  site.route('/fault/challenge-200.html', {
    validators: false,
    body: '<html><head><script>var x="acw_sc__v2";document.cookie="acw_sc__v2=abc; path=/";window.location.reload();</script></head><body></body></html>',
  });
  site.route('/fault/403.html', { status: 403, validators: false, body: 'Forbidden' });
  site.route('/fault/gone.html', { status: 410, validators: false, body: 'Gone' });
  site.route('/fault/offsite.html', (_req, res) => void res.writeHead(302, { location: `${offsiteOrigin}/stolen.html` }).end());
  site.route('/fault/to-metadata.html', (_req, res) => void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
  site.route('/fault/to-file.html', (_req, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
  const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024), { level: 9 }); // 4 KB that inflate to 4 MiB
  site.route('/fault/gzip-bomb.html', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(bomb));
  site.route('/fault/header-bomb.html', (_req, res) => {
    for (let i = 0; i < 5000; i++) res.setHeader(`x-h${i}`, 'v');
    res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
  });
  site.route('/fault/gzip.html', { body: gzipSync(page('gzip')), headers: { 'content-encoding': 'gzip' }, contentType: 'text/html; charset=utf-8' });
  return { entry: site.url('/xxgk/nb/'), faults };
}
