import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GongkaiError } from '../domain/errors.ts';
import { JOB_STATES, type QueueCounts } from './stats.ts';

/**
 * Health and metrics of a worker or scheduler process: `GET /healthz` (200 when the process is
 * running and its database answers, 503 otherwise or while it shuts down) and `GET /metrics`
 * (Prometheus text format 0.0.4). Counters are this process's; queue depth is the database's,
 * read at scrape time, so every process reports the same deployment-wide depth.
 */
export const JOB_OUTCOMES = ['completed', 'failed', 'deadletter'] as const;
export type JobOutcomeKind = (typeof JOB_OUTCOMES)[number];

/** This process's job counters, per queue. */
export class WorkerMetrics {
  readonly startedAt = Date.now();
  readonly jobs = new Map<string, Record<JobOutcomeKind, number>>();
  readonly seconds = new Map<string, { sum: number; count: number }>();
  readonly inFlight = new Map<string, number>();

  constructor(queues: readonly string[]) {
    for (const queue of queues) {
      this.jobs.set(queue, { completed: 0, failed: 0, deadletter: 0 });
      this.seconds.set(queue, { sum: 0, count: 0 });
      this.inFlight.set(queue, 0);
    }
  }

  started(queue: string): void {
    this.inFlight.set(queue, (this.inFlight.get(queue) ?? 0) + 1);
  }

  finished(queue: string, outcome: JobOutcomeKind, seconds: number): void {
    this.inFlight.set(queue, Math.max(0, (this.inFlight.get(queue) ?? 1) - 1));
    const jobs = this.jobs.get(queue) ?? { completed: 0, failed: 0, deadletter: 0 };
    jobs[outcome]++;
    this.jobs.set(queue, jobs);
    const time = this.seconds.get(queue) ?? { sum: 0, count: 0 };
    time.sum += seconds;
    time.count++;
    this.seconds.set(queue, time);
  }

  totalInFlight(): number {
    let total = 0;
    for (const count of this.inFlight.values()) total += count;
    return total;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  const entries = Object.entries(pairs);
  return entries.length ? `{${entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}` : '';
}

class Exposition {
  readonly lines: string[] = [];
  metric(name: string, type: 'counter' | 'gauge', help: string, samples: [Record<string, string>, number][]): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [pairs, value] of samples) this.lines.push(`${name}${labels(pairs)} ${Number.isFinite(value) ? value : 0}`);
  }
  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

export interface MetricsSnapshot {
  role: string;
  /** null when the database could not be read for this scrape */
  queues: QueueCounts[] | null;
  worker?: WorkerMetrics;
  stopping: boolean;
}

export function renderMetrics(snapshot: MetricsSnapshot): string {
  const out = new Exposition();
  out.metric('gongkai_up', 'gauge', 'Whether the process runs and can read the queue (1) or not (0).', [[{ role: snapshot.role }, snapshot.queues && !snapshot.stopping ? 1 : 0]]);
  if (snapshot.queues) {
    out.metric(
      'gongkai_queue_depth',
      'gauge',
      'Jobs waiting to run (created or waiting for a retry), across all workers.',
      snapshot.queues.map((queue) => [{ queue: queue.queue }, queue.depth]),
    );
    out.metric(
      'gongkai_queue_jobs',
      'gauge',
      'Jobs stored per queue and state (completed and failed jobs are kept for the retention period).',
      snapshot.queues.flatMap((queue) => JOB_STATES.map((state): [Record<string, string>, number] => [{ queue: queue.queue, state }, queue.states[state]])),
    );
    out.metric(
      'gongkai_queue_last_completed_timestamp_seconds',
      'gauge',
      'When a job of the queue last completed (0: never).',
      snapshot.queues.map((queue) => [{ queue: queue.queue }, queue.lastCompletedAt ? Date.parse(queue.lastCompletedAt) / 1000 : 0]),
    );
  }
  const worker = snapshot.worker;
  if (worker) {
    out.metric(
      'gongkai_worker_jobs_total',
      'counter',
      'Jobs this process finished, by outcome (failed: will be retried or failed for good by its retry limit; deadletter: failed for good at once).',
      [...worker.jobs].flatMap(([queue, counts]) => JOB_OUTCOMES.map((outcome): [Record<string, string>, number] => [{ queue, outcome }, counts[outcome]])),
    );
    out.metric('gongkai_worker_jobs_in_flight', 'gauge', 'Jobs this process is running now.', [...worker.inFlight].map(([queue, count]) => [{ queue }, count]));
    out.metric('gongkai_worker_job_seconds_sum', 'counter', 'Total run time of the jobs this process finished.', [...worker.seconds].map(([queue, time]) => [{ queue }, time.sum]));
    out.metric('gongkai_worker_job_seconds_count', 'counter', 'Jobs this process finished (for the mean run time).', [...worker.seconds].map(([queue, time]) => [{ queue }, time.count]));
  }
  out.metric('process_start_time_seconds', 'gauge', 'Start time of the process since the Unix epoch in seconds.', [[{}, Math.floor((worker?.startedAt ?? Date.now() - process.uptime() * 1000) / 1000)]]);
  return out.toString();
}

export interface HealthServerOptions {
  host: string;
  port: number;
  /** `ok` false answers 503; `body` is sent as JSON */
  health: () => Promise<{ ok: boolean; body: Record<string, unknown> }>;
  metrics: () => Promise<string>;
}

export interface HealthServer {
  /** the port listened on (the chosen one when 0 was asked for) */
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').replace(/\?.*$/, '');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const answer = async () => {
      if (path === '/healthz' || path === '/health' || path === '/readyz') {
        const health = await options.health();
        res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(health.body));
      } else if (path === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(await options.metrics());
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
      }
    };
    answer().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${(error as Error).message}\n`);
    });
  });
  // Scrapes are short; do not let an idle keep-alive connection hold the process open at exit.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new GongkaiError('E_CONFIG', `the metrics port ${options.host}:${options.port} is in use (set --port, GONGKAI_METRICS_PORT, or --port 0 for any free port)`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
