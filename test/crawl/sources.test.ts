import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOfficialHostEntry, KNOWN_MIRROR_DOMAINS, loadSources, parseSources } from '../../src/crawl/sources.ts';
import { formatUserAgent } from '../../src/crawl/user-agent.ts';

const REGISTRY = fileURLToPath(new URL('../../config/sources.json', import.meta.url));
const ua = { product: 'gongkai-bot', version: '0.1', email: 'a@example.org' };
const site = (over: object) => ({ id: 's', agency: 'a', hosts: ['www.pingtan.gov.cn'], entries: ['https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/'], ...over });

describe('sources registry', () => {
  it('loads the shipped registry: official hosts only, every entry on its hosts, unique ids', async () => {
    const registry = await loadSources(REGISTRY);
    expect(registry.sites.length).toBeGreaterThanOrEqual(15);
    for (const s of registry.sites) {
      expect(s.hosts.every(isOfficialHostEntry)).toBe(true);
      for (const entry of s.entries) expect(KNOWN_MIRROR_DOMAINS.some((m) => new URL(entry).hostname.endsWith(m))).toBe(false);
    }
    expect(new Set(registry.sites.map((s) => s.adapter))).toEqual(new Set(['trs', 'generic', 'hanweb', 'zhejiang', 'gkmlpt']));
    expect(formatUserAgent(registry.userAgent)).toMatch(/^gongkai-bot\/0\.1 \(\+https:\/\/.+; mailto:.+\)$/);
  });

  it.each(['www.saintpaulhem.com', 'www.156152.com', 'www.acas.org.cnx7a72968723868.ipv6best.cn', 'example.com', 'gov.cn.evil.com'])('rejects %s as a host', (host) => {
    expect(() => parseSources({ version: 1, userAgent: ua, sites: [site({ hosts: [host], entries: [`http://${host}/x/`] })] })).toThrow(/not an official host/);
  });

  it('accepts *.gov.cn names, wildcards and explicitly listed IPv4 hosts with ports', () => {
    for (const host of ['www.pingtan.gov.cn', '*.pingtan.gov.cn', '61.150.65.235', '122.137.242.24:8080']) expect(isOfficialHostEntry(host)).toBe(true);
  });

  it('rejects entries outside the hosts, unknown adapters, missing contact and duplicate ids', () => {
    const base = { version: 1, userAgent: ua };
    expect(() => parseSources({ ...base, sites: [site({ entries: ['https://www.fuzhou.gov.cn/x/'] })] })).toThrow(/not on the site's hosts/);
    expect(() => parseSources({ ...base, sites: [site({ adapter: 'selenium' })] })).toThrow();
    expect(() => parseSources({ version: 1, userAgent: { product: 'x', version: '1' }, sites: [] })).toThrow(/contact/);
    expect(() => parseSources({ ...base, sites: [site({}), site({})] })).toThrow(/duplicate/);
  });

  it('fills defaults', () => {
    const reg = parseSources({ version: 1, userAgent: ua, sites: [site({})] });
    expect(reg.defaults).toEqual({ concurrency: 1, delayMs: 2000 });
    expect(reg.sites[0]!.adapter).toBe('generic');
  });
});
