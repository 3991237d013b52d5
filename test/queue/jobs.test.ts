import { describe, expect, it } from 'vitest';
import { parseQueues } from '../../src/cli/commands/worker.ts';
import { loadConfig } from '../../src/config/config.ts';
import {
  CrawlSitePayload,
  derivedJobId,
  IngestDocumentPayload,
  NightlyPayload,
  politenessKeys,
  QUEUE_NAMES,
  queuePolicies,
  renderMetrics,
  WorkerMetrics,
  type QueueCounts,
} from '../../src/queue/index.ts';

describe('job payloads', () => {
  it('accept what the producers send and reject the rest', () => {
    expect(CrawlSitePayload.parse({ siteId: 'pingtan', mode: 'incremental' })).toEqual({ siteId: 'pingtan', mode: 'incremental' });
    expect(CrawlSitePayload.parse({ siteId: 'a-1', mode: 'backfill', years: { from: 2019, to: 2023 } }).years).toEqual({ from: 2019, to: 2023 });
    expect(CrawlSitePayload.safeParse({ siteId: 'a', mode: 'backfill', years: { from: 2023, to: 2019 } }).success).toBe(false);
    expect(CrawlSitePayload.safeParse({ siteId: '../etc', mode: 'incremental' }).success).toBe(false);
    expect(CrawlSitePayload.safeParse({ siteId: 'a', mode: 'full' }).success).toBe(false);
    const sha256 = 'a'.repeat(64);
    expect(IngestDocumentPayload.parse({ sha256, source: 'http://x.gov.cn/a.pdf', contentType: 'application/pdf' })).toEqual({ sha256, source: 'http://x.gov.cn/a.pdf', contentType: 'application/pdf' });
    expect(IngestDocumentPayload.safeParse({ sha256: 'A'.repeat(64), source: 'x' }).success).toBe(false);
    expect(IngestDocumentPayload.safeParse({ sha256, source: '' }).success).toBe(false);
    expect(NightlyPayload.parse(null)).toEqual({});
    expect(NightlyPayload.parse({})).toEqual({});
    expect(NightlyPayload.parse({ sites: ['a'] })).toEqual({ sites: ['a'] });
  });
});

describe('queue policies', () => {
  it('make the nightly exclusive, crawls singleton per site and ingestion exclusive per hash, all retried with backoff', () => {
    const policies = queuePolicies({ heartbeatSeconds: 30, retryDelaySeconds: 5, extractTimeoutMs: 60_000 });
    expect(Object.keys(policies).sort()).toEqual([...QUEUE_NAMES].sort());
    expect(policies.nightly).toMatchObject({ policy: 'exclusive', retryBackoff: true, heartbeatSeconds: 30, retryDelay: 5 });
    expect(policies['crawl-site']).toMatchObject({ policy: 'singleton', retryBackoff: true, expireInSeconds: 12 * 3600 });
    expect(policies['ingest-document']).toMatchObject({ policy: 'exclusive', retryBackoff: true });
    // an ingest job outlives several extraction budgets
    expect(policies['ingest-document'].expireInSeconds).toBeGreaterThanOrEqual(180);
  });
});

describe('politeness keys', () => {
  it('give each site its own key unless sites share a host, then one key per group', () => {
    const keys = politenessKeys([
      { id: 'c', hosts: ['www.c.gov.cn'] },
      { id: 'b', hosts: ['WWW.SHARED.gov.cn', 'b.gov.cn'] },
      { id: 'a', hosts: ['a.gov.cn'] },
      { id: 'd', hosts: ['www.shared.gov.cn'] },
      { id: 'e', hosts: ['b.gov.cn', 'e.gov.cn'] },
    ]);
    expect(Object.fromEntries(keys)).toEqual({ c: 'site:c', b: 'site:b', a: 'site:a', d: 'site:b', e: 'site:b' });
  });
});

describe('derived job ids', () => {
  it('are stable UUIDs of their parts', () => {
    const id = derivedJobId('nightly', 'job-1', 'pingtan');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedJobId('nightly', 'job-1', 'pingtan')).toBe(id);
    expect(derivedJobId('nightly', 'job-2', 'pingtan')).not.toBe(id);
    expect(derivedJobId('nightly', 'job-1p', 'ingtan')).not.toBe(id);
  });
});

