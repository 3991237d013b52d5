import { spawn } from 'node:child_process';
import path from 'node:path';

/** Runs the real `gongkai` CLI as a child process, optionally killing it with SIGKILL. */
export const CLI = path.resolve(import.meta.dirname, '../../../src/cli/main.ts');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** set when this helper killed the child */
  killedAt?: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** SIGKILL the child this many ms after it started */
  killAfterMs?: number;
  /** SIGKILL the child when its stderr (pino JSON lines) has printed this many lines matching `pattern` */
  killOnLine?: { pattern: RegExp; count: number; thenMs?: number };
  /** called with every complete stderr line (pino JSON), e.g. to restart a database under the run */
  onLine?: (line: string) => void;
  /** the child is SIGKILLed past this, so a hung run cannot hang the suite @default 90_000 */
  timeoutMs?: number;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const started = Date.now();
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env as NodeJS.ProcessEnv });
  let stdout = '';
  let stderr = '';
  let killedAt: string | undefined;
  const timers: NodeJS.Timeout[] = [];
  const kill = (why: string) => {
    if (killedAt || child.exitCode !== null) return;
    killedAt = `${why} at ${Date.now() - started} ms`;
    child.kill('SIGKILL');
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  let matched = 0;
  let pending = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const rule = options.killOnLine;
    if (!rule && !options.onLine) return;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      options.onLine?.(line);
      if (!rule || !rule.pattern.test(line) || ++matched !== rule.count) continue;
      if (rule.thenMs) timers.push(setTimeout(() => kill(`after line ${rule.count} + ${rule.thenMs} ms`), rule.thenMs));
      else kill(`on line ${rule.count}`);
    }
  });
  if (options.killAfterMs !== undefined) timers.push(setTimeout(() => kill(`timer ${options.killAfterMs} ms`), options.killAfterMs));
  timers.push(setTimeout(() => kill('timeout'), options.timeoutMs ?? 90_000));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    // 'close' (unlike 'exit') comes after the last stdio chunk.
    child.on('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, killedAt });
    });
  });
}

/** A small seeded PRNG (mulberry32), so a failing kill schedule can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
