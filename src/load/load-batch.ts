import type { Transaction } from '../db/handle.ts';
import { cells, checks, reports } from '../db/schema/index.ts';
import { addAgencies } from './agency-rows.ts';
import { addPassedCheckLists } from './check-list-rows.ts';
import { addDocuments, addSources } from './document-rows.ts';
import { drawIds } from './draw-ids.ts';
import { type KnownRows, pairKey, readKnown } from './known-rows.ts';
import type { LoadOutcome, PreparedItem } from './load-types.ts';
import { CELL_COLUMNS, CHECK_COLUMNS, REPORT_COLUMNS, cellRows, checkRows, reportRow } from './report-rows.ts';
import { type Contender, planIdentity } from './supersession.ts';

/**
 * Loads many extractions in one transaction with a fixed number of statements (≈10), whatever
 * the batch size: one read of what the warehouse already holds (known-rows.ts), set-based
 * inserts of the new agencies, documents and sources, report ids drawn up front so reports,
 * cells and checks all go in by COPY. Concurrent loaders (PostgreSQL) are serialised per
 * document and per agency-year by transaction advisory locks, taken in sorted order so two
 * loaders cannot deadlock.
 */
export async function loadBatch(tx: Transaction, items: readonly PreparedItem[]): Promise<LoadOutcome[]> {
  await lockKeys(tx, items);
  const known = await readKnown(tx, items);
  const agencies = await addAgencies(tx, items, known.agencies);
  const seenOrder = await addDocuments(tx, items, known.documents);
  await addSources(tx, items, known.sources);
  const { outcomes, fresh } = await assignReports(tx, items, agencies.ids, known.reports);
  const plan = await planCurrentReports(tx, fresh, seenOrder, agencies.added);

  await addPassedCheckLists(tx, fresh.map(({ item }) => item.facts.passedChecks), known.passedCheckLists);
  // The partial unique index allows one 'ok' row per identity at any moment, so replaced
  // reports step aside before the COPY; their successor ids are set after it (FK).
  if (plan.replacedExisting.length > 0) {
    await tx.query(`update reports set status = 'superseded' where id = any($1::int[])`, [plan.replacedExisting]);
  }
  await tx.copyRows(
    reports,
    REPORT_COLUMNS,
    fresh.map(({ item, id, agencyId }) =>
      reportRow({
        id,
        sha256: item.sha256,
        extractorVersion: item.extractorVersion,
        agencyId,
        year: item.year,
        status: item.result.error ? 'failed' : plan.supersededBy.has(id) ? 'superseded' : 'ok',
        supersededBy: plan.supersededBy.get(id) ?? null,
        result: item.result,
        facts: item.facts,
      }),
    ),
  );
  if (plan.replacedExisting.length > 0) {
    const links = plan.replacedExisting.map((id) => ({ id, successor: plan.supersededBy.get(id) }));
    await tx.query(
      `update reports set superseded_by = link.successor
       from json_to_recordset($1::text::json) as link(id int, successor int) where reports.id = link.id`,
      [JSON.stringify(links)],
    );
  }
  const extracted = fresh.filter(({ item }) => !item.result.error);
  await tx.copyRows(cells, CELL_COLUMNS, flatMap(extracted, ({ item, id }) => cellRows(id, item.result.cells)));
  await tx.copyRows(checks, CHECK_COLUMNS, flatMap(extracted, ({ item, id }) => checkRows(id, item.result.checks)));
  return outcomes;
}

/** An item that gets a new report row. */
interface FreshReport {
  item: PreparedItem;
  id: number;
  agencyId: number | null;
  outcome: LoadOutcome;
}

/**
 * Gives each new (document, extractor version) pair a report id; repeats, already in the
 * warehouse or earlier in this batch, are skipped and point at that report.
 */
async function assignReports(
  tx: Transaction,
  items: readonly PreparedItem[],
  agencyIds: ReadonlyMap<string, number>,
  knownReports: KnownRows['reports'],
): Promise<{ outcomes: LoadOutcome[]; fresh: FreshReport[] }> {
  const reportIds = new Map(knownReports);
  const newPairs = new Set(items.map((item) => pairKey(item.sha256, item.extractorVersion)).filter((key) => !reportIds.has(key)));
  const ids = await drawIds(tx, 'reports', 'id', newPairs.size);
  const fresh: FreshReport[] = [];
  const outcomes = items.map((item): LoadOutcome => {
    const key = pairKey(item.sha256, item.extractorVersion);
    const earlier = reportIds.get(key);
    if (earlier !== undefined) return { status: 'skipped', sha256: item.sha256, reportId: earlier };
    const id = ids[fresh.length]!;
    reportIds.set(key, id);
    const outcome: LoadOutcome = item.result.error
      ? { status: 'failed', sha256: item.sha256, reportId: id, error: item.result.error }
      : { status: 'loaded', sha256: item.sha256, reportId: id, current: true };
    fresh.push({ item, id, agencyId: item.agency === null ? null : (agencyIds.get(item.agency) ?? null), outcome });
    return outcome;
  });
  return { outcomes, fresh };
}

