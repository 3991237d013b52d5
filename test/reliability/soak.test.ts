import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The CI-sized soak: bench/soak.ts over 100 hosts × 4 synthetic reports (distinct ports on
 * 127.0.0.1), crawl → extract (2 worker threads) → load into file-backed PGlite, memory sampled
 * every second. `npm run soak` is the long version (120 × 25 by default, any size by flags).
 */
const SOAK = path.resolve(import.meta.dirname, '../../bench/soak.ts');
const run = promisify(execFile);

describe('sustained load (bounded)', () => {
  it('crawls and loads 400 documents from 100 hosts with every document loaded and memory within bounds after warm-up', async () => {
    let stdout: string;
    try {
      ({ stdout } = await run(process.execPath, ['--expose-gc', SOAK, '--hosts', '100', '--per-host', '4', '--json', '--max-seconds', '240'], {
        timeout: 300_000,
        maxBuffer: 16 << 20,
        env: { ...process.env, DATABASE_URL: '' },
      }));
    } catch (error) {
      // exit code 1: a bound was broken; the JSON summary on stdout says which
      const failed = error as { stdout?: string; stderr?: string; code?: number };
      throw new Error(`soak exited with ${failed.code}: ${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
    }
    const summary = JSON.parse(stdout.trim().split('\n').pop()!) as {
      documents: number;
      processed: number;
      warehouse: { documents: number; reports: number; failed: number };
      docsPerSecond: number;
      rssMb: { growthAfterWarmup: number };
      heapMb: { growthAfterWarmup: number };
      failures: string[];
    };
    console.log(
      `soak: ${summary.processed} documents at ${summary.docsPerSecond}/s; RSS +${summary.rssMb.growthAfterWarmup} MB, heap +${summary.heapMb.growthAfterWarmup} MB after warm-up`,
    );
    expect(summary.failures).toEqual([]);
    expect(summary.documents).toBe(400);
    expect(summary.warehouse).toMatchObject({ documents: 400, reports: 400, failed: 0 });
  }, 320_000);
});
