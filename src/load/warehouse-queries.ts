import type { Queryable } from '../db/handle.ts';
import type { ReportStatus, RunStatus } from '../db/schema/index.ts';

export interface RunSummary {
  id: number;
  command: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number> | null;
  errorCount: number;
}

export interface WarehouseStatus {
  documents: number;
  /** report rows per detected template and status (failed rows have a null template) */
  reports: { template: string | null; status: ReportStatus; count: number }[];
  /** cells of current reports */
  cells: number;
  /** failing checks of current reports */
  failingChecks: number;
  /** most recent runs first */
  lastRuns: RunSummary[];
}

/** What `gongkai status` prints. */
export async function warehouseStatus(handle: Queryable, options: { runs?: number } = {}): Promise<WarehouseStatus> {
  const counts = await handle.query<{ documents: number; cells: number; failing_checks: number }>(
    `select (select count(*) from documents)::int as documents,
            (select count(*) from cells c join reports r on r.id = c.report_id where r.status = 'ok')::int as cells,
            (select count(*) from checks k join reports r on r.id = k.report_id
              where r.status = 'ok')::int as failing_checks`,
  );
  const reports = await handle.query<{ template: string | null; status: ReportStatus; count: number }>(
    `select template_detected as template, status, count(*)::int as count
     from reports group by 1, 2 order by 1 nulls last, 2`,
  );
  const runs = await handle.query<{
    id: number;
    command: string;
    status: RunStatus;
    started_at: string;
    finished_at: string | null;
    counts: Record<string, number> | null;
    error_count: number;
  }>(
    `select id, command, status, started_at, finished_at, counts,
            coalesce(jsonb_array_length(errors), 0)::int as error_count
     from runs order by started_at desc, id desc limit $1`,
    [options.runs ?? 5],
  );
  const totals = counts.rows[0]!;
  return {
    documents: totals.documents,
    reports: reports.rows,
    cells: totals.cells,
    failingChecks: totals.failing_checks,
    lastRuns: runs.rows.map((run) => ({
      id: run.id,
      command: run.command,
      status: run.status,
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      counts: run.counts,
      errorCount: run.error_count,
    })),
  };
}
