import { defineCommand } from 'citty';
import pino, { type Logger } from 'pino';
import type { Config } from '../../config/config.ts';
import { GongkaiError } from '../../domain/errors.ts';
import { isQueueName, QUEUE_NAMES, runService, type QueueName } from '../../queue/index.ts';
import { commonArgs, contextFrom } from '../context.ts';

/** Flags shared by the long-running queue commands (`worker`, `schedule`). */
export const serviceArgs = {
  concurrency: { type: 'string', description: 'jobs of each queue run at once ($GONGKAI_QUEUE_CONCURRENCY, default 2)', valueHint: 'n' },
  port: { type: 'string', description: 'health and metrics port, /healthz and /metrics ($GONGKAI_METRICS_PORT, default 9464; 0: any free port)', valueHint: 'port' },
  metrics: { type: 'boolean', default: true, description: 'serve /healthz and /metrics (--no-metrics: do not)' },
  grace: { type: 'string', description: 'seconds running jobs get to finish after SIGINT/SIGTERM before they are released for retry (default 60)', valueHint: 's' },
  sources: { type: 'string', description: 'sources registry ($GONGKAI_SOURCES, default config/sources.json)', valueHint: 'file' },
} as const;

function positiveNumber(value: unknown, flag: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new GongkaiError('E_USAGE', `--${flag} must be a non-negative number (got ${String(value)})`);
  return number;
}

/** Config from flags, environment and file, plus a JSON logger at `info` unless told otherwise. */
export function serviceContext(args: Record<string, unknown>, options: { interactive?: boolean } = {}): { config: Config; logger: Logger; graceMs: number } {
  const { config } = contextFrom(args, {
    queueConcurrency: positiveNumber(args.concurrency, 'concurrency'),
    metricsPort: positiveNumber(args.port, 'port'),
    sourcesFile: args.sources as string | undefined,
  });
  // A service logs for machines, on a terminal too: structured JSON lines on stderr. A one-off
  // command run from a terminal keeps the terminal for its summary, as `gongkai run` does.
  const quiet = options.interactive && process.stderr.isTTY;
  const logger = pino({ level: config.logLevel ?? (quiet ? 'error' : 'info'), base: { app: 'gongkai', pid: process.pid } }, pino.destination(2));
  const graceMs = (positiveNumber(args.grace, 'grace') ?? 60) * 1000;
  return { config, logger, graceMs };
}

export function parseQueues(value: unknown): QueueName[] {
  if (value === undefined || value === '') return [...QUEUE_NAMES];
  const names = String(value)
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !isQueueName(name));
  if (unknown.length || names.length === 0) {
    throw new GongkaiError('E_USAGE', `unknown queue(s): ${unknown.join(', ') || String(value)} (queues: ${QUEUE_NAMES.join(', ')})`);
  }
  return [...new Set(names)] as QueueName[];
}

export default defineCommand({
  meta: {
    name: 'worker',
    description:
      'Process queued jobs (nightly, crawl-site, ingest-document) until SIGINT/SIGTERM, with /healthz and /metrics. Start several, on one or many machines, against the same DATABASE_URL and blob store. With the embedded database it also runs the nightly schedule.',
  },
  args: {
    queues: { type: 'string', description: `comma-separated queues to work (default all: ${QUEUE_NAMES.join(',')})`, valueHint: 'names' },
    drain: { type: 'boolean', description: 'exit once the queues are empty instead of waiting for a signal' },
    ...serviceArgs,
    ...commonArgs,
  },
  async run({ args }) {
    const queues = parseQueues(args.queues);
    const { config, logger, graceMs } = serviceContext(args);
    await runService({
      config,
      logger,
      role: 'worker',
      queues,
      concurrency: config.queueConcurrency,
      metrics: args.metrics ? { host: config.metricsHost, port: config.metricsPort } : null,
      graceMs,
      drain: args.drain,
    });
  },
});
