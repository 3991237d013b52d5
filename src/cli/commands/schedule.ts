import { defineCommand } from 'citty';
import { loadSources, type Site, type SourcesRegistry } from '../../crawl/index.ts';
import { GongkaiError } from '../../domain/errors.ts';
import { enqueueCrawls, openQueueRuntime, QUEUES, runService, type EnqueueCrawlsResult, type QueueRuntime, type QueueWorker } from '../../queue/index.ts';
import { commonArgs } from '../context.ts';
import { paint } from '../output.ts';
import { serviceArgs, serviceContext } from './worker.ts';

/**
 * `gongkai schedule`: the scheduler of the scale-out deployment, or a one-off enqueue.
 *
 * - `gongkai schedule` registers the nightly cron (GONGKAI_NIGHTLY_CRON, default 02:00
 *   Asia/Shanghai) and keeps running: each tick enqueues one `nightly` job, which enqueues a
 *   crawl-site job per site. Several schedulers may run; pg-boss sends each tick once.
 * - `gongkai schedule --now [--site …] [--from Y --to Y]` enqueues crawl-site jobs at once and
 *   exits: the queued counterpart of `gongkai run` / `gongkai backfill`.
 * - `gongkai schedule --off` removes the nightly cron.
 *
 * With the embedded database (no DATABASE_URL) no other process can reach the queue, so the
 * scheduler also works the jobs, and `--now` runs them to the end before it exits.
 */
function selectSites(registry: SourcesRegistry, selection: unknown): Site[] {
  const wanted = [selection ?? []]
    .flat()
    .flatMap((value) => String(value).split(','))
    .map((id) => id.trim())
    .filter(Boolean);
  if (wanted.length === 0) return [...registry.sites];
  const unknown = wanted.filter((id) => !registry.sites.some((site) => site.id === id));
  if (unknown.length) throw new GongkaiError('E_USAGE', `unknown site id(s): ${unknown.join(', ')} (see \`gongkai sources\`)`);
  return registry.sites.filter((site) => wanted.includes(site.id));
}

function yearsFrom(args: Record<string, unknown>): { from: number; to: number } | null {
  if (args.from === undefined && args.to === undefined) return null;
  const from = Number(args.from);
  const to = args.to === undefined ? new Date().getFullYear() : Number(args.to);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || from < 2000) {
    throw new GongkaiError('E_USAGE', `--from/--to must be years with from <= to (got ${String(args.from)}..${String(args.to ?? to)})`);
  }
  return { from, to };
}

function printEnqueued(result: EnqueueCrawlsResult): void {
  const lines = [`${paint('bold', 'enqueued')} ${result.enqueued.length} crawl-site job(s)${result.enqueued.length ? `: ${result.enqueued.map((job) => job.site).join(', ')}` : ''}`];
  if (result.skipped.length) lines.push(`skipped ${result.skipped.length}: ${result.skipped.map((skip) => `${skip.site} (${skip.reason})`).join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printJobs(worker: QueueWorker): void {
  const lines = [...worker.metrics.jobs].map(([queue, counts]) => `  ${queue}: ${counts.completed} completed, ${counts.failed} failed, ${counts.deadletter} failed for good`);
  process.stdout.write(`${paint('bold', 'jobs run')}\n${lines.join('\n')}\n`);
}

export default defineCommand({
  meta: {
    name: 'schedule',
    description:
      'Run the nightly scheduler (registers the cron, enqueues a crawl of every site on each tick) until SIGINT/SIGTERM; or with --now enqueue crawl-site jobs at once; or with --off remove the schedule.',
  },
  args: {
    cron: { type: 'string', description: 'cron expression of the nightly crawl ($GONGKAI_NIGHTLY_CRON, default "0 2 * * *")', valueHint: 'expr' },
    tz: { type: 'string', description: 'time zone of the cron ($GONGKAI_NIGHTLY_TZ, default Asia/Shanghai)', valueHint: 'zone' },
    now: { type: 'boolean', description: 'enqueue crawl-site jobs now and exit (embedded database: run them first)' },
    site: { type: 'string', description: 'with --now: only this site id (comma-separate for several); default all sites', valueHint: 'id' },
    from: { type: 'string', description: 'with --now: backfill from this reporting year', valueHint: 'year' },
    to: { type: 'string', description: 'with --now --from: last reporting year (default: this year)', valueHint: 'year' },
    off: { type: 'boolean', description: 'remove the nightly schedule and exit' },
    ...serviceArgs,
    ...commonArgs,
  },
  async run({ args }) {
    const { config, logger, graceMs } = serviceContext(args, { interactive: Boolean(args.now || args.off) });
    if (args.now && args.off) throw new GongkaiError('E_USAGE', '--now and --off exclude each other');
    if (!args.now && (args.site || args.from || args.to)) throw new GongkaiError('E_USAGE', '--site, --from and --to go with --now');
    const metrics = args.metrics ? { host: config.metricsHost, port: config.metricsPort } : null;

    if (args.off) {
      const runtime = await openQueueRuntime({ config, logger, schedule: false, instanceName: 'cli' });
      try {
        await runtime.boss.unschedule(QUEUES.nightly);
        process.stdout.write('nightly schedule removed\n');
      } finally {
        await runtime.close();
      }
      return;
    }

    if (args.now) {
      const registry = await loadSources(config.sourcesFile);
      const sites = selectSites(registry, args.site);
      const years = yearsFrom(args);
      const enqueue = async (runtime: QueueRuntime) => {
        const result = await enqueueCrawls(runtime.boss, registry, sites, { mode: years ? 'backfill' : 'incremental', years });
        printEnqueued(result);
      };
      if (config.databaseUrl) {
        // Workers elsewhere take the jobs; this process only enqueues.
        const runtime = await openQueueRuntime({ config, logger, schedule: false, instanceName: 'cli' });
        try {
          await enqueue(runtime);
        } finally {
          await runtime.close();
        }
        return;
      }
      // Embedded: nobody else can reach the queue, so run the jobs here until none is left.
      let worker: QueueWorker | undefined;
      await runService({
        config,
        logger,
        role: 'worker',
        concurrency: config.queueConcurrency,
        metrics: null,
        graceMs,
        drain: true,
        onStart: enqueue,
        onReady: (ready) => {
          worker = ready.worker;
        },
      });
      if (worker) printJobs(worker);
      return;
    }

    await runService({
      config,
      logger,
      role: 'scheduler',
      concurrency: config.queueConcurrency,
      metrics,
      graceMs,
      cron: { expression: (args.cron as string | undefined) ?? config.nightlyCron, timezone: (args.tz as string | undefined) ?? config.nightlyTimezone },
    });
  },
});
