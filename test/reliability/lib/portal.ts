import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generateReport, present, renderHtmlBytes, renderText } from '../../../scripts/synthetic/index.ts';
import { TestSite } from '../../crawl/sites/server.ts';

/**
 * Local imitation portals for the reliability tests and the soak benchmark: generic-adapter
 * column pages on 127.0.0.1 (one port per host) listing annual reports — our samples (HTML,
 * plain text, Markdown, PDF attachments behind envelope pages, bad and broken documents) and
 * synthetic reports from `scripts/synthetic/`. Every served document is recorded so a test can
 * extract it in-process and compare the warehouse with what extraction gives.
 */
export const SAMPLES = path.resolve(import.meta.dirname, '../../../samples');

export interface ServedDocument {
  url: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface Portal {
  sites: TestSite[];
  /** every report page and attachment served, by URL */
  documents: Map<string, ServedDocument>;
  /** a sources registry (JSON) listing every host, for `gongkai run --sources` */
  registry(): object;
  stop(): Promise<void>;
}

/**
 * The crawler refuses loopback and private addresses (SSRF defence, docs/security.md) unless the
 * operator exempts ranges: our portals live on 127.0.0.1. Environment for CLI runs, and the
 * fetcher option for in-process crawls.
 */
export const PORTAL_ENV = { GONGKAI_CRAWL_ALLOWED_ADDRESSES: '127.0.0.1/32' };
export const PORTAL_FETCHER = { allowedAddressRanges: ['127.0.0.1/32'] };

export const TEST_USER_AGENT = { product: 'gongkai-reliability', version: '0.0', url: 'https://example.org/gongkai', email: 'crawler@example.org' };

/** One column page's item: a report page, optionally an envelope with a PDF attachment. */
interface Item {
  title: string;
  body: Uint8Array;
  contentType: string;
  /** served as an attachment linked from a tables-less envelope page */
  attachment?: boolean;
  ext?: string;
}

const enc = (text: string) => new TextEncoder().encode(text);

class PortalBuilder {
  readonly documents = new Map<string, ServedDocument>();

  /** Routes a column page with `items` on `site`; every page and attachment is recorded. */
  build(site: TestSite, items: readonly Item[], options: { perPage?: number } = {}): void {
    const perPage = options.perPage ?? 20;
    const pages: string[][] = [];
    items.forEach((item, i) => {
      const page = `/zfxxgk/zfxxgknb/202401/t20240115_${i + 1}.html`;
      const title = escapeHtml(item.title);
      if (item.attachment) {
        const file = `/zfxxgk/zfxxgknb/202401/P02024011500${i + 1}.${item.ext ?? 'pdf'}`;
        this.serve(site, file, item.body, item.contentType);
        const envelope = `<html><head><meta charset="utf-8"><title>${title}</title></head><body>
          <h1>${title}</h1><div class="content"><p>详见附件。</p>
          <p>附件：<a href=".${file.slice(file.lastIndexOf('/'))}">${title}.${item.ext ?? 'pdf'}</a></p></div></body></html>`;
        this.serve(site, page, enc(envelope), 'text/html; charset=utf-8');
      } else {
        this.serve(site, page, item.body, item.contentType);
      }
      const n = Math.floor(i / perPage);
      (pages[n] ??= []).push(`<li><a href="./202401/t20240115_${i + 1}.html" title="${title}">${title}</a><span>2024-01-15</span></li>`);
    });
    if (pages.length === 0) pages.push([]);
    pages.forEach((links, n) => {
      const name = n === 0 ? 'index.html' : `index_${n}.html`;
      const next = n + 1 < pages.length ? `<div class="page"><a href="./index_${n + 1}.html">下一页</a></div>` : '';
      site.route(`/zfxxgk/zfxxgknb/${name}`, {
        body: `<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul class="list">${links.join('\n')}</ul>${next}</body></html>`,
        contentType: 'text/html; charset=utf-8',
      });
    });
    site.route('/robots.txt', { body: 'User-agent: *\nDisallow: /private/\n', contentType: 'text/plain' });
  }

