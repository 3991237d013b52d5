import type { Queryable, Transaction } from '../db/handle.ts';
import type { CheckResult } from '../domain/types.ts';
import { checks as checksTable } from '../db/schema/index.ts';
import { addPassedCheckLists } from './check-list-rows.ts';
import { CHECK_COLUMNS, canonicalAgencyName, checkRows, passedCheckList, passedChecks } from './report-rows.ts';

/**
 * Cross-year checks (T3-06) of a report are computed against the previous year already in the
 * warehouse. When the earlier year arrives later (a backfill walking newest first, a restart
 * reordering a batch), the later year's report is re-checked then, so the warehouse ends with
 * the same checks whatever the load order.
 */
export interface YearReport {
  reportId: number;
  cells: Map<string, number | null>;
}

/**
 * The agency's current report of `year` with its cells, if the warehouse has one. The agency is
 * found by its name or by a recorded alias (a variant spelling or an old name).
 */
async function currentReportOf(handle: Queryable, agencyName: string, year: number): Promise<YearReport | undefined> {
  const agency = canonicalAgencyName(agencyName);
  if (agency === null) return undefined;
  const { rows } = await handle.query<{ id: number; key: string | null; value: string | null }>(
    `select r.id, c.key, c.value
     from agencies a
     join reports r on r.agency_id = a.id and r.year = $2 and r.status = 'ok'
     left join cells c on c.report_id = r.id
     where a.name = $1 or a.id = (select agency_id from agency_aliases where alias = $1)`,
    [agency, year],
  );
  if (rows.length === 0) return undefined;
  const cells = new Map<string, number | null>();
  for (const row of rows) if (row.key !== null) cells.set(row.key, row.value === null ? null : Number(row.value));
  return { reportId: rows[0]!.id, cells };
}

/** The cells of the agency's current report of the year before `year` (what T3-06 compares with). */
export async function previousYearCells(handle: Queryable, agencyName: string, year: number): Promise<Map<string, number | null> | undefined> {
  return (await currentReportOf(handle, agencyName, year - 1))?.cells;
}

/** The agency's current report of `year + 1`, to re-check when `year` arrives after it. */
export function followingYearReport(handle: Queryable, agencyName: string, year: number): Promise<YearReport | undefined> {
  return currentReportOf(handle, agencyName, year + 1);
}

/**
 * Replaces one rule's checks of a report: its failing rows in `checks`, its entries in the
 * report's list of passing checks and the failing-check count. Run it in a transaction (the load's).
 */
export async function replaceRuleChecks(tx: Transaction, reportId: number, rule: string, checks: readonly CheckResult[]): Promise<void> {
  await tx.query('delete from checks where report_id = $1 and rule = $2', [reportId, rule]);
  await tx.copyRows(checksTable, CHECK_COLUMNS, checkRows(reportId, checks));
  const { rows } = await tx.query<{ checks: string }>(
    `select concat_ws(' ', nullif($2, ''),
       (select string_agg(p, ' ') from passed_check_lists l cross join string_to_table(l.checks, ' ') as p
        where l.key = r.passed_check_list and p <> '' and split_part(p, ':', 1) <> $3)) as checks
     from reports r where r.id = $1`,
    [reportId, passedChecks(checks), rule],
  );
  const list = passedCheckList(rows[0]!.checks);
  await addPassedCheckLists(tx, [list], new Set());
  await tx.query(
    `update reports set passed_check_list = $2, failing_check_count = (select count(*) from checks where report_id = $1) where id = $1`,
    [reportId, list.key],
  );
}
