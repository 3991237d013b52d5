import { access, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DatabaseHandle } from '../../../src/db/index.ts';
import { extractDocument } from '../../../src/extract/index.ts';
import type { ServedDocument } from './portal.ts';

/**
 * What a crash-tested warehouse must satisfy, and a canonical dump to compare two warehouses
 * (reports, cells, checks; apart: agencies' inferred identity and reports' coverage).
 * `expectations` extracts every served document in-process (the same extractor the CLI runs on
 * its worker pool), so "no partial report" means: each stored report has exactly the cells and
 * checks extraction gives for its bytes.
 */
export interface Expected {
  /** cells extraction gives, by document sha256 */
  cells: number;
  /** checks extraction gives (T3-06 is added at load time against the warehouse, so excluded) */
  checks: number;
  /** the error code, when extraction fails */
  error: string | null;
}

export async function expectations(documents: Iterable<ServedDocument>): Promise<Map<string, Expected>> {
  const out = new Map<string, Expected>();
  for (const document of documents) {
    const result = await extractDocument(document.bytes, { source: document.url, contentType: document.contentType, maxPdfPages: 200 });
    out.set(result.sha256, { cells: result.cells.length, checks: result.checks.length, error: result.error?.code ?? null });
  }
  return out;
}

export interface Inspection {
  /** invariant violations; empty when the warehouse is sound */
  problems: string[];
  /** canonical content: one line per cell of every report, plus report-level lines and check lines */
  dump: string[];
  /**
   * what the loader records in its second transaction (src/warehouse/identity-store.ts): agency
   * identity (level, type, jurisdiction, host …) and report coverage
   */
  identity: string[];
  counts: Record<string, number>;
}

/** One `select` returning rows; every statement here is constant SQL (no values interpolated). */
async function rows<T>(db: DatabaseHandle, text: string): Promise<T[]> {
  return (await db.query<T>(text)).rows;
}

