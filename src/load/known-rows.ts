import type { Transaction } from '../db/handle.ts';
import type { PreparedItem } from './load-types.ts';

/**
 * What the warehouse already holds for a batch's documents and agencies, read in one round trip
 * before anything is written, so the batch writes only rows that are new — by plain INSERT or
 * COPY instead of upserts, which cost PGlite 2-4× as much per row (bench/load.ts) — and touches
 * the others. On PostgreSQL the batch's documents are locked first (load-batch.ts lockKeys), so
 * no other loader can add their documents, sources or reports between this read and the
 * writes; agencies are not locked and are inserted with ON CONFLICT.
 */
export interface KnownRows {
  /** sha256 → the document's `seen_order` and which optional facts it lacks */
  documents: Map<string, { seenOrder: number; lacksBlobPath: boolean; lacksSize: boolean }>;
  /** `pairKey(sha256, extractorVersion)` → report id */
  reports: Map<string, number>;
  /** `pairKey(sha256, source)` of every recorded source */
  sources: Set<string>;
  /** canonical name → agency id and whether it has a USCC and a host */
  agencies: Map<string, KnownAgency>;
  /** keys of the batch's passed-check lists the warehouse holds */
  passedCheckLists: Set<string>;
}

export interface KnownAgency {
  id: number;
  hasUscc: boolean;
  hasHost: boolean;
}

/** A map key for a pair of strings (neither holds NUL). */
export function pairKey(sha256: string, second: string): string {
  return `${sha256}\u0000${second}`;
}

export async function readKnown(tx: Transaction, items: readonly PreparedItem[]): Promise<KnownRows> {
  const shas = [...new Set(items.map((item) => item.sha256))];
  const names = [...new Set(items.flatMap((item) => (item.agency === null ? [] : [item.agency])))];
  const lists = [...new Set(items.flatMap((item) => (item.facts.passedChecks ? [item.facts.passedChecks.key] : [])))];
  // json_agg of arrays: one row whatever the batch size, parsed by the driver's JSON.parse
  const { rows } = await tx.query<{
    documents: [string, number, boolean, boolean][];
    reports: [string, string, number][];
    sources: [string, string][];
    agencies: [string, number, boolean, boolean][];
    lists: string[];
  }>(
    // Reports and sources exist only for known documents, so a batch of new documents (most
    // of a backfill) costs their lookups nothing: the arrays come out empty.
    `with known_documents as (select * from documents where sha256 = any($1::text[]))
     select
       (select coalesce(json_agg(json_build_array(d.sha256, d.seen_order, d.blob_path is null, d.size_bytes is null)), '[]')
        from known_documents d) as documents,
       (select coalesce(json_agg(json_build_array(r.document_sha256, r.extractor_version, r.id)), '[]')
        from reports r where r.document_sha256 = any(array(select sha256 from known_documents))) as reports,
       (select coalesce(json_agg(json_build_array(s.document_sha256, s.source)), '[]')
        from document_sources s where s.document_sha256 = any(array(select sha256 from known_documents))) as sources,
       (select coalesce(json_agg(json_build_array(a.name, a.id, a.uscc is not null, a.host is not null)), '[]')
        from agencies a where a.name = any($2::text[])) as agencies,
       (select coalesce(json_agg(l.key), '[]') from passed_check_lists l where l.key = any($3::text[])) as lists`,
    [shas, names, lists],
  );
  const known = rows[0]!;
  return {
    documents: new Map(known.documents.map(([sha256, seenOrder, lacksBlobPath, lacksSize]) => [sha256, { seenOrder, lacksBlobPath, lacksSize }])),
    reports: new Map(known.reports.map(([sha256, version, id]) => [pairKey(sha256, version), id])),
    sources: new Set(known.sources.map(([sha256, source]) => pairKey(sha256, source))),
    agencies: new Map(known.agencies.map(([name, id, hasUscc, hasHost]) => [name, { id, hasUscc, hasHost }])),
    passedCheckLists: new Set(known.lists),
  };
}
