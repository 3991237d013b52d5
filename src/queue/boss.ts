import type { PGlite } from '@electric-sql/pglite';
import { fromPglite, PgBoss, type ConstructorOptions } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { redactSecrets } from '../db/index.ts';
import { GongkaiError } from '../domain/errors.ts';
import { QUEUE_NAMES, queuePolicies, type QueueTiming } from './jobs.ts';

/**
 * pg-boss on the warehouse database. On PostgreSQL it brings its own `pg` pool (schema `pgboss`
 * beside the warehouse tables); on the embedded PGlite it shares the process's one PGlite
 * instance through `fromPglite`, so the single-machine default needs no server.
 */
export type QueueConfig = Pick<
  Config,
  | 'databaseUrl'
  | 'extractTimeoutMs'
  | 'ocr'
  | 'ocrTimeoutMs'
  | 'queueHeartbeatSeconds'
  | 'queueRetryDelaySeconds'
  | 'queuePollSeconds'
  | 'queueMonitorSeconds'
>;

export interface StartBossOptions {
  config: QueueConfig;
  /** the embedded database; when absent, `config.databaseUrl` is used */
  pglite?: PGlite;
  /** run cron passes (the scheduler role); a worker leaves it off */
  schedule: boolean;
  logger: Logger;
  /** shown in pg-boss's instance registry, e.g. `worker` or `scheduler` */
  instanceName?: string;
  /** connections of pg-boss's own pool (PostgreSQL) @default 4 */
  maxConnections?: number;
}

export function queueTiming(config: QueueConfig): QueueTiming {
  return {
    heartbeatSeconds: config.queueHeartbeatSeconds,
    retryDelaySeconds: config.queueRetryDelaySeconds,
    // a scanned document's budget is the OCR one
    extractTimeoutMs: config.ocr ? Math.max(config.extractTimeoutMs, config.ocrTimeoutMs) : config.extractTimeoutMs,
  };
}

function bossOptions(options: StartBossOptions): ConstructorOptions {
  const { config } = options;
  const monitor = config.queueMonitorSeconds;
  const common: ConstructorOptions = {
    schedule: options.schedule,
    // Every instance supervises: the passes are claimed per interval in the database, so several
    // supervisors cost nothing, and dead workers' jobs are found while any instance is alive.
    supervise: true,
    superviseIntervalSeconds: monitor,
    monitorIntervalSeconds: monitor,
    queueCacheIntervalSeconds: monitor,
    cronMonitorIntervalSeconds: Math.min(45, monitor),
    cronWorkerIntervalSeconds: Math.min(45, Math.max(1, Math.ceil(config.queuePollSeconds))),
    instanceName: options.instanceName,
    // pg-boss's OpenTelemetry hooks stay no-ops unless an SDK is registered; nothing registers one.
  };
  if (options.pglite) return { ...common, db: fromPglite(options.pglite), backend: 'pglite' };
  if (!options.config.databaseUrl) throw new GongkaiError('E_CONFIG', 'the queue needs DATABASE_URL or an embedded database');
  return {
    ...common,
    connectionString: options.config.databaseUrl,
    max: options.maxConnections ?? 4,
    application_name: `gongkai-${options.instanceName ?? 'queue'}`,
  };
}

/**
 * Starts pg-boss (installing or migrating its schema under an advisory lock, so several processes
 * may start at once) and makes sure every queue exists with the current policy.
 */
export async function startBoss(options: StartBossOptions): Promise<PgBoss> {
  const boss = new PgBoss(bossOptions(options));
  const secret = options.config.databaseUrl;
  boss.on('error', (error) => options.logger.error({ err: { message: redactSecrets(error.message, secret), code: (error as { code?: string }).code } }, 'queue error'));
  boss.on('warning', (warning) => options.logger.warn({ warning: warning.data }, warning.message));
  try {
    await boss.start();
  } catch (error) {
    const message = redactSecrets((error as Error).message, secret);
    throw new GongkaiError('E_DB', `cannot start the job queue: ${message}`, { cause: error, retryable: true });
  }
  try {
    await ensureQueues(boss, queueTiming(options.config), options.logger);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
  return boss;
}

/**
 * Creates missing queues and brings existing ones to the configured retry, expiry and heartbeat
 * settings. A queue's policy cannot change in place; a mismatch is reported, not fixed, since
 * changing it means recreating the queue (and losing its jobs).
 */
export async function ensureQueues(boss: PgBoss, timing: QueueTiming, logger: Logger): Promise<void> {
  const policies = queuePolicies(timing);
  for (const name of QUEUE_NAMES) {
    const { policy, ...settings } = policies[name];
    const existing = await boss.getQueue(name);
    if (!existing) {
      try {
        await boss.createQueue(name, policies[name]);
      } catch (error) {
        // Another process created it between the read and the create.
        if (!(await boss.getQueue(name))) throw error;
      }
      continue;
    }
    if (existing.policy !== policy) {
      logger.warn({ queue: name, policy: existing.policy, expected: policy }, 'queue has another policy; delete and recreate it to change');
    }
    const drifted = (Object.keys(settings) as (keyof typeof settings)[]).some((key) => existing[key] !== settings[key]);
    if (drifted) await boss.updateQueue(name, settings);
  }
}
