/**
 * Agency identity in the warehouse: alias resolution before a load batch, inference of level,
 * type, USCC, host and report coverage after it, and alias curation (merging two agency rows
 * that turn out to be one agency). The inference itself is pure (agency-identity.ts).
 */
import type { DatabaseHandle, Queryable } from '../db/handle.ts';
import type { AliasKind } from '../db/schema/agencies.ts';
import { canonicalAgencyName } from '../load/report-rows.ts';
import { type Contender, planIdentity } from '../load/supersession.ts';
import { inferAgencyIdentity, inferCoverage } from './agency-identity.ts';

/** How many leftover rows (loaded before inference existed) one call catches up on. */
const CATCH_UP_LIMIT = 500;

/**
 * Canonical names for extracted names that are recorded aliases (variant spellings, old names,
 * OCR misreadings); names that are not aliases are absent from the map.
 */
export async function resolveAgencyAliases(db: Queryable, names?: Iterable<string>): Promise<Map<string, string>> {
  const unique = names ? [...new Set(names)] : undefined;
  if (unique?.length === 0) return new Map();
  const { rows } = await db.query<{ alias: string; name: string }>(
    `select x.alias, a.name from agency_aliases x join agencies a on a.id = x.agency_id
     where $1::text[] is null or x.alias = any($1::text[])`,
    [unique ?? null],
  );
  return new Map(rows.map((row) => [row.alias, row.name]));
}

/** The identity side of one `loadExtractions` call (load/load-report.ts). */
export interface IdentitySession {
  /** the canonical name for an extracted one: its agency when it is a recorded alias */
  resolve(name: string | null): string | null;
  /** upkeep after the last batch */
  finish(): Promise<void>;
}

/**
 * Starts the identity work of a load: reads the aliases once (a curated, small table; an alias
 * added during a load applies from the next one). The loader classifies new agencies, records
 * USCC and host, and infers report coverage in the load transaction itself (load/load-batch.ts,
 * load/report-rows.ts), so a crash never separates a report from them. `finish` only catches up
 * on rows written before that existed and keeps BRIN summaries and planner statistics current —
 * once per load, and a crash before it is made good by the next load's.
 */
export async function beginIdentity(handle: DatabaseHandle): Promise<IdentitySession> {
  const aliases = await resolveAgencyAliases(handle);
  return {
    resolve: (name) => (name === null ? null : (aliases.get(name) ?? name)),
    async finish() {
      await classifyAgencies(handle);
      await catchUpCoverage(handle);
      await summarizeNewRanges(handle);
      await analyzeGrownTables(handle);
    },
  };
}

/**
 * Summarises the BRIN ranges a load filled (cells by report): until a range is
 * summarised, every lookup by report id must read it. PostgreSQL's VACUUM would do it later
 * (`autosummarize` would queue one autovacuum request per 4-page range and flood the server log
 * when the queue is full), PGlite never; here it costs one read of the new pages.
 */
export async function summarizeNewRanges(db: Queryable): Promise<void> {
  await db.query(
    `select brin_summarize_new_values(c.oid) from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind = 'i' and c.relname = 'cells_report_brin'`,
  );
}

/** Tables the loader keeps statistics for, and the growth that triggers a new ANALYZE. */
const ANALYZED_TABLES: Readonly<Record<string, number>> = {
  agencies: 2,
  agency_aliases: 2,
  documents: 2,
  document_sources: 2,
  reports: 2,
  crawl_urls: 2,
  // the big ones: their statistics matter less to the views' plans, and an ANALYZE reads
  // pages all over them, so only after they grew tenfold
  cells: 10,
  checks: 10,
};

/**
 * ANALYZE the warehouse tables that grew enough since their last ANALYZE (doubled; tenfold for
 * cells and checks). PGlite has no autovacuum, and PostgreSQL's runs only every minute: without
 * statistics the planner nests the views' per-report pivots inside each other (a 100× slower
 * plan). Growth is read from the relation size against the `relpages` the last ANALYZE
 * recorded, which costs nothing to look up, so this runs after every batch; geometric growth
 * keeps the ANALYZE work of a load logarithmic in its size.
 */
