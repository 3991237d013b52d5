import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { GongkaiError } from '../domain/errors.ts';

/**
 * One configuration table: every field with its environment variable, default and meaning.
 * Precedence: defaults < config file (gongkai.config.json, or --config / GONGKAI_CONFIG) < environment < flags.
 * Nothing else in gongkai reads process.env.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ConfigSchema = z.object({
  /** Real PostgreSQL; when absent the embedded PGlite database in `dataDir` is used. @env DATABASE_URL */
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** Where the embedded database and the content-addressed blob store live. @env GONGKAI_DATA_DIR @default ./data */
  dataDir: z.string().min(1).default('./data'),
  /** @env GONGKAI_LOG_LEVEL @default info, or error on a terminal where a progress bar and summary show instead */
  logLevel: z.enum(LOG_LEVELS).optional(),
  /** Parallel extraction workers (PDF parsing is CPU-bound). @env GONGKAI_WORKERS @default 2 */
  workers: z.coerce.number().int().min(1).max(64).default(2),
  /** Per-document extraction budget in milliseconds. @env GONGKAI_EXTRACT_TIMEOUT_MS @default 60000 */
  extractTimeoutMs: z.coerce.number().int().positive().default(60_000),
  /**
   * OCR of image-only (scanned) PDF pages, when `tesseract` (chi_sim, eng) and poppler's `pdftoppm`,
   * `pdfimages` are installed; off: such PDFs are E_PDF_NO_TEXT. @env GONGKAI_OCR (on/off) @default on
   */
  ocr: z.preprocess((value) => (typeof value === 'string' ? !/^(off|false|0|no)$/iu.test(value.trim()) : value), z.boolean()).default(true),
  /** A scanned document's budget once its OCR starts (seconds a page), replacing extractTimeoutMs. @env GONGKAI_OCR_TIMEOUT_MS @default 300000 */
  ocrTimeoutMs: z.coerce.number().int().positive().default(300_000),
  /** PDFs with more pages than this are rejected (E_BUDGET). @env GONGKAI_MAX_PDF_PAGES @default 200 */
  maxPdfPages: z.coerce.number().int().positive().default(200),
  /**
   * The full User-Agent header, overriding the sources registry's `userAgent` (which names the
   * product, version and a contact URL/e-mail). Keep a contact in it. @env GONGKAI_USER_AGENT
   */
  userAgent: z.string().regex(/(https?:\/\/|@)/, 'must carry a contact URL or e-mail address').optional(),
  /** The sources registry the crawler reads. @env GONGKAI_SOURCES @default config/sources.json */
  sourcesFile: z.string().min(1).default('config/sources.json'),
  /**
   * Non-public IP ranges the crawl-site workers may still connect to (CIDRs; comma-separated in the
   * environment), e.g. a local proxy's fake-IP range, or 127.0.0.1/32 for tests. Honoured by fetchers
   * with the SSRF address policy. @env GONGKAI_CRAWL_ALLOWED_ADDRESSES @default none
   */
  crawlAllowedAddresses: z
    .preprocess((value) => (typeof value === 'string' ? value.split(',').map((range) => range.trim()).filter(Boolean) : value), z.array(z.string().min(1)))
    .default([]),
  /** Port of the health and metrics endpoint (`/healthz`, `/metrics`) of `worker` and `schedule`; 0 picks a free one. @env GONGKAI_METRICS_PORT @default 9464 */
  metricsPort: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Address that endpoint listens on (0.0.0.0 in a container). @env GONGKAI_METRICS_HOST @default 127.0.0.1 */
  metricsHost: z.string().min(1).default('127.0.0.1'),
  /** Jobs of each queue one worker process runs at once. @env GONGKAI_QUEUE_CONCURRENCY @default 2 */
  queueConcurrency: z.coerce.number().int().min(1).max(64).default(2),
  /** A running job whose worker sent no heartbeat for this long (it died) is retried by another worker (>= 10). @env GONGKAI_QUEUE_HEARTBEAT_SECONDS @default 60 */
  queueHeartbeatSeconds: z.coerce.number().int().min(10).max(3600).default(60),
  /** Delay before a failed job's first retry; doubles with each attempt, up to an hour. @env GONGKAI_QUEUE_RETRY_DELAY_SECONDS @default 30 */
  queueRetryDelaySeconds: z.coerce.number().int().min(1).max(3600).default(30),
  /** How often an idle worker asks for jobs. @env GONGKAI_QUEUE_POLL_SECONDS @default 2 */
  queuePollSeconds: z.coerce.number().min(0.5).max(60).default(2),
  /** How often dead jobs are detected, queue counts refreshed and the cron evaluated (cron: at most 45). @env GONGKAI_QUEUE_MONITOR_SECONDS @default 30 */
  queueMonitorSeconds: z.coerce.number().int().min(1).max(600).default(30),
  /** When `gongkai schedule` enqueues the nightly crawl of every site (cron, minute resolution). @env GONGKAI_NIGHTLY_CRON @default 0 2 * * * */
  nightlyCron: z.string().min(1).default('0 2 * * *'),
  /** Time zone of nightlyCron. @env GONGKAI_NIGHTLY_TZ @default Asia/Shanghai */
  nightlyTimezone: z.string().min(1).default('Asia/Shanghai'),
});

