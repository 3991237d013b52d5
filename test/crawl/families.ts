import type { Site } from '../../src/crawl/sources.ts';
import { buildFaultSite, type Fault } from './sites/fault-site.ts';
import { buildGkmlptSite } from './sites/gkmlpt-site.ts';
import { buildHanwebSite } from './sites/hanweb-site.ts';
import { TestSite } from './sites/server.ts';
import { buildTrsSite, type BuiltSite } from './sites/trs-site.ts';
import { buildZhejiangSite } from './sites/zhejiang-site.ts';
import { testSite } from './helpers.ts';

/** One imitation portal of every CMS family, plus the fault site and a host off the allow-list. */
export interface Families {
  servers: { trs: TestSite; hanweb: TestSite; gkmlpt: TestSite; zhejiang: TestSite; faults: TestSite; offsite: TestSite };
  built: { trs: BuiltSite; hanweb: BuiltSite; gkmlpt: BuiltSite; zhejiang: BuiltSite };
  faults: Fault[];
  sites: { trs: Site; hanweb: Site; gkmlpt: Site; zhejiang: Site; faults: Site };
  stop(): Promise<void>;
}

export async function startFamilies(): Promise<Families> {
  const [trs, hanweb, gkmlpt, zhejiang, faults, offsite] = await Promise.all(Array.from({ length: 6 }, () => new TestSite().start()));
  const built = {
    trs: buildTrsSite(trs!, { reports: 9, perPage: 4, crawlDelay: 0.05 }),
    hanweb: buildHanwebSite(hanweb!, { reports: 10, perPage: 2 }),
    gkmlpt: buildGkmlptSite(gkmlpt!, { reports: 7, perPage: 3 }),
    zhejiang: buildZhejiangSite(zhejiang!, { years: [2023, 2022, 2021, 2020], emptyYears: [2019] }),
  };
  offsite!.route('/stolen.html', { body: 'must never be fetched' });
  const faultSite = buildFaultSite(faults!, offsite!.origin);
  const sites = {
    trs: testSite('trs', trs!, built.trs.entry, 'trs'),
    hanweb: testSite('hanweb', hanweb!, built.hanweb.entry, 'hanweb', { delayMs: 30 }),
    gkmlpt: testSite('gkmlpt', gkmlpt!, built.gkmlpt.entry, 'gkmlpt'),
    zhejiang: { ...testSite('zhejiang', zhejiang!, built.zhejiang.entry, 'zhejiang'), years: { from: 2019, to: 2023 } },
    faults: testSite('faults', faults!, faultSite.entry, 'generic', { concurrency: 2 }),
  };
  const servers = { trs: trs!, hanweb: hanweb!, gkmlpt: gkmlpt!, zhejiang: zhejiang!, faults: faults!, offsite: offsite! };
  return {
    servers,
    built,
    faults: faultSite.faults,
    sites,
    stop: async () => void (await Promise.all(Object.values(servers).map((s) => s.stop()))),
  };
}

/** Mean gap between request starts: (last − first) / (n − 1). */
export function meanStartGap(server: TestSite): number {
  const starts = server.log.map((r) => r.startedAt).sort((a, b) => a - b);
  return (starts.at(-1)! - starts[0]!) / (starts.length - 1);
}
