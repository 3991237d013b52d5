import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/handle.ts';
import { runs, type RunStatus } from '../db/schema/index.ts';

/** Records the start of a pipeline command; returns the run id for `finishRun`. */
export async function recordRun(handle: Queryable, command: string, args?: unknown): Promise<number> {
  const [run] = await handle.db.insert(runs).values({ command, args: args ?? null }).returning({ id: runs.id });
  return run!.id;
}

/**
 * Ends the runs a killed process left `running`. Only safe where no other process can be running
 * one: the embedded PGlite database, which a single process opens at a time.
 */
export async function markInterruptedRuns(handle: Queryable): Promise<number> {
  const { rowCount } = await handle.query(
    `update runs set status = 'failed', finished_at = now(),
            errors = coalesce(errors, '[]'::jsonb) || '[{"message": "interrupted: the process ended before the run finished"}]'::jsonb
     where status = 'running'`,
  );
  return rowCount;
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
