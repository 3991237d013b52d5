// Public surface of the job queue (pg-boss): scale-out of crawling and loading over many workers.
export { ensureQueues, queueTiming, startBoss, type QueueConfig, type StartBossOptions } from './boss.ts';
export { enqueueCrawls, enqueueIngest, type EnqueueCrawlsOptions, type EnqueueCrawlsResult, type IngestInput } from './enqueue.ts';
export { HANDLERS, type Handler, type HandlerContext, type JobOutcome } from './handlers.ts';
export {
  CrawlSitePayload,
  derivedJobId,
  IngestDocumentPayload,
  isQueueName,
  NightlyPayload,
  PAYLOADS,
  politenessKey,
  politenessKeys,
  QUEUE_NAMES,
  QUEUES,
  queuePolicies,
  type QueueName,
  type QueueTiming,
} from './jobs.ts';
export { renderMetrics, startHealthServer, WorkerMetrics, type HealthServer, type MetricsSnapshot } from './metrics.ts';
export { openQueueRuntime, type OpenRuntimeOptions, type QueueRuntime } from './runtime.ts';
export { runService, type ServiceOptions } from './service.ts';
export { formatQueueStatus, queueCounts, queueInstalled, queueStatus, recentJobs, type QueueCounts, type QueueStatus, type RecentJob } from './stats.ts';
export { startWorker, type QueueWorker, type StartWorkerOptions } from './worker.ts';