describe('metrics', () => {
  it('render queue depth and this process counters in the Prometheus text format', () => {
    const worker = new WorkerMetrics(['crawl-site', 'ingest-document']);
    worker.started('crawl-site');
    worker.finished('crawl-site', 'completed', 2.5);
    worker.started('ingest-document');
    worker.finished('ingest-document', 'failed', 0.5);
    worker.started('ingest-document');
    const counts: QueueCounts[] = [
      {
        queue: 'crawl-site',
        policy: 'singleton',
        states: { created: 3, retry: 1, active: 2, completed: 7, cancelled: 0, failed: 1 },
        depth: 4,
        lastCompletedAt: '2024-01-15T00:00:00.000Z',
        lastFailedAt: null,
      },
    ];
    const text = renderMetrics({ role: 'worker', queues: counts, worker, stopping: false });
    expect(text).toContain('# TYPE gongkai_queue_depth gauge\ngongkai_queue_depth{queue="crawl-site"} 4\n');
    expect(text).toContain('gongkai_queue_jobs{queue="crawl-site",state="failed"} 1\n');
    expect(text).toContain('gongkai_queue_last_completed_timestamp_seconds{queue="crawl-site"} 1705276800\n');
    expect(text).toContain('gongkai_worker_jobs_total{queue="crawl-site",outcome="completed"} 1\n');
    expect(text).toContain('gongkai_worker_jobs_total{queue="ingest-document",outcome="failed"} 1\n');
    expect(text).toContain('gongkai_worker_jobs_in_flight{queue="ingest-document"} 1\n');
    expect(text).toContain('gongkai_worker_job_seconds_sum{queue="crawl-site"} 2.5\n');
    expect(text).toContain('gongkai_up{role="worker"} 1\n');
    // every sample line is `name{labels} number`, every metric has HELP and TYPE
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+]+)$/);
    expect(renderMetrics({ role: 'scheduler', queues: null, stopping: false })).toContain('gongkai_up{role="scheduler"} 0\n');
  });
});

describe('worker flags and configuration', () => {
  it('parse the queue list', () => {
    expect(parseQueues(undefined)).toEqual([...QUEUE_NAMES]);
    expect(parseQueues('crawl-site, ingest-document,crawl-site')).toEqual(['crawl-site', 'ingest-document']);
    expect(() => parseQueues('crawl,ingest-document')).toThrow(/unknown queue\(s\): crawl/);
  });

  it('read the queue settings from the environment, with defaults', () => {
    const defaults = loadConfig({ env: {}, cwd: '/nonexistent' });
    expect(defaults).toMatchObject({
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
      queueConcurrency: 2,
      queueHeartbeatSeconds: 60,
      queueRetryDelaySeconds: 30,
      queuePollSeconds: 2,
      queueMonitorSeconds: 30,
      nightlyCron: '0 2 * * *',
      nightlyTimezone: 'Asia/Shanghai',
      crawlAllowedAddresses: [],
    });
    const config = loadConfig({
      env: {
        GONGKAI_METRICS_PORT: '0',
        GONGKAI_QUEUE_HEARTBEAT_SECONDS: '10',
        GONGKAI_QUEUE_POLL_SECONDS: '0.5',
        GONGKAI_NIGHTLY_CRON: '30 1 * * *',
        GONGKAI_CRAWL_ALLOWED_ADDRESSES: '127.0.0.1/32, 198.18.0.0/15',
      },
      cwd: '/nonexistent',
    });
    expect(config).toMatchObject({ metricsPort: 0, queueHeartbeatSeconds: 10, queuePollSeconds: 0.5, nightlyCron: '30 1 * * *', crawlAllowedAddresses: ['127.0.0.1/32', '198.18.0.0/15'] });
    // pg-boss refuses heartbeats under 10 s
    expect(() => loadConfig({ env: { GONGKAI_QUEUE_HEARTBEAT_SECONDS: '5' }, cwd: '/nonexistent' })).toThrow(/queueHeartbeatSeconds/);
  });
});
