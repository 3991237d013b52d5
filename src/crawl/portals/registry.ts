import { CrawlError } from '../errors.ts';
import type { AdapterName } from '../sources.ts';
import { genericAdapter } from './generic.ts';
import { gkmlptAdapter } from './gkmlpt.ts';
import { hanwebAdapter } from './hanweb.ts';
import { trsAdapter } from './trs.ts';
import { zhejiangAdapter } from './zhejiang.ts';
import type { PortalAdapter } from './types.ts';

/** Every portal family the crawler knows, by the name the sources registry uses. */
export const PORTAL_ADAPTERS: Readonly<Record<AdapterName, PortalAdapter>> = {
  generic: genericAdapter,
  trs: trsAdapter,
  hanweb: hanwebAdapter,
  gkmlpt: gkmlptAdapter,
  zhejiang: zhejiangAdapter,
};

export function adapterFor(name: string): PortalAdapter {
  const adapter = (PORTAL_ADAPTERS as Record<string, PortalAdapter>)[name];
  if (!adapter) throw new CrawlError('E_ADAPTER_UNKNOWN', `no portal adapter named ${name}`);
  return adapter;
}
