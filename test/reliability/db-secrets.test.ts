import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './lib/cli.ts';
import { ownPostgresAvailable, startOwnPostgres, type OwnPostgres } from './lib/own-postgres.ts';
import { PORTAL_ENV, SAMPLES, TEST_USER_AGENT } from './lib/portal.ts';

/**
 * A DATABASE_URL's password never reaches the terminal or the logs, whatever fails: a refused
 * connection, an unknown host, a wrong password (our own PostgreSQL with scram authentication),
 * a URL postgres.js cannot parse, the password in the query string or in a config file — for
 * every command that opens the warehouse, at debug log level. Each failure is one
 * `gongkai: E_…` line with the right exit code, and no stack trace.
 */
const PASSWORD = 'Sup3r:s3cr@t/pw%';
const ENCODED = encodeURIComponent(PASSWORD);
const SECRETS = [PASSWORD, ENCODED, 'Sup3r', 's3cr'];

let work: string;
let pg: OwnPostgres | undefined;
let sources: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gongkai-secrets-'));
  sources = path.join(work, 'sources.json');
  // A registry the run never gets to crawl: the warehouse is opened first.
  await writeFile(
    sources,
    JSON.stringify({ version: 1, userAgent: TEST_USER_AGENT, sites: [{ id: 'x', agency: 'x', hosts: ['127.0.0.1:9'], entries: ['http://127.0.0.1:9/'] }] }),
  );
  if (ownPostgresAvailable()) pg = await startOwnPostgres({ password: 'the-right-one' });
}, 120_000);

afterAll(async () => {
  await pg?.destroy();
  await rm(work, { recursive: true, force: true });
});

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  code: 1 | 2;
  error: 'E_DB' | 'E_CONFIG';
}

function cases(): Case[] {
  const dataDir = ['--data-dir', path.join(work, 'data'), '--log-level', 'debug'];
  const list: Case[] = [
    { name: 'status, connection refused', args: ['status', ...dataDir], env: { DATABASE_URL: `postgres://gk:${ENCODED}@127.0.0.1:1/gongkai` }, code: 1, error: 'E_DB' },
    { name: 'load, unknown host', args: ['load', path.join(SAMPLES, 'text'), ...dataDir], env: { DATABASE_URL: `postgresql://gk:${ENCODED}@db.invalid:5432/gongkai` }, code: 1, error: 'E_DB' },
    { name: 'run, password in the query string', args: ['run', '--sources', sources, ...dataDir], env: { ...PORTAL_ENV, DATABASE_URL: `postgres://gk@127.0.0.1:1/gongkai?password=${ENCODED}` }, code: 1, error: 'E_DB' },
    { name: 'status, unparsable URL (bad port)', args: ['status', ...dataDir], env: { DATABASE_URL: `postgres://gk:${ENCODED}@127.0.0.1:notaport/gongkai` }, code: 2, error: 'E_CONFIG' },
    { name: 'migrate, URL from a config file', args: ['migrate', '--config', path.join(work, 'gongkai.config.json'), ...dataDir], code: 1, error: 'E_DB' },
  ];
  if (pg) {
    const wrong = new URL(pg.url());
    wrong.password = ENCODED;
    list.push({ name: 'migrate, wrong password (scram)', args: ['migrate', ...dataDir], env: { DATABASE_URL: wrong.toString() }, code: 1, error: 'E_DB' });
  }
  return list;
}

function expectNoSecret(result: CliResult, expected: Case): void {
  const output = `${result.stdout}\n${result.stderr}`;
  for (const secret of SECRETS) expect(output, `${expected.name}: ${output}`).not.toContain(secret);
  expect(result.code, `${expected.name}: ${output}`).toBe(expected.code);
  const plain = result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('{'));
  expect(plain, expected.name).toHaveLength(1);
  expect(plain[0], expected.name).toMatch(new RegExp(`^gongkai: ${expected.error}: `));
  expect(output, expected.name).not.toMatch(/^\s+at /m);
}

describe('DATABASE_URL passwords never printed', () => {
  it('by any failing command', async () => {
    await writeFile(path.join(work, 'gongkai.config.json'), JSON.stringify({ databaseUrl: `postgres://gk:${ENCODED}@127.0.0.1:1/gongkai` }));
    const all = cases();
    // Three CLI processes at a time: each spends most of its time starting up.
    for (let i = 0; i < all.length; i += 3) {
      const batch = all.slice(i, i + 3);
      const results = await Promise.all(batch.map((one) => runCli(one.args, { env: { DATABASE_URL: undefined, ...one.env }, timeoutMs: 60_000 })));
      results.forEach((result, n) => expectNoSecret(result, batch[n]!));
    }
  }, 180_000);
});