  private serve(site: TestSite, route: string, bytes: Uint8Array, contentType: string): void {
    site.route(route, { body: Buffer.from(bytes), contentType });
    this.documents.set(site.url(route), { url: site.url(route), bytes, contentType });
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** The sample documents as portal items (titles look like annual reports, so every one is followed). */
async function sampleItems(): Promise<{ pages: Item[]; pdfs: Item[] }> {
  const read = (file: string) => readFile(path.join(SAMPLES, file)).then((buffer) => new Uint8Array(buffer));
  const expected = async (file: string) => {
    try {
      return JSON.parse(await readFile(path.join(SAMPLES, 'expected', `${file}.json`), 'utf8')) as { agency?: string; year?: number };
    } catch {
      return {};
    }
  };
  const title = async (file: string) => {
    const { agency, year } = await expected(file);
    return agency && year ? `${agency}${year}年政府信息公开工作年度报告` : `样本${path.basename(file)} 2023年政府信息公开工作年度报告`;
  };
  const pageFiles = [
    ['html/v2021-city-gov-utf8.html', 'text/html'],
    ['html/v2021-gbk-split-headers.html', 'text/html'],
    ['html/v2021-next-year-dash-na.html', 'text/html'],
    ['html/v2019-2020-blank-totals.html', 'text/html'],
    ['html/v2021-truncated.html', 'text/html'],
    ['html/pre2019-2015-county.html', 'text/html'],
    ['text/v2021-wordpaste-tabs.txt', 'text/plain; charset=utf-8'],
    ['text/v2019-wordpaste-tabs.txt', 'text/plain; charset=utf-8'],
    ['text/crawler-v2021.page.txt', 'text/plain; charset=utf-8'],
    ['text/crawler-v2019-2023.page.txt', 'text/plain; charset=utf-8'],
    ['markdown/v2019-clean.md', 'text/plain; charset=utf-8'],
    ['markdown/v2021-split-pdf.md', 'text/plain; charset=utf-8'],
    ['bad/news-article.html', 'text/html; charset=utf-8'],
    ['bad/empty.html', 'text/html'],
    ['bad/garbage.html', 'text/html'],
  ] as const;
  const pdfFiles = [
    'pdf/v2019-ruled-split.pdf',
    'pdf/v2021-borderless.pdf',
    'pdf/v2021-ruled-repeated-header.pdf',
    'broken/encrypted.pdf',
    'broken/not-a-pdf.pdf',
    'broken/scanned.pdf',
    'broken/truncated.pdf',
    'broken/zero-pages.pdf',
  ];
  const pages = await Promise.all(pageFiles.map(async ([file, contentType]) => ({ title: await title(file), body: await read(file), contentType })));
  const pdfs = await Promise.all(
    pdfFiles.map(async (file) => ({ title: await title(file), body: await read(file), contentType: 'application/pdf', attachment: true, ext: 'pdf' })),
  );
  return { pages, pdfs };
}

/**
 * `count` synthetic reports with distinct (agency, year) identities, rendered as HTML (UTF-8 or
 * GBK) or plain text, deterministic for a seed.
 */
export function syntheticItems(count: number, seed: string): Item[] {
  const items: Item[] = [];
  const identities = new Set<string>();
  for (let i = 0; items.length < count && i < count * 4; i++) {
    const data = generateReport({ seed: `${seed}#${i}` });
    const identity = `${data.agency.name}/${data.year}`;
    if (identities.has(identity)) continue;
    identities.add(identity);
    const printed = present(data);
    const title = `${data.agency.name}${data.year}年政府信息公开工作年度报告`;
    if (i % 5 === 4) items.push({ title, body: enc(renderText(printed)), contentType: 'text/plain; charset=utf-8' });
    else if (i % 5 === 3) items.push({ title, body: renderHtmlBytes(printed, { charset: 'gbk' }), contentType: 'text/html' });
    else items.push({ title, body: renderHtmlBytes(printed), contentType: 'text/html; charset=utf-8' });
  }
  return items;
}

function registryFor(sites: readonly TestSite[]): object {
  return {
    version: 1,
    userAgent: TEST_USER_AGENT,
    defaults: { concurrency: 1, delayMs: 0 },
    sites: sites.map((site, i) => ({
      id: `local-${i}`,
      agency: `本地测试门户${i}`,
      hosts: [site.host],
      entries: [site.url('/zfxxgk/zfxxgknb/index.html')],
      adapter: 'generic',
    })),
  };
}

async function finish(sites: TestSite[], builder: PortalBuilder): Promise<Portal> {
  return {
    sites,
    documents: builder.documents,
    registry: () => registryFor(sites),
    stop: async () => {
      await Promise.all(sites.map((site) => site.stop()));
    },
  };
}

/**
 * The crash-test portal: one host with the sample report pages (HTML, text, Markdown, bad
 * documents), one with the sample and broken PDFs behind envelope pages, and `syntheticHosts`
 * hosts with `perHost` synthetic reports each.
 */
export async function startSamplePortal(options: { syntheticHosts?: number; perHost?: number; seed?: string } = {}): Promise<Portal> {
  const { pages, pdfs } = await sampleItems();
  const extra = options.syntheticHosts ?? 2;
  const sites = await Promise.all(Array.from({ length: 2 + extra }, () => new TestSite().start()));
  const builder = new PortalBuilder();
  builder.build(sites[0]!, pages, { perPage: 6 });
  builder.build(sites[1]!, pdfs, { perPage: 4 });
  const synthetic = syntheticItems(extra * (options.perHost ?? 10), options.seed ?? 'reliability');
  for (let h = 0; h < extra; h++) {
    const share = synthetic.filter((_, i) => i % extra === h);
    builder.build(sites[2 + h]!, share, { perPage: 5 });
  }
  return finish(sites, builder);
}

/** `hosts` hosts with `perHost` synthetic reports each (the soak portal). Request logs are off. */
export async function startSyntheticPortal(options: { hosts: number; perHost: number; seed?: string; perPage?: number }): Promise<Portal> {
  const sites = await Promise.all(Array.from({ length: options.hosts }, () => new TestSite().start()));
  const builder = new PortalBuilder();
  const all = syntheticItems(options.hosts * options.perHost, options.seed ?? 'soak');
  sites.forEach((site, h) => {
    builder.build(site, all.filter((_, i) => i % options.hosts === h), { perPage: options.perPage ?? 20 });
    // A long-running server must not grow a request log without bound.
    site.log.push = () => 0;
  });
  return finish(sites, builder);
}