export async function inspectWarehouse(
  db: DatabaseHandle,
  expected: ReadonlyMap<string, Expected>,
  options: { blobRoot?: string; frontier?: boolean } = {},
): Promise<Inspection> {
  const problems: string[] = [];
  const problem = (label: string, found: unknown[]) => {
    if (found.length > 0) problems.push(`${label}: ${JSON.stringify(found.slice(0, 5))}${found.length > 5 ? ` … (${found.length})` : ''}`);
  };

  // No duplicates (the unique indexes should make these impossible; checked anyway).
  problem('duplicate current report per agency-year', await rows(db, `select agency_id, year, count(*)::int as n from reports where status = 'ok' group by 1, 2 having count(*) > 1`));
  problem('duplicate report per document and extractor', await rows(db, `select document_sha256, extractor_version, count(*)::int as n from reports group by 1, 2 having count(*) > 1`));
  problem('duplicate document_sources', await rows(db, `select document_sha256, source, count(*)::int as n from document_sources group by 1, 2 having count(*) > 1`));
  problem('duplicate agency names', await rows(db, `select name, count(*)::int as n from agencies group by 1 having count(*) > 1`));
  // Referential soundness of the tables without foreign keys.
  problem('cells without a report', await rows(db, `select distinct c.report_id from cells c left join reports r on r.id = c.report_id where r.id is null`));
  problem('checks without a report', await rows(db, `select distinct k.report_id from checks k left join reports r on r.id = k.report_id where r.id is null`));
  problem('document without a report', await rows(db, `select d.sha256 from documents d where not exists (select 1 from reports r where r.document_sha256 = d.sha256)`));
  problem('document without a source', await rows(db, `select d.sha256 from documents d where not exists (select 1 from document_sources s where s.document_sha256 = d.sha256)`));
  problem('superseded report without successor', await rows(db, `select id from reports where status = 'superseded' and superseded_by is null`));
  problem('failed report with cells or checks', await rows(db, `select r.id from reports r where r.status = 'failed' and (exists (select 1 from cells c where c.report_id = r.id) or exists (select 1 from checks k where k.report_id = r.id))`));

  // No partial report: each has exactly the cells and checks extraction gives for its bytes.
  const reports = await rows<{ id: number; sha256: string; status: string; error_code: string | null; cells: number; checks: number }>(
    db,
    `select r.id, r.document_sha256 as sha256, r.status, r.error_code,
            (select count(*) from cells c where c.report_id = r.id)::int as cells,
            (select count(*) from checks k where k.report_id = r.id and k.rule <> 'T3-06')::int
              + (select count(*) from string_to_table((select l.checks from passed_check_lists l where l.key = r.passed_check_list), ' ') as p where p <> '' and p not like 'T3-06:%')::int as checks
     from reports r order by r.id`,
  );
  const partial = [];
  for (const report of reports) {
    const want = expected.get(report.sha256);
    if (!want) {
      partial.push({ id: report.id, sha256: report.sha256.slice(0, 12), why: 'not a served document' });
      continue;
    }
    if (report.cells !== want.cells || report.checks !== want.checks || report.error_code !== want.error) {
      partial.push({ id: report.id, status: report.status, cells: [report.cells, want.cells], checks: [report.checks, want.checks], error: [report.error_code, want.error] });
    }
  }
  problem('report whose cells/checks/error differ from its extraction (partial load)', partial);
  const stored = new Set(reports.map((report) => report.sha256));
  problem('served document never loaded (lost)', [...expected.keys()].filter((sha) => !stored.has(sha)).map((sha) => sha.slice(0, 12)));

  if (options.frontier) {
    problem('frontier URL left leased or pending', await rows(db, `select url, state from crawl_urls where state in ('leased', 'pending')`));
    problem('frontier URL not fetched ok', await rows(db, `select url, state, outcome, error_code from crawl_urls where state <> 'done' or outcome not in ('ok', 'not-modified')`));
  }

  if (options.blobRoot) {
    const documents = await rows<{ sha256: string; blob_path: string | null }>(db, `select sha256, blob_path from documents`);
    const bad = [];
    for (const document of documents) {
      if (!document.blob_path) continue;
      const file = path.join(options.blobRoot, document.blob_path);
      const ok = await access(file).then(() => true, () => false);
      const hash = ok ? createHash('sha256').update(await readFile(file)).digest('hex') : null;
      if (hash !== document.sha256) bad.push({ sha256: document.sha256.slice(0, 12), blob: ok ? 'wrong bytes' : 'missing' });
    }
    problem('document whose blob is missing or torn', bad);
  }

  const dump = [
    ...(await rows<{ line: string }>(
      db,
      `select concat_ws(' | ', 'report', coalesce(a.name, '-'), coalesce(r.year::text, '-'), coalesce(r.template_detected, '-'), r.status,
                        coalesce(r.error_code, '-'), r.document_sha256) as line
       from reports r left join agencies a on a.id = r.agency_id`,
    )),
    ...(await rows<{ line: string }>(
      db,
      `select concat_ws(' | ', 'cell', coalesce(a.name, '-'), coalesce(r.year::text, '-'), coalesce(r.template_detected, '-'), r.status,
                        c.key, coalesce(c.value::text, 'null')) as line
       from cells c join reports r on r.id = c.report_id left join agencies a on a.id = r.agency_id`,
    )),
    ...(await rows<{ line: string }>(
      db,
      `select concat_ws(' | ', 'check', coalesce(a.name, '-'), coalesce(r.year::text, '-'), r.status, k.rule, k.scope, k.detail) as line
       from checks k join reports r on r.id = k.report_id left join agencies a on a.id = r.agency_id`,
    )),
    ...(await rows<{ line: string }>(
      db,
      `select concat_ws(' | ', 'passed', coalesce(a.name, '-'), coalesce(r.year::text, '-'), r.status, split_part(p, ':', 1), split_part(p, ':', 2)) as line
       from reports r cross join string_to_table((select l.checks from passed_check_lists l where l.key = r.passed_check_list), ' ') as p left join agencies a on a.id = r.agency_id`,
    )),
  ]
    .map((row) => row.line)
    .sort();

  const identity = [
    ...(await rows<{ line: string }>(
      db,
      `select concat_ws(' | ', 'agency', name, coalesce(level, '-'), coalesce(type, '-'), coalesce(jurisdiction, '-'), coalesce(region_code, '-'),
                        coalesce(uscc, '-'), coalesce(host, '-'), coalesce(identity_source, '-')) as line
       from agencies`,
    )),
    ...(await rows<{ line: string }>(
      db,
      `select concat_ws(' | ', 'coverage', coalesce(a.name, '-'), coalesce(r.year::text, '-'), r.status, coalesce(r.coverage, '-')) as line
       from reports r left join agencies a on a.id = r.agency_id`,
    )),
  ]
    .map((row) => row.line)
    .sort();

  const [counts] = await rows<Record<string, number>>(
    db,
    `select (select count(*) from documents)::int as documents, (select count(*) from document_sources)::int as sources,
            (select count(*) from reports)::int as reports, (select count(*) from reports where status = 'ok')::int as current,
            (select count(*) from reports where status = 'failed')::int as failed, (select count(*) from cells)::int as cells,
            (select count(*) from checks)::int as checks`,
  );
  return { problems, dump, identity, counts: counts! };
}

/** The first lines where two dumps differ, for a readable assertion message. */
export function dumpDiff(actual: readonly string[], expected: readonly string[], limit = 10): string[] {
  const a = new Set(actual);
  const e = new Set(expected);
  return [
    ...expected.filter((line) => !a.has(line)).slice(0, limit).map((line) => `- ${line}`),
    ...actual.filter((line) => !e.has(line)).slice(0, limit).map((line) => `+ ${line}`),
  ];
}
