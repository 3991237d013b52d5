import type { Transaction } from '../db/handle.ts';
import { cells, checks, reports } from '../db/schema/index.ts';
import { type AgencyIdentityRow, agencyRows } from '../warehouse/agency-identity.ts';
import type { LoadOutcome, PreparedItem } from './load-types.ts';
import { CELL_COLUMNS, CHECK_COLUMNS, REPORT_COLUMNS, cellRows, checkRows, reportRow } from './report-rows.ts';
import { type Contender, planIdentity } from './supersession.ts';

/**
 * Loads many extractions in one transaction with a fixed number of statements (≈12), whatever
 * the batch size: set-based upserts for agencies, documents and sources, report ids drawn up
 * front so reports, cells and checks all go in by COPY. Concurrent loaders (PostgreSQL) are
 * serialised per document and per agency-year by transaction advisory locks, taken in sorted
 * order so two loaders cannot deadlock.
 */
export async function loadBatch(tx: Transaction, items: readonly PreparedItem[]): Promise<LoadOutcome[]> {
  await lockKeys(tx, items);
  const agencyIds = await upsertAgencies(tx, items);
  const seenOrder = await upsertDocuments(tx, items);
  await upsertSources(tx, items);
  const { outcomes, fresh } = await assignReports(tx, items, agencyIds);
  const plan = await planCurrentReports(tx, fresh, seenOrder);

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
): Promise<{ outcomes: LoadOutcome[]; fresh: FreshReport[] }> {
  const reportIds = await existingReports(tx, items);
  const newPairs = new Set(items.map((item) => pairKey(item.sha256, item.extractorVersion)).filter((key) => !reportIds.has(key)));
  const ids = await allocateReportIds(tx, newPairs.size);
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

/** Decides, per agency-year, which report is current (supersession.ts) and sets the outcomes. */
async function planCurrentReports(
  tx: Transaction,
  fresh: readonly FreshReport[],
  seenOrder: ReadonlyMap<string, number>,
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
  const existingCurrent = await currentReports(tx, [...identities.values()]);
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

function pairKey(sha256: string, extractorVersion: string): string {
  return `${sha256}\u0000${extractorVersion}`;
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

async function upsertAgencies(tx: Transaction, items: readonly PreparedItem[]): Promise<Map<string, number>> {
  // A new agency gets its level and type from its name, and the USCC and host its documents show
  // (src/warehouse/agency-identity.ts); a known one only gets a USCC or host it lacked.
  const rows = agencyRows(items);
  if (rows.length === 0) return new Map();
  // DO NOTHING rather than DO UPDATE: DO UPDATE locks every existing row it meets until commit,
  // so any other open batch naming a known agency would wait for this whole transaction.
  // Sorted inserts: two loaders adding the same new names wait for each other, never deadlock.
  await tx.query(
    `insert into agencies (name, level, type, jurisdiction, identity_note, identity_source, uscc, host)
     select name, level, type, jurisdiction, note, 'inferred', uscc, host
     from json_to_recordset($1::text::json)
       as a(name text, level text, type text, jurisdiction text, note text, uscc text, host text)
     order by name
     on conflict (name) do nothing`,
    [JSON.stringify(rows)],
  );
  const { rows: known } = await tx.query<{ id: number; name: string; has_uscc: boolean; has_host: boolean }>(
    `select id, name, uscc is not null as has_uscc, host is not null as has_host from agencies where name = any($1::text[])`,
    [rows.map((row) => row.name)],
  );
  const byName = new Map(known.map((row) => [row.name, row]));
  const lacking = rows.filter((row) => {
    const agency = byName.get(row.name);
    return agency !== undefined && ((row.uscc !== null && !agency.has_uscc) || (row.host !== null && !agency.has_host));
  });
  if (lacking.length > 0) await fillAgencyIdentity(tx, lacking);
  return new Map(known.map((row) => [row.name, row.id]));
}

async function fillAgencyIdentity(tx: Transaction, rows: readonly AgencyIdentityRow[]): Promise<void> {
  await tx.query(
    `with lacking as (
       select a.id, x.uscc, x.host from json_to_recordset($1::text::json) as x(name text, uscc text, host text)
       join agencies a on a.name = x.name order by a.name for no key update of a)
     update agencies a set uscc = coalesce(a.uscc, lacking.uscc), host = coalesce(a.host, lacking.host)
     from lacking where a.id = lacking.id`,
    [JSON.stringify(rows)],
  );
}

/**
 * Inserts new documents in batch order (so `seen_order` follows it), touches `last_seen` of
 * known ones; returns `seen_order` per sha256. No deadlock risk: each sha256 is already locked.
 */
async function upsertDocuments(tx: Transaction, items: readonly PreparedItem[]): Promise<Map<string, number>> {
  const bySha = new Map<string, PreparedItem>();
  for (const item of items) if (!bySha.has(item.sha256)) bySha.set(item.sha256, item);
  const documents = [...bySha.values()].map((item, n) => ({
    n,
    sha256: item.sha256,
    format: item.format,
    size_bytes: item.sizeBytes,
    source: item.source,
    blob_path: item.blobPath,
  }));
  const { rows } = await tx.query<{ sha256: string; seen_order: number }>(
    `insert into documents (sha256, format, size_bytes, source, blob_path)
     select sha256, format, size_bytes, source, blob_path from json_to_recordset($1::text::json)
       as d(n int, sha256 text, format text, size_bytes bigint, source text, blob_path text)
     order by n
     on conflict (sha256) do update set
       last_seen = now(),
       blob_path = coalesce(documents.blob_path, excluded.blob_path),
       size_bytes = coalesce(documents.size_bytes, excluded.size_bytes)
     returning sha256, seen_order`,
    [JSON.stringify(documents)],
  );
  return new Map(rows.map((row) => [row.sha256, row.seen_order]));
}

async function upsertSources(tx: Transaction, items: readonly PreparedItem[]): Promise<void> {
  const pairs = new Map(items.map((item) => [pairKey(item.sha256, item.source), { sha256: item.sha256, source: item.source }]));
  await tx.query(
    `insert into document_sources (document_sha256, source)
     select sha256, source from json_to_recordset($1::text::json) as s(sha256 text, source text)
     order by 1, 2
     on conflict (document_sha256, source) do update set last_seen = now()`,
    [JSON.stringify([...pairs.values()])],
  );
}

/** Report ids of (document, extractor version) pairs already in the warehouse. */
async function existingReports(tx: Transaction, items: readonly PreparedItem[]): Promise<Map<string, number>> {
  const pairs = items.map((item) => ({ sha256: item.sha256, version: item.extractorVersion }));
  const { rows } = await tx.query<{ id: number; sha256: string; version: string }>(
    `select r.id, r.document_sha256 as sha256, r.extractor_version as version
     from reports r
     join json_to_recordset($1::text::json) as k(sha256 text, version text)
       on r.document_sha256 = k.sha256 and r.extractor_version = k.version`,
    [JSON.stringify(pairs)],
  );
  return new Map(rows.map((row) => [pairKey(row.sha256, row.version), row.id]));
}

async function allocateReportIds(tx: Transaction, count: number): Promise<number[]> {
  if (count === 0) return [];
  // One text value rather than a row per id: PGlite builds a JS object per result row.
  const { rows } = await tx.query<{ ids: string }>(
    `select string_agg(nextval(seq.oid)::text, ',') as ids
     from (select pg_get_serial_sequence('reports', 'id')::regclass as oid) as seq, generate_series(1, $1::int)`,
    [count],
  );
  // Ascending, so reports and their cells reach the indexes in order (see cellRows).
  return rows[0]!.ids.split(',').map(Number).sort((a, b) => a - b);
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
