import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../src/crawl/crawl.ts';
import { MemoryFrontier } from '../../src/crawl/frontier-memory.ts';
import { PgFrontier } from '../../src/crawl/frontier-pg.ts';
import { MemorySink } from '../../src/crawl/sink.ts';
import { openPglite } from '../../src/db/index.ts';
import { TestSite } from './sites/server.ts';
import { buildTrsSite } from './sites/trs-site.ts';
import { testFetcher, testSite } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./fixtures/crawl-child.ts', import.meta.url));
let server: TestSite;
let work: string;

beforeAll(async () => {
  server = await new TestSite().start();
  work = await mkdtemp(path.join(os.tmpdir(), 'gongkai-kill9-'));
});
afterAll(async () => {
  await server.stop();
  await rm(work, { recursive: true, force: true });
});

function runChild(configFile: string, killWhen?: () => Promise<boolean>): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [CHILD, configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let poll: NodeJS.Timeout | undefined;
  if (killWhen) {
    poll = setInterval(async () => {
      if (await killWhen()) child.kill('SIGKILL');
    }, 10);
  }
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(guard);
      resolve({ code, signal });
    }),
  );
}

async function putLines(blobDir: string): Promise<string[]> {
  try {
    return (await readFile(path.join(blobDir, 'puts.log'), 'utf8')).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

describe('kill -9 and restart', () => {
  it('ends with the same documents as an uninterrupted crawl, each stored once, frontier consistent', async () => {
    const built = buildTrsSite(server, { reports: 9, perPage: 4 });
    // A delay per request so the kill lands mid-crawl.
    const site = testSite('trs', server, built.entry, 'trs', { delayMs: 25 });

    const reference = new MemorySink();
    const fetcher = testFetcher([site]);
    await crawl({ sites: [site], frontier: new MemoryFrontier(), sink: reference, fetcher, mode: 'backfill' });
    await fetcher.close();

    const dataDir = path.join(work, 'pglite');
    const blobDir = path.join(work, 'blobs');
    const configFile = path.join(work, 'config.json');
    await writeFile(configFile, JSON.stringify({ dataDir, blobDir, site }));

    const killed = await runChild(configFile, async () => (await putLines(blobDir)).length >= 4);
    expect(killed.signal).toBe('SIGKILL');
    const storedBeforeKill = (await putLines(blobDir)).length;
    expect(storedBeforeKill).toBeGreaterThanOrEqual(4);
    expect(storedBeforeKill).toBeLessThan(reference.documents.size);

    const resumed = await runChild(configFile);
    expect(resumed.code).toBe(0);

    const expected = reference.all().map((d) => `${d.url} ${d.sha256}`).sort();
    const lines = await putLines(blobDir);
    expect([...new Set(lines)].sort()).toEqual(expected);
    const blobs = (await readdir(blobDir)).filter((f) => /^[0-9a-f]{64}$/.test(f)).sort();
    expect(blobs).toEqual([...new Set(reference.all().map((d) => d.sha256))].sort());

    const handle = await openPglite(dataDir);
    try {
      const entries = await new PgFrontier(handle.db).list();
      expect(entries.filter((e) => e.state === 'leased')).toEqual([]);
      expect(new Set(entries.map((e) => e.url)).size).toBe(entries.length);
      const stored = entries.filter((e) => e.kind !== 'list' && e.outcome === 'ok').map((e) => `${e.url} ${e.sha256}`).sort();
      expect(stored).toEqual(expected);
    } finally {
      await handle.close();
    }
  });
});
