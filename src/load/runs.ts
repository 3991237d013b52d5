import { eq, sql } from 'drizzle-orm';
import type { DatabaseHandle, Queryable } from '../db/handle.ts';
import { runs, type RunStatus } from '../db/schema/index.ts';

/** The lock a live run holds; the same name in SQL below. */
const runLock = (runId: number) => `gongkai:run:${runId}`;

/**
 * Records a run of a pipeline command and does `work` with its id while holding the run's lock
 * (`withLock`: a session advisory lock on PostgreSQL). The row is written only once the lock is
 * held, so a `running` row whose lock is free was left by a process that died
 * (`markInterruptedRuns`). `work` ends the run itself (`finishRun`), with its own counts.
 */
export async function withRun<T>(handle: DatabaseHandle, command: string, args: unknown, work: (runId: number) => Promise<T>): Promise<T> {
  const { rows } = await handle.query<{ id: number }>(`select nextval(pg_get_serial_sequence('runs', 'id'))::int as id`);
  const runId = rows[0]!.id;
  return handle.withLock(runLock(runId), async () => {
    await handle.db.insert(runs).values({ id: runId, command, args: args ?? null });
    return work(runId);
  });
}

/**
 * Ends the runs a killed process left `running`. On the embedded PGlite database, which one
 * process opens at a time, that is every such run; on PostgreSQL, the ones whose lock nobody
 * holds (a transaction-level try-lock conflicts with the live run's session lock and is
 * released at once).
 */
export async function markInterruptedRuns(handle: DatabaseHandle): Promise<number> {
  const { rows: running } = await handle.query<{ id: number }>(`select id from runs where status = 'running' order by id`);
  let ended = 0;
  for (const { id } of running) {
    // dead: on PGlite ($2) always, on PostgreSQL when the run's lock is free
    const { rowCount } = await handle.query(
      `update runs set status = 'failed', finished_at = now(),
              errors = coalesce(errors, '[]'::jsonb) || '[{"message": "interrupted: the process ended before the run finished"}]'::jsonb
       where id = $1 and status = 'running' and ($2 or pg_try_advisory_xact_lock(hashtextextended('gongkai:run:' || id, 0)))`,
      [id, handle.kind === 'pglite'],
    );
    ended += rowCount;
  }
  return ended;
}

export interface RunResult {
  status: Exclude<RunStatus, 'running'>;
  /** e.g. { documents, loaded, skipped, failed } */
  counts?: Record<string, number>;
  /** per-document errors, e.g. { source, code, message } */
  errors?: unknown[];
}

export async function finishRun(handle: Queryable, runId: number, result: RunResult): Promise<void> {
  await handle.db
    .update(runs)
    .set({ status: result.status, counts: result.counts ?? null, errors: result.errors ?? null, finishedAt: sql`now()` })
    .where(eq(runs.id, runId));
}