interface CurrentPlan {
  /** report id → the report that supersedes it, for new and existing reports */
  supersededBy: Map<number, number>;
  /** existing current reports that stop being current */
  replacedExisting: number[];
}

/**
 * Decides, per agency-year, which report is current (supersession.ts) and sets the outcomes.
 * Agencies added by this batch have no report in the warehouse to look up.
 */
async function planCurrentReports(
  tx: Transaction,
  fresh: readonly FreshReport[],
  seenOrder: ReadonlyMap<string, number>,
  addedAgencies: ReadonlySet<number>,
): Promise<CurrentPlan> {
  const identities = new Map<string, { agencyId: number; year: number; newcomers: FreshReport[] }>();
  for (const report of fresh) {
    const { item, agencyId } = report;
    if (item.result.error || agencyId === null || item.year === null) continue;
    const key = `${agencyId}/${item.year}`;
    const identity = identities.get(key) ?? { agencyId, year: item.year, newcomers: [] };
    identity.newcomers.push(report);
    identities.set(key, identity);
  }
  const existingCurrent = await currentReports(tx, [...identities.values()].filter(({ agencyId }) => !addedAgencies.has(agencyId)));
  const plan: CurrentPlan = { supersededBy: new Map(), replacedExisting: [] };
  for (const [key, identity] of identities) {
    const existing = existingCurrent.get(key);
    const contenders = identity.newcomers.map(({ item, id }) => ({
      reportId: id,
      documentSha256: item.sha256,
      documentSeenOrder: seenOrder.get(item.sha256)!,
      hasTables: item.result.cells.length > 0,
    }));
    const result = planIdentity(existing, contenders);
    for (const [from, to] of result.supersededBy) plan.supersededBy.set(from, to);
    if (existing && result.current !== existing) plan.replacedExisting.push(existing.reportId);
    for (const { id, outcome } of identity.newcomers) {
      outcome.current = result.current?.reportId === id;
      const replaced = result.replaced.get(id);
      if (replaced !== undefined) Object.assign(outcome, { status: 'superseded', replacedReportId: replaced });
    }
  }
  return plan;
}

function* flatMap<T, U>(values: readonly T[], map: (value: T) => Iterable<U>): Generator<U> {
  for (const value of values) yield* map(value);
}

async function lockKeys(tx: Transaction, items: readonly PreparedItem[]): Promise<void> {
  // A PGlite data directory belongs to one process, whose transactions run one at a time.
  if (tx.kind === 'pglite') return;
  const keys = new Set<string>();
  for (const item of items) {
    keys.add(`document:${item.sha256}`);
    if (!item.result.error && item.agency !== null && item.year !== null) keys.add(`identity:${item.agency}/${item.year}`);
  }
  // Hash collisions only serialise two unrelated loads; the sort prevents lock-order deadlocks.
  await tx.query(
    `select pg_advisory_xact_lock(k)
     from (select distinct hashtextextended(key, 0) as k from unnest($1::text[]) as key order by 1) as keys`,
    [[...keys]],
  );
}

/** The current ('ok') report of each identity, keyed `agencyId/year`. */
async function currentReports(
  tx: Transaction,
  identities: readonly { agencyId: number; year: number }[],
): Promise<Map<string, Contender>> {
  if (identities.length === 0) return new Map();
  const { rows } = await tx.query<{ id: number; agency_id: number; year: number; sha256: string; seen_order: number; has_tables: boolean }>(
    `select r.id, r.agency_id, r.year, r.document_sha256 as sha256, d.seen_order,
            coalesce(r.cell_count > 0, exists (select 1 from cells c where c.report_id = r.id)) as has_tables
     from json_to_recordset($1::text::json) as k(agency_id int, year int)
     join reports r on r.agency_id = k.agency_id and r.year = k.year and r.status = 'ok'
     join documents d on d.sha256 = r.document_sha256`,
    [JSON.stringify(identities.map(({ agencyId, year }) => ({ agency_id: agencyId, year })))],
  );
  return new Map(
    rows.map((row) => [
      `${row.agency_id}/${row.year}`,
      { reportId: row.id, documentSha256: row.sha256, documentSeenOrder: row.seen_order, hasTables: row.has_tables },
    ]),
  );
}
