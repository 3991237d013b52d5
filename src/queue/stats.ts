import { QUEUE_NAMES, QUEUES } from './jobs.ts';

/**
 * Queue depth and recent jobs, read straight from pg-boss's tables (`pgboss.queue`, `pgboss.job`,
 * `pgboss.schedule`), so `gongkai status` needs no running pg-boss and `/metrics` reads live
 * counts rather than pg-boss's cached ones. Works through any executor: the warehouse handle or
 * pg-boss's own connection.
 */
export type Execute = (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface QueueCounts {
  queue: string;
  policy: string;
  /** jobs per state (failed: failed for good; retry: failed, waiting for their next attempt) */
  states: Record<JobState, number>;
  /** waiting to run: created + retry */
  depth: number;
  lastCompletedAt: string | null;
  lastFailedAt: string | null;
}

export interface RecentJob {
  queue: string;
  id: string;
  state: 'completed' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  /** the job's payload and the handler's output, abridged */
  data: unknown;
  output: unknown;
}

export interface QueueStatus {
  queues: QueueCounts[];
  /** most recently finished jobs first */
  recent: RecentJob[];
  /** the nightly cron, when `gongkai schedule` registered one */
  schedule: { cron: string; timezone: string } | null;
}

const SCHEMA = 'pgboss';

function isoFromEpoch(value: unknown): string | null {
  return value === null || value === undefined ? null : new Date(Number(value) * 1000).toISOString();
}

/** Whether pg-boss's schema is installed (a warehouse that never ran a queue command has none). */
export async function queueInstalled(execute: Execute): Promise<boolean> {
  const { rows } = await execute(`select to_regclass('${SCHEMA}.job') is not null as installed`);
  return (rows[0] as { installed: boolean } | undefined)?.installed === true;
}

export async function queueCounts(execute: Execute, queues: readonly string[] = QUEUE_NAMES): Promise<QueueCounts[]> {
  const states = JOB_STATES.map((state) => `count(j.id) filter (where j.state = '${state}')::int as "${state}"`).join(',\n            ');
  const { rows } = await execute(
    `select q.name as queue, q.policy,
            ${states},
            extract(epoch from max(j.completed_on) filter (where j.state = 'completed'))::float8 as last_completed,
            extract(epoch from max(j.completed_on) filter (where j.state = 'failed'))::float8 as last_failed
     from ${SCHEMA}.queue q left join ${SCHEMA}.job j on j.name = q.name
     where q.name = any($1::text[])
     group by q.name, q.policy
     order by q.name`,
    [queues],
  );
  // In pipeline order (nightly, crawl-site, ingest-document), as the caller listed them.
  const order = (name: string) => (queues.includes(name) ? queues.indexOf(name) : queues.length);
  const sorted = (rows as Record<string, unknown>[]).sort((a, b) => order(String(a.queue)) - order(String(b.queue)));
  return sorted.map((row) => {
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, Number(row[state] ?? 0)])) as Record<JobState, number>;
    return {
      queue: String(row.queue),
      policy: String(row.policy),
      states: counts,
      depth: counts.created + counts.retry,
      lastCompletedAt: isoFromEpoch(row.last_completed),
      lastFailedAt: isoFromEpoch(row.last_failed),
    };
  });
}

export async function recentJobs(execute: Execute, limit: number, queues: readonly string[] = QUEUE_NAMES): Promise<RecentJob[]> {
  const { rows } = await execute(
    `select name as queue, id::text as id, state::text as state,
            extract(epoch from started_on)::float8 as started, extract(epoch from completed_on)::float8 as finished,
            data, output
     from ${SCHEMA}.job
     where name = any($1::text[]) and state in ('completed', 'failed')
     order by completed_on desc nulls last
     limit $2::int`,
    [queues, limit],
  );
  return (rows as Record<string, unknown>[]).map((row) => ({
    queue: String(row.queue),
    id: String(row.id),
    state: row.state as RecentJob['state'],
    startedAt: isoFromEpoch(row.started),
    finishedAt: isoFromEpoch(row.finished),
    data: row.data,
    output: row.output,
  }));
}

/** The queue section of `gongkai status`; null when the warehouse has never had a queue. */
export async function queueStatus(execute: Execute, options: { recent?: number } = {}): Promise<QueueStatus | null> {
  if (!(await queueInstalled(execute))) return null;
  const { rows } = await execute(`select cron, coalesce(timezone, 'UTC') as timezone from ${SCHEMA}.schedule where name = $1 limit 1`, [QUEUES.nightly]);
  const schedule = (rows[0] as { cron: string; timezone: string } | undefined) ?? null;
  return {
    queues: await queueCounts(execute),
    recent: await recentJobs(execute, options.recent ?? 5),
    schedule: schedule ? { cron: schedule.cron, timezone: schedule.timezone } : null,
  };
}

function describeJob(job: RecentJob): string {
  const data = (job.data ?? {}) as Record<string, unknown>;
  const output = (job.output ?? {}) as Record<string, unknown>;
  const subject = job.queue === QUEUES.crawlSite ? String(data.siteId ?? '') : job.queue === QUEUES.ingestDocument ? String(data.source ?? '') : '';
  const result =
    job.state === 'failed'
      ? `failed: ${String(output.message ?? output.error ?? 'error')}`
      : job.queue === QUEUES.crawlSite
        ? `found ${String(output.found ?? 0)}, enqueued ${String(output.enqueued ?? 0)}`
        : job.queue === QUEUES.ingestDocument
          ? String(output.status ?? 'done')
          : job.queue === QUEUES.nightly
            ? `enqueued ${String(output.enqueued ?? 0)} of ${String(output.sites ?? 0)} sites`
            : 'done';
  return [subject, result].filter(Boolean).join(' — ');
}

/** Plain-text queue section for `gongkai status`. */
export function formatQueueStatus(status: QueueStatus): string {
  const lines = ['queues'];
  lines.push(status.schedule ? `  nightly schedule: ${status.schedule.cron} (${status.schedule.timezone})` : '  nightly schedule: none (run `gongkai schedule`)');
  for (const queue of status.queues) {
    const { states } = queue;
    const last = queue.lastCompletedAt ? `, last done ${queue.lastCompletedAt}` : '';
    lines.push(
      `  ${queue.queue} (${queue.policy}): waiting ${queue.depth} (retrying ${states.retry}), active ${states.active}, done ${states.completed}, failed ${states.failed}${last}`,
    );
  }
  if (status.recent.length) {
    lines.push('  last jobs:');
    for (const job of status.recent) lines.push(`    ${job.finishedAt ?? '?'} ${job.queue} ${job.state} ${describeJob(job)}`);
  }
  return `${lines.join('\n')}\n`;
}
