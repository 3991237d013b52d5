import { setTimeout as sleep } from 'node:timers/promises';
import { fetcherOverrides } from '../pipeline/fetcher-overrides.ts';
import type { Job, JobResult } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { loadSources, type FetcherOptions, type SourcesRegistry } from '../crawl/index.ts';
import { createExtractionPool, poolOptionsFrom, type ExtractionPool } from '../extract/pool.ts';
import { HANDLERS, type HandlerContext, type JobOutcome } from './handlers.ts';
import { QUEUES, type QueueName } from './jobs.ts';
import { WorkerMetrics } from './metrics.ts';
import type { QueueRuntime } from './runtime.ts';
import { queueCounts } from './stats.ts';

/**
 * A worker: pg-boss `work()` on each selected queue, `concurrency` jobs of each at once, one job
 * per fetch. Every job start and end is logged (JSON, with queue, job id, attempt, outcome and
 * duration) and counted for `/metrics`.
 */
export interface StartWorkerOptions {
  runtime: Pick<QueueRuntime, 'db' | 'blobs' | 'boss'>;
  config: Config;
  logger: Logger;
  queues: readonly QueueName[];
  /** jobs of each queue run at once in this process (nightly always runs one) */
  concurrency: number;
  /** @default the registry in `config.sourcesFile`, read for every job */
  registry?: () => Promise<SourcesRegistry>;
  fetcher?: Partial<FetcherOptions>;
}

export interface QueueWorker {
  readonly queues: readonly QueueName[];
  readonly metrics: WorkerMetrics;
  readonly stopping: boolean;
  /**
   * Graceful stop: takes no new jobs, aborts running crawls (their jobs end `failed`/released and
   * are retried by another worker, resuming from the frontier) and waits up to `graceMs` for the
   * other running jobs to finish. Jobs still running after that are released by the runtime's close.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Resolves once the selected queues hold no waiting or running job (seen twice in a row). */
  drained(options?: { pollMs?: number; signal?: AbortSignal }): Promise<void>;
}

function subject(queue: QueueName, data: unknown): Record<string, unknown> {
  const payload = (data ?? {}) as Record<string, unknown>;
  if (queue === QUEUES.crawlSite) return { site: payload.siteId, mode: payload.mode };
  if (queue === QUEUES.ingestDocument) return { sha256: payload.sha256, source: payload.source };
  return {};
}

export async function startWorker(options: StartWorkerOptions): Promise<QueueWorker> {
  const { runtime, config, logger } = options;
  const { boss } = runtime;
  const metrics = new WorkerMetrics(options.queues);
  const shutdown = new AbortController();
  let pool: ExtractionPool | undefined;
  const extractionPool = () => (pool ??= createExtractionPool(poolOptionsFrom(config)));
  const context: HandlerContext = {
    db: runtime.db,
    blobs: runtime.blobs,
    boss,
    logger,
    extract: (bytes, extractOptions) => extractionPool().extract(bytes, { ...extractOptions, maxPdfPages: config.maxPdfPages }),
    registry: options.registry ?? (() => loadSources(config.sourcesFile)),
    shutdown: shutdown.signal,
    // The address exemptions go to fetchers that enforce the SSRF address policy.
    fetcher: { ...fetcherOverrides(config), ...options.fetcher },
  };

  const run = async (queue: QueueName, job: Job<unknown>): Promise<JobResult> => {
    const started = performance.now();
    const fields = { queue, jobId: job.id, attempt: job.retryCount + 1, ...subject(queue, job.data) };
    metrics.started(queue);
    logger.info(fields, 'job started');
    let outcome: JobOutcome;
    try {
      outcome = await HANDLERS[queue](job, context);
    } catch (error) {
      // A bug or an unexpected database error: retried like any failure.
      outcome = { status: 'failed', output: { error: 'E_INTERNAL', message: (error as Error).message } };
    }
    const seconds = (performance.now() - started) / 1000;
    metrics.finished(queue, outcome.status, seconds);
    const level = outcome.status === 'completed' ? 'info' : 'warn';
    logger[level]({ ...fields, outcome: outcome.status, seconds: Number(seconds.toFixed(3)), output: outcome.output }, `job ${outcome.status}`);
    return { id: job.id, status: outcome.status, output: outcome.output };
  };

  for (const queue of options.queues) {
    await boss.work<unknown>(
      queue,
      {
        batchSize: 1,
        localConcurrency: queue === QUEUES.nightly ? 1 : options.concurrency,
        pollingIntervalSeconds: config.queuePollSeconds,
        perJobResults: true,
      },
      async (jobs) => Promise.all(jobs.map((job) => run(queue, job))),
    );
  }
  logger.info({ queues: options.queues, concurrency: options.concurrency }, 'worker started');

  let stopping = false;
  return {
    queues: options.queues,
    metrics,
    get stopping() {
      return stopping;
    },
    async stop(stopOptions = {}) {
      if (stopping) return;
      stopping = true;
      logger.info({ inFlight: metrics.totalInFlight() }, 'worker stopping');
      shutdown.abort(new Error('worker shutting down'));
      await Promise.allSettled(options.queues.map((queue) => boss.offWork(queue, { wait: false })));
      const deadline = Date.now() + (stopOptions.graceMs ?? 30_000);
      while (metrics.totalInFlight() > 0 && Date.now() < deadline) await sleep(50);
      await pool?.close();
      logger.info({ inFlight: metrics.totalInFlight() }, 'worker stopped');
    },
    async drained(drainOptions = {}) {
      const pollMs = drainOptions.pollMs ?? Math.max(250, config.queuePollSeconds * 1000);
      let idleChecks = 0;
      const execute = (text: string, params?: unknown[]) => boss.getDb().executeSql(text, params);
      while (!drainOptions.signal?.aborted) {
        const counts = await queueCounts(execute, options.queues);
        const busy = counts.reduce((sum, queue) => sum + queue.depth + queue.states.active, 0) + metrics.totalInFlight();
        idleChecks = busy === 0 ? idleChecks + 1 : 0;
        if (idleChecks >= 2) return;
        await sleep(pollMs);
      }
    },
  };
}
