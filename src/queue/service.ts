import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { FetcherOptions } from '../crawl/index.ts';
import { QUEUE_NAMES, QUEUES, type QueueName } from './jobs.ts';
import { renderMetrics, startHealthServer, type HealthServer } from './metrics.ts';
import { openQueueRuntime, type QueueRuntime } from './runtime.ts';
import { queueCounts } from './stats.ts';
import { startWorker, type QueueWorker } from './worker.ts';

/**
 * A long-running queue process — `gongkai worker` or `gongkai schedule` — from start to a
 * graceful stop on SIGINT/SIGTERM:
 *
 * 1. open the warehouse and pg-boss (migrating both);
 * 2. scheduler: register the nightly cron; pg-boss's cron passes run in this process (claimed
 *    per interval in the database, so several schedulers send each tick once);
 * 3. worker (and, on the embedded database, the scheduler too, since no other process can open
 *    it): work the selected queues;
 * 4. serve /healthz and /metrics;
 * 5. on a signal: stop taking jobs, release running crawls, let other running jobs finish within
 *    the grace period, release what is still running, close. A second signal exits at once.
 */
export interface ServiceOptions {
  config: Config;
  logger: Logger;
  role: 'worker' | 'scheduler';
  /** queues a worker works @default all */
  queues?: readonly QueueName[];
  concurrency: number;
  /** null: no HTTP endpoint */
  metrics: { host: string; port: number } | null;
  /** how long running jobs may take to finish after a stop signal */
  graceMs: number;
  /** scheduler: the nightly cron to register (an upsert: the last scheduler started wins) */
  cron?: { expression: string; timezone: string };
  /** exit once the queues are empty instead of waiting for a signal */
  drain?: boolean;
  fetcher?: Partial<FetcherOptions>;
  /** runs once the runtime is open, before any job is worked (e.g. to enqueue) */
  onStart?: (runtime: QueueRuntime) => Promise<void>;
  /** called once the process is ready, e.g. to read the chosen metrics port */
  onReady?: (info: { port: number | null; runtime: QueueRuntime; worker?: QueueWorker }) => void;
}

const DB_CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runService(options: ServiceOptions): Promise<void> {
  const { config, role } = options;
  const logger = options.logger.child({ role });
  const stopRequested = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting without waiting for running jobs');
      process.exit(130);
    }
    logger.info({ signal }, 'stop requested');
    stopRequested.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);

  let runtime: QueueRuntime | undefined;
  let worker: QueueWorker | undefined;
  let server: HealthServer | undefined;
  try {
    runtime = await openQueueRuntime({ config, logger, schedule: role === 'scheduler', instanceName: role });
    const { boss } = runtime;
    if (role === 'scheduler' && options.cron) {
      await boss.schedule(QUEUES.nightly, options.cron.expression, {}, { tz: options.cron.timezone });
      logger.info({ cron: options.cron.expression, timezone: options.cron.timezone }, 'nightly crawl scheduled');
    }
    await options.onStart?.(runtime);
    if (role === 'worker' || runtime.embedded) {
      worker = await startWorker({
        runtime,
        config,
        logger,
        queues: options.queues ?? QUEUE_NAMES,
        concurrency: options.concurrency,
        fetcher: options.fetcher,
      });
    }
    const execute = (text: string, params?: unknown[]) => boss.getDb().executeSql(text, params);
    const stopping = () => stopRequested.signal.aborted;
    if (options.metrics) {
      server = await startHealthServer({
        ...options.metrics,
        health: async () => {
          const body: Record<string, unknown> = { status: 'ok', role, pid: process.pid, uptimeSeconds: Math.round(process.uptime()) };
          if (worker) Object.assign(body, { queues: worker.queues, inFlight: worker.metrics.totalInFlight() });
          if (stopping()) return { ok: false, body: { ...body, status: 'stopping' } };
          try {
            await withTimeout(execute('select 1'), DB_CHECK_TIMEOUT_MS, 'the database check');
            return { ok: true, body };
          } catch (error) {
            return { ok: false, body: { ...body, status: 'database unreachable', error: (error as Error).message } };
          }
        },
        metrics: async () => {
          const queues = await withTimeout(queueCounts(execute), DB_CHECK_TIMEOUT_MS, 'reading queue counts').catch(() => null);
          return renderMetrics({ role, queues, worker: worker?.metrics, stopping: stopping() });
        },
      });
    }
    const port = server?.port ?? null;
    logger.info({ port, embedded: runtime.embedded, queues: worker?.queues ?? [] }, 'ready');
    options.onReady?.({ port, runtime, worker });

    if (options.drain && worker) await worker.drained({ signal: stopRequested.signal });
    else if (!stopRequested.signal.aborted) {
      await new Promise<void>((resolve) => stopRequested.signal.addEventListener('abort', () => resolve(), { once: true }));
    }
  } finally {
    try {
      await worker?.stop({ graceMs: options.graceMs });
      // Whatever is still running after the grace period is failed here, i.e. released for retry.
      await runtime?.close({ graceMs: 1000 });
    } finally {
      await server?.close();
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      logger.info('stopped');
    }
  }
}
