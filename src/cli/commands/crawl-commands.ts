import { defineCommand } from 'citty';
import type { CrawlMode, Site, SourcesRegistry } from '../../crawl/index.ts';
import { loadSources } from '../../crawl/index.ts';
import { GongkaiError } from '../../domain/errors.ts';
import { createExtractionPool, poolOptionsFrom } from '../../extract/pool.ts';
import { finishRun, withRun } from '../../load/index.ts';
import { crawlAndLoad, type SiteSummary } from '../../pipeline/crawl-and-load.ts';
import { fetcherOverrides } from '../../pipeline/fetcher-overrides.ts';
import { commonArgs, contextFrom, type CommandContext } from '../context.ts';
import { createProgress, paint } from '../output.ts';
import { printIngestSummary } from '../summary.ts';
import { withWarehouse } from '../warehouse.ts';

/**
 * `crawl`, `run` and `backfill` share one engine: crawl the registry's sites and load what is new.
 * They differ in which sites, how far back and whether known list pages stop the paging.
 */
const siteArgs = {
  site: { type: 'string', description: 'only this site id (repeat or comma-separate for several); default all sites', valueHint: 'id' },
  sources: { type: 'string', description: 'sources registry ($GONGKAI_SOURCES, default config/sources.json)', valueHint: 'file' },
} as const;

function selectSites(registry: SourcesRegistry, selection: string | string[] | undefined): Site[] {
  const wanted = [selection ?? []].flat().flatMap((value) => value.split(',')).map((id) => id.trim()).filter(Boolean);
  if (wanted.length === 0) return [...registry.sites];
  const unknown = wanted.filter((id) => !registry.sites.some((site) => site.id === id));
  if (unknown.length) throw new GongkaiError('E_USAGE', `unknown site id(s): ${unknown.join(', ')} (see \`gongkai sources\`)`);
  return registry.sites.filter((site) => wanted.includes(site.id));
}

function printSites(summaries: readonly SiteSummary[]): void {
  const lines = summaries.map((site) => {
    const outcomes = Object.entries(site.outcomes)
      .filter(([, count]) => count > 0)
      .map(([outcome, count]) => `${outcome} ${count}`)
      .join(', ');
    const status = site.error ? paint('red', `error: ${site.error}`) : outcomes || 'nothing fetched';
    return `  ${site.site}: found ${site.found}, new ${site.new}, changed ${site.changed}, unchanged ${site.unchanged}, failed ${site.failed} — ${status}`;
  });
  process.stdout.write(`${paint('bold', 'sites')}\n${lines.join('\n')}\n`);
}

interface CrawlRun {
  command: string;
  mode: CrawlMode;
  args: Record<string, unknown>;
  years?: { from: number; to: number } | null;
}

async function runCrawl(context: CommandContext, run: CrawlRun): Promise<void> {
  const { config, logger } = context;
  const registry = await loadSources((run.args.sources as string | undefined) ?? config.sourcesFile);
  const sites = selectSites(registry, run.args.site as string | string[] | undefined);
  const pool = createExtractionPool(poolOptionsFrom(config));
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    await withWarehouse(config, ({ db, blobs }) =>
      withRun(db, run.command, { sites: sites.map((site) => site.id), mode: run.mode, years: run.years ?? null }, async (runId) => {
        const progress = createProgress(Number.POSITIVE_INFINITY, 'documents');
        try {
          const result = await crawlAndLoad(
            {
              registry,
              sites,
              mode: run.mode,
              years: run.years,
              signal: controller.signal,
              onDocument: (source) => progress.tick(source),
              fetcher: fetcherOverrides(config),
            },
            { db, blobs, logger, extract: (bytes, options) => pool.extract(bytes, { ...options, maxPdfPages: config.maxPdfPages }) },
          );
          progress.stop();
          const { errors, templates, ...counts } = result.ingest;
          const siteErrors = result.sites.filter((site) => site.error).map((site) => ({ site: site.site, message: site.error }));
          await finishRun(db, runId, {
            status: 'ok',
            counts: { sites: sites.length, sitesFailed: siteErrors.length, ...counts },
            errors: [...siteErrors, ...errors],
          });
          printSites(result.sites);
          printIngestSummary(result.ingest);
        } catch (error) {
          progress.stop();
          await finishRun(db, runId, { status: 'failed', errors: [{ message: (error as Error).message }] }).catch(() => {});
          throw error;
        }
      }),
    );
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await pool.close();
  }
}

export const crawlCommand = defineCommand({
  meta: { name: 'crawl', description: 'Crawl sites of the sources registry incrementally and load the new and changed reports' },
  args: { ...siteArgs, ...commonArgs },
  run: ({ args }) => runCrawl(contextFrom(args), { command: 'crawl', mode: 'incremental', args }),
});

export const runCommand = defineCommand({
  meta: {
    name: 'run',
    description:
      'The nightly job: crawl every site incrementally, extract, validate and load what is new, and store a run summary. Exits non-zero only when the run itself fails, not when some sites do.',
  },
  args: { ...siteArgs, ...commonArgs },
  run: ({ args }) => runCrawl(contextFrom(args), { command: 'run', mode: 'incremental', args }),
});

export const backfillCommand = defineCommand({
  meta: { name: 'backfill', description: 'One-off historical load: walk every list page of the sites and load reports of the given years' },
  args: {
    from: { type: 'string', description: 'first reporting year', valueHint: 'year', required: true },
    to: { type: 'string', description: 'last reporting year (default: this year)', valueHint: 'year' },
    ...siteArgs,
    ...commonArgs,
  },
  run: ({ args }) => {
    const from = Number(args.from);
    const to = args.to ? Number(args.to) : new Date().getFullYear();
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || from < 2000) {
      throw new GongkaiError('E_USAGE', `--from/--to must be years with from <= to (got ${args.from}..${args.to ?? to})`);
    }
    return runCrawl(contextFrom(args), { command: 'backfill', mode: 'backfill', args, years: { from, to } });
  },
});
