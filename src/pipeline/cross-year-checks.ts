import type { DatabaseHandle, Transaction } from '../db/index.ts';
import type { CheckResult, ExtractResult } from '../domain/types.ts';
import { canonicalAgencyName, followingYearReport, previousYearCells, replaceRuleChecks, type LoadOutcome } from '../load/index.ts';
import { cellValues, crossYearChecks } from '../validate/validate.ts';
import { resolveAgencyAliases } from '../warehouse/identity-store.ts';

/**
 * Cross-year checks (T3-06) while loading: a report is checked against the previous year's
 * current report in the warehouse before it is loaded, and the following year's current report
 * is re-checked against it after, so the warehouse ends with the same checks whatever the order.
 */

/** Adds T3-06 against the warehouse's current report of the previous year, when there is one. */
export async function withCrossYearChecks(db: DatabaseHandle, result: ExtractResult): Promise<ExtractResult> {
  const report = checkedReport(result);
  if (!report) return result;
  const previous = await previousYearCells(db, report.agency, report.year);
  if (!previous) return result;
  return { ...result, checks: [...result.checks, ...crossYearChecks(cellValues(result.cells), previous)] };
}

/**
 * T3-06 once more inside the load's transaction (LoadOptions.afterLoad), after every report of
 * the batch is written and in input order, as one by one: each current report against the
 * previous year as the warehouse now has it, and the following year's current report against
 * it. The prepared check can be stale: another ingest (two sites crawled at once) may have
 * loaded a neighbouring year since. On PostgreSQL the agencies are locked first (sorted), so
 * two loads of one agency's years take turns here; either way a crash cannot keep a load and
 * lose its re-checks.
 */
export async function recheckAcrossYears(tx: Transaction, loaded: readonly { result: ExtractResult; outcome: LoadOutcome }[]): Promise<void> {
  const current = loaded.flatMap(({ result, outcome }) => {
    const report = checkedReport(result);
    return report && outcome.current && outcome.reportId !== undefined ? [{ ...report, result, reportId: outcome.reportId }] : [];
  });
  if (current.length === 0) return;
  if (tx.kind === 'postgres') {
    await tx.query(
      `select pg_advisory_xact_lock(k) from (select distinct hashtextextended('agency-years:' || name, 0) as k from unnest($1::text[]) as name order by 1) as keys`,
      [current.map((report) => report.agency)],
    );
  }
  for (const { agency, year, result, reportId } of current) {
    const cells = cellValues(result.cells);
    const previous = await previousYearCells(tx, agency, year);
    const own = previous ? crossYearChecks(cells, previous) : [];
    if (!sameChecks(own, result.checks.filter((check) => check.rule === 'T3-06'))) await replaceRuleChecks(tx, reportId, 'T3-06', own);
    const following = await followingYearReport(tx, agency, year);
    if (following) await replaceRuleChecks(tx, following.reportId, 'T3-06', crossYearChecks(following.cells, cells));
  }
}

function sameChecks(a: readonly CheckResult[], b: readonly CheckResult[]): boolean {
  const key = (check: CheckResult) => `${check.rule}\u0000${check.scope}\u0000${check.ok}\u0000${check.detail}`;
  return a.length === b.length && a.map(key).sort().join('\n') === b.map(key).sort().join('\n');
}

/**
 * How many of `results` (in input order; undefined for documents that are not loaded) can be
 * loaded together with the outcome of loading them one by one: all up to the first report whose
 * agency's previous year comes earlier among them. Loaded together, that report would be checked
 * against the warehouse as it was before them; the previous year's re-check afterwards corrects
 * the current report, but not the run's failing-check count nor a report superseded later. The
 * opposite order is safe: the earlier year's re-check after the load checks the later year, as
 * it would one by one.
 */
export async function loadableTogether(db: DatabaseHandle, results: readonly (ExtractResult | undefined)[]): Promise<number> {
  const reports = results.map((result) => (result ? checkedReport(result) : null));
  const names = reports.flatMap((report) => (report ? [report.agency] : []));
  if (names.length < 2) return results.length;
  // previousYearCells finds the previous year under an alias too, so an alias is its agency here
  const aliases = await resolveAgencyAliases(db, names);
  const seen = new Set<string>();
  for (const [index, report] of reports.entries()) {
    if (!report) continue;
    const agency = aliases.get(report.agency) ?? report.agency;
    if (seen.has(identityKey(agency, report.year - 1))) return index;
    seen.add(identityKey(agency, report.year));
  }
  return results.length;
}

/** Canonical agency name and year of a report that gets cross-year checks, else null. */
function checkedReport(result: ExtractResult): { agency: string; year: number } | null {
  const agency = canonicalAgencyName(result.report?.agency);
  const year = result.report?.year;
  return agency && year && !result.error ? { agency, year } : null;
}

function identityKey(agency: string, year: number): string {
  return `${agency}\u0000${year}`;
}