export async function analyzeGrownTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select quote_ident(c.relname) as name from pg_class c
     join json_each_text($1::text::json) as t(name, factor) on t.name = c.relname
     where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
       and pg_relation_size(c.oid) / current_setting('block_size')::int > t.factor::numeric * greatest(c.relpages, 0) + 8`,
    [JSON.stringify(ANALYZED_TABLES)],
  );
  if (rows.length > 0) await db.query(`analyze ${rows.map((row) => row.name).join(', ')}`);
  return rows.map((row) => row.name);
}

/** Infers level, type and jurisdiction of every agency not classified yet. Returns how many. */
export async function classifyAgencies(db: Queryable, limit = CATCH_UP_LIMIT): Promise<number> {
  const { rows } = await db.query<{ id: number; name: string }>(
    `select id, name from agencies where identity_source is null order by id limit $1`,
    [limit],
  );
  if (rows.length === 0) return 0;
  const inferred = rows.map(({ id, name }) => ({ id, ...inferAgencyIdentity(name) }));
  await db.query(
    `update agencies a set level = i.level, type = i.type, jurisdiction = i.jurisdiction,
            identity_note = i.note, identity_source = 'inferred'
     from json_to_recordset($1::text::json) as i(id int, level text, type text, jurisdiction text, note text)
     where a.id = i.id and a.identity_source is null`,
    [JSON.stringify(inferred)],
  );
  return rows.length;
}

async function writeCoverage(db: Queryable, rows: readonly { id: number; coverage: string; evidence: string }[]): Promise<void> {
  await db.query(
    `update reports r set coverage = c.coverage, coverage_evidence = c.evidence
     from json_to_recordset($1::text::json) as c(id int, coverage text, evidence text)
     where r.id = c.id and r.coverage is null and r.status <> 'failed'`,
    [JSON.stringify(rows)],
  );
}

/** Coverage of reports loaded before coverage was inferred (their text is read back). */
async function catchUpCoverage(db: Queryable): Promise<void> {
  const { rows } = await db.query<{ id: number; agency: string | null; title: string | null; text: string | null }>(
    `select r.id, a.name as agency, r.title, r.text from reports r left join agencies a on a.id = r.agency_id
     where r.coverage is null and r.status <> 'failed' order by r.id limit $1`,
    [CATCH_UP_LIMIT],
  );
  if (rows.length === 0) return;
  await writeCoverage(
    db,
    rows.map((row) => {
      const inferred = inferCoverage(row);
      return { id: row.id, coverage: inferred.coverage, evidence: inferred.evidence };
    }),
  );
}

export interface AliasOptions {
  kind: AliasKind;
  note?: string;
  /** for renames: when the old name was in use (ISO dates) */
  validFrom?: string;
  validTo?: string;
}

export interface AliasResult {
  agencyId: number;
  /** the agency row that had the alias as its name and was merged away, if any */
  mergedAgencyId?: number;
  /** reports moved to the agency */
  movedReports: number;
  /** reports that stopped being current because the agency already had one for that year */
  supersededReports: number[];
}

/**
 * Records `alias` as another name of the agency called `agencyName`. When the alias already is
 * an agency of its own (the usual case: a misspelling loaded before anyone noticed), that agency
 * is merged: its reports and aliases move over, and where both had a current report for the
 * same year the loader's supersession rule (load/supersession.ts) picks the one that stays
 * current. Future loads resolve the alias before they look the agency up.
 */
export async function addAgencyAlias(handle: DatabaseHandle, alias: string, agencyName: string, options: AliasOptions): Promise<AliasResult> {
  const from = canonicalAgencyName(alias);
  const into = canonicalAgencyName(agencyName);
  if (from === null || into === null) throw new Error('alias and agency name must not be empty');
  if (from === into) throw new Error(`${from} cannot be an alias of itself`);
  return handle.transaction(async (tx) => {
    // Loads wait while the merge moves reports (their inserts conflict with this lock mode);
    // merges are rare and short. A batch that resolved its names just before may still create
    // the old name again: adding the alias a second time merges that too.
    await tx.query(`lock table agencies, reports in share row exclusive mode`);
    const { rows: target } = await tx.query<{ id: number }>(`select id from agencies where name = $1`, [into]);
    if (target.length === 0) throw new Error(`no agency is called ${into}`);
    const agencyId = target[0]!.id;
    const { rows: source } = await tx.query<{ id: number }>(`select id from agencies where name = $1 for update`, [from]);
    const result: AliasResult = { agencyId, movedReports: 0, supersededReports: [] };
    if (source.length > 0) {
      const fromId = source[0]!.id;
      result.mergedAgencyId = fromId;
      result.supersededReports = await resolveYearConflicts(tx, fromId, agencyId);
      const moved = await tx.query(`update reports set agency_id = $2 where agency_id = $1`, [fromId, agencyId]);
      result.movedReports = moved.rowCount;
      await tx.query(`update agency_aliases set agency_id = $2 where agency_id = $1`, [fromId, agencyId]);
      await tx.query(`delete from agencies where id = $1`, [fromId]);
    }
    await tx.query(
      `insert into agency_aliases (alias, agency_id, kind, valid_from, valid_to, note) values ($1, $2, $3, $4, $5, $6)
       on conflict (alias) do update set agency_id = excluded.agency_id, kind = excluded.kind,
         valid_from = excluded.valid_from, valid_to = excluded.valid_to, note = excluded.note`,
      [from, agencyId, options.kind, options.validFrom ?? null, options.validTo ?? null, options.note ?? null],
    );
    return result;
  });
}

/** For years where both agencies have a current report, supersede the one the loader's rule would. */
async function resolveYearConflicts(tx: Queryable, fromId: number, intoId: number): Promise<number[]> {
  const { rows } = await tx.query<{ id: number; agency_id: number; year: number; sha256: string; seen_order: number; has_tables: boolean }>(
    `select r.id, r.agency_id, r.year, r.document_sha256 as sha256, d.seen_order,
            coalesce(r.cell_count > 0, exists (select 1 from cells c where c.report_id = r.id)) as has_tables
     from reports r join documents d on d.sha256 = r.document_sha256
     where r.status = 'ok' and r.agency_id in ($1, $2) and r.year in (
       select year from reports where status = 'ok' and agency_id = $1
       intersect select year from reports where status = 'ok' and agency_id = $2)
     order by r.year, d.seen_order`,
    [fromId, intoId],
  );
  const superseded: { id: number; successor: number }[] = [];
  const byYear = Map.groupBy(rows, (row) => row.year);
  for (const reports of byYear.values()) {
    const contender = (row: (typeof rows)[number]): Contender => ({
      reportId: row.id,
      documentSha256: row.sha256,
      documentSeenOrder: row.seen_order,
      hasTables: row.has_tables,
    });
    const existing = reports.find((row) => row.agency_id === intoId)!;
    const newcomer = reports.find((row) => row.agency_id === fromId)!;
    const plan = planIdentity(contender(existing), [contender(newcomer)]);
    for (const [id, successor] of plan.supersededBy) superseded.push({ id, successor });
  }
  if (superseded.length > 0) {
    await tx.query(
      `update reports r set status = 'superseded', superseded_by = s.successor
       from json_to_recordset($1::text::json) as s(id int, successor int) where r.id = s.id`,
      [JSON.stringify(superseded)],
    );
  }
  return superseded.map((row) => row.id);
}
