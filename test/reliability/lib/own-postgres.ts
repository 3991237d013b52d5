import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A throw-away PostgreSQL server of our own (initdb + pg_ctl in a temp dir, on a free port), so a
 * test can restart or stop it without disturbing the shared server other tests use. Password
 * authentication (scram) is on, so tests can check the password never reaches any output.
 * Needs the PostgreSQL server binaries; when running as root, the server runs as `postgres`.
 */
const run = promisify(execFile);

export const PG_BIN = process.env.PG_BIN ?? ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((dir) => existsSync(path.join(dir, 'pg_ctl')));

export function ownPostgresAvailable(): boolean {
  if (!PG_BIN) return false;
  return process.getuid?.() !== 0 || existsSync('/usr/sbin/runuser');
}

export interface OwnPostgres {
  port: number;
  user: string;
  password: string;
  /** `postgres://user:password@127.0.0.1:port/database` */
  url(database?: string): string;
  createDatabase(name: string): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stops the server and deletes its directory */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startOwnPostgres(options: { password?: string } = {}): Promise<OwnPostgres> {
  if (!PG_BIN) throw new Error('PostgreSQL server binaries not found (set PG_BIN)');
  const asRoot = process.getuid?.() === 0;
  const root = await mkdtemp(path.join(os.tmpdir(), 'gongkai-ownpg-'));
  const dataDir = path.join(root, 'data');
  const user = 'gongkai_rel';
  const password = options.password ?? `s3cr3t-${Math.random().toString(36).slice(2)}`;
  const port = await freePort();
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(root, Number(stdout.trim()), gid);
  }
  await chmod(root, 0o700);
  const pwfile = path.join(root, 'pw');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) await run('chown', ['postgres', pwfile]);
  const as = (bin: string, args: string[]) =>
    asRoot ? run('/usr/sbin/runuser', ['-u', 'postgres', '--', path.join(PG_BIN!, bin), ...args]) : run(path.join(PG_BIN!, bin), args);

  await as('initdb', ['-D', dataDir, '-U', user, '--pwfile', pwfile, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
  await rm(pwfile);
  // Small, fast and local only: no fsync (a test server), unix socket in our own dir.
  const serverOptions = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=40 -c shared_buffers=32MB`;
  const logFile = path.join(root, 'server.log');
  const ctl = (...args: string[]) => as('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', ...args]);
  await ctl('-o', serverOptions, 'start');

  const url = (database = 'postgres') => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const admin = async (sql: string) => {
    const postgres = (await import('postgres')).default;
    const client = postgres(url(), { max: 1, onnotice: () => {} });
    try {
      await client.unsafe(sql);
    } finally {
      await client.end({ timeout: 1 });
    }
  };
  let stopped = false;
  return {
    port,
    user,
    password,
    url,
    createDatabase: (name) => admin(`create database "${name.replace(/"/g, '""')}"`),
    restart: async () => {
      await ctl('-m', 'fast', '-o', serverOptions, 'restart');
    },
    stop: async () => {
      await ctl('-m', 'fast', 'stop');
    },
    start: async () => {
      await ctl('-o', serverOptions, 'start');
    },
    destroy: async () => {
      if (stopped) return;
      stopped = true;
      await ctl('-m', 'immediate', 'stop').catch(() => {});
      await rm(root, { recursive: true, force: true });
    },
  };
}
