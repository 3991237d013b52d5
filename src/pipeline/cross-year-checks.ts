import type { DatabaseHandle } from '../db/index.ts';
import type { ExtractResult } from '../domain/types.ts';
import { canonicalAgencyName, followingYearReport, previousYearCells, replaceRuleChecks } from '../load/index.ts';
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

/** The earlier year arrived after the later one: the later year's T3-06 is checked now. */
export async function recheckFollowingYear(db: DatabaseHandle, result: ExtractResult): Promise<void> {
  const report = result.report;
  if (!report?.agency || !report.year) return;
  const following = await followingYearReport(db, report.agency, report.year);
  if (!following) return;
  await replaceRuleChecks(db, following.reportId, 'T3-06', crossYearChecks(following.cells, cellValues(result.cells)));
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