export type Config = z.infer<typeof ConfigSchema>;
type ConfigInput = z.input<typeof ConfigSchema>;

const ENV: Record<keyof Config, string> = {
  databaseUrl: 'DATABASE_URL',
  dataDir: 'GONGKAI_DATA_DIR',
  logLevel: 'GONGKAI_LOG_LEVEL',
  workers: 'GONGKAI_WORKERS',
  extractTimeoutMs: 'GONGKAI_EXTRACT_TIMEOUT_MS',
  ocr: 'GONGKAI_OCR',
  ocrTimeoutMs: 'GONGKAI_OCR_TIMEOUT_MS',
  maxPdfPages: 'GONGKAI_MAX_PDF_PAGES',
  userAgent: 'GONGKAI_USER_AGENT',
  sourcesFile: 'GONGKAI_SOURCES',
  crawlAllowedAddresses: 'GONGKAI_CRAWL_ALLOWED_ADDRESSES',
  metricsPort: 'GONGKAI_METRICS_PORT',
  metricsHost: 'GONGKAI_METRICS_HOST',
  queueConcurrency: 'GONGKAI_QUEUE_CONCURRENCY',
  queueHeartbeatSeconds: 'GONGKAI_QUEUE_HEARTBEAT_SECONDS',
  queueRetryDelaySeconds: 'GONGKAI_QUEUE_RETRY_DELAY_SECONDS',
  queuePollSeconds: 'GONGKAI_QUEUE_POLL_SECONDS',
  queueMonitorSeconds: 'GONGKAI_QUEUE_MONITOR_SECONDS',
  nightlyCron: 'GONGKAI_NIGHTLY_CRON',
  nightlyTimezone: 'GONGKAI_NIGHTLY_TZ',
};

function fromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  const input: Record<string, string> = {};
  for (const [field, variable] of Object.entries(ENV)) {
    const value = env[variable];
    if (value !== undefined && value !== '') input[field] = value;
  }
  return input as ConfigInput;
}

function fromFile(file: string | undefined): ConfigInput {
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ConfigInput;
  } catch (error) {
    throw new GongkaiError('E_CONFIG', `cannot read config file ${file}: ${(error as Error).message}`, { cause: error });
  }
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  configFile?: string;
  flags?: Partial<ConfigInput>;
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const defaultFile = path.join(cwd, 'gongkai.config.json');
  const file = options.configFile ?? env.GONGKAI_CONFIG ?? (existsSync(defaultFile) ? defaultFile : undefined);
  const flags = Object.fromEntries(Object.entries(options.flags ?? {}).filter(([, value]) => value !== undefined));
  const parsed = ConfigSchema.safeParse({ ...fromFile(file), ...fromEnv(env), ...flags });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ');
    throw new GongkaiError('E_CONFIG', `invalid configuration (${problems})`);
  }
  return parsed.data;
}

/** Environment variables with their config fields, for `--help` texts and the README. */
export const CONFIG_ENV = ENV;
