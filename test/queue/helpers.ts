import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pino from 'pino';
import postgres from 'postgres';
import { loadConfig } from '../../src/config/config.ts';
import { MIGRATIONS_FOLDER, migrate, openDatabase, wrapPglite, type DatabaseHandle } from '../../src/db/index.ts';
import { startBoss } from '../../src/queue/index.ts';
import { TEST_UA } from '../crawl/helpers.ts';
import type { TestSite } from '../crawl/sites/server.ts';

/**
 * Harness for the queue tests: a throw-away PostgreSQL database whose URL child processes can use,
 * `gongkai` child processes with their JSON log lines parsed, local portals and a sources registry
 * pointing at them.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
export const SAMPLES = fileURLToPath(new URL('../../samples', import.meta.url));

export interface QueueDatabase {
  url: string;
  handle: DatabaseHandle;
  drop(): Promise<void>;
}

/** A migrated database of its own (the child processes reach it by URL). */
export async function createQueueDatabase(adminUrl: string = TEST_DATABASE_URL!): Promise<QueueDatabase> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `gongkai_queue_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  await migrate(handle);
  return {
    url: url.toString(),
    handle,
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** Fast queue timings for tests: poll every 0.5 s, supervise every second, shortest heartbeat. */
export const FAST_QUEUE_ENV = {
  GONGKAI_QUEUE_POLL_SECONDS: '0.5',
  GONGKAI_QUEUE_MONITOR_SECONDS: '1',
  GONGKAI_QUEUE_HEARTBEAT_SECONDS: '10',
  GONGKAI_QUEUE_RETRY_DELAY_SECONDS: '1',
  GONGKAI_WORKERS: '1',
  GONGKAI_LOG_LEVEL: 'info',
  // the local portals listen on 127.0.0.1, which the crawler's address policy refuses otherwise
  GONGKAI_CRAWL_ALLOWED_ADDRESSES: '127.0.0.1/32',
};

export interface LogLine {
  msg: string;
  time: number;
  pid: number;
  [field: string]: unknown;
}

const running = new Set<GongkaiProcess>();

/** A `node src/cli/main.ts …` child; its stderr JSON lines are collected as they come. */
export class GongkaiProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[] = [];
  readonly text: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly name: string;

  constructor(name: string, args: string[], env: Record<string, string>) {
    this.name = name;
    this.child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          this.text.push(line);
        }
      }
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.text.push(chunk));
    running.add(this);
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        running.delete(this);
        resolve({ code, signal });
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The first log line (already logged or still to come) that matches. */
  async waitFor(predicate: (line: LogLine) => boolean, timeoutMs = 30_000, what = 'a log line'): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find(predicate);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}:\n${this.dump()}`);
      }
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms:\n${this.dump()}`);
      await sleep(50);
    }
  }

  ready(timeoutMs = 30_000): Promise<LogLine> {
    return this.waitFor((line) => line.msg === 'ready', timeoutMs, 'ready');
  }

  jobs(msg: 'job started' | 'job completed' | 'job failed'): LogLine[] {
    return this.logs.filter((line) => line.msg === msg);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  dump(): string {
    return [...this.logs.map((line) => JSON.stringify(line)), ...this.text].slice(-40).join('\n');
  }
}

/** Kills whatever a failed test left running. */
export async function killAll(): Promise<void> {
  const left = [...running];
  for (const process of left) process.kill('SIGKILL');
  await Promise.all(left.map((process) => process.exited));
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export interface PortalOptions {
  /** ms every answer is held back, so crawls take a while and overlaps would show */
  delayMs?: number;
  /** while it returns true, the list page is never answered (a crawl hangs mid-request) */
  hang?: () => boolean;
}

/** An annual-report column listing the given sample files (paths relative to samples/). */
export async function buildPortal(site: TestSite, files: readonly string[], options: PortalOptions = {}): Promise<string> {
  const delay = options.delayMs ?? 0;
  const items: string[] = [];
  for (const [i, file] of files.entries()) {
    const body = await readFile(path.join(SAMPLES, file));
    site.route(`/nb/t${i + 1}.html`, async (_req, res) => {
      if (delay) await sleep(delay);
      res.writeHead(200, { 'content-type': 'text/html' }).end(body);
    });
    items.push(`<li><a href="./t${i + 1}.html" title="测试${i + 1}局2023年政府信息公开工作年度报告">测试${i + 1}局2023年政府信息公开工作年度报告</a></li>`);
  }
  const index = `<html><head><meta charset="utf-8"><title>年报</title></head><body><ul class="list">${items.join('\n')}</ul></body></html>`;
  site.route('/nb/index.html', async (req, res) => {
    if (delay) await sleep(delay);
    while (options.hang?.()) {
      if (req.socket.destroyed) return;
      await sleep(50);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(index);
  });
  site.route('/robots.txt', { body: 'User-agent: *\nDisallow: /private/\n', contentType: 'text/plain' });
  return site.url('/nb/index.html');
}

export interface PortalSite {
  id: string;
  server: TestSite;
  entry: string;
}

export async function writeSources(file: string, sites: readonly PortalSite[]): Promise<void> {
  await writeFile(
    file,
    JSON.stringify({
      version: 1,
      userAgent: TEST_UA,
      defaults: { concurrency: 1, delayMs: 0 },
      sites: sites.map((site) => ({ id: site.id, agency: `${site.id} 门户`, hosts: [site.server.host], entries: [site.entry], adapter: 'generic' })),
    }),
  );
}

/**
 * An in-memory PGlite with the warehouse migrated and pg-boss installed, restored from a snapshot
 * cached in the temp dir (initdb, migrations and pg-boss's schema cost seconds; a restore, a few
 * hundred milliseconds). The key covers PGlite, pg-boss and every migration file.
 */
export async function embeddedPglite(): Promise<PGlite> {
  const hash = createHash('sha256');
  for (const pkg of ['@electric-sql/pglite', 'pg-boss']) hash.update(await readFile(new URL(`../../node_modules/${pkg}/package.json`, import.meta.url)));
  for (const file of (await readdir(MIGRATIONS_FOLDER, { recursive: true })).filter((name) => /\.(sql|json)$/.test(name)).sort()) {
    hash.update(file).update(await readFile(path.join(MIGRATIONS_FOLDER, file)));
  }
  const file = path.join(os.tmpdir(), `gongkai-pglite-queue-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  let snapshot: Blob;
  try {
    snapshot = new Blob([await readFile(file)]);
  } catch {
    const pglite = await PGlite.create();
    await migrate(wrapPglite(pglite));
    const config = loadConfig({ env: {}, cwd: os.tmpdir() });
    const boss = await startBoss({ config, pglite, schedule: false, logger: pino({ level: 'silent' }) });
    await boss.stop({ graceful: false });
    snapshot = await pglite.dumpDataDir('gzip');
    await pglite.close();
    // Parallel test files may build it at once: write aside, rename atomically.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, new Uint8Array(await snapshot.arrayBuffer()));
    await rename(temp, file);
  }
  return PGlite.create({ loadDataDir: snapshot });
}
