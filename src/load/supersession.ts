/**
 * Which report of an (agency, year) identity is current. Pure, so the rule is testable apart
 * from SQL.
 *
 * A newcomer replaces the current report when it is a re-extraction of the same document, or
 * when its document was first seen after the current one's — except that a report without
 * tables never replaces one with tables, and one with tables always replaces one without: a
 * report page whose tables are in an attached PDF (the "envelope"), re-fetched because a visit
 * counter changed its bytes, must not displace the PDF's report. A re-extraction of an
 * older document (e.g. a backfill with a new extractor) is kept, already superseded by the
 * report that stays current, so a backfill in any order ends with the newest document current.
 */
export interface Contender {
  reportId: number;
  documentSha256: string;
  /** documents.seen_order: larger is newer */
  documentSeenOrder: number;
  /** whether the report has table cells */
  hasTables: boolean;
}

function replaces(newcomer: Contender, current: Contender): boolean {
  if (newcomer.documentSha256 === current.documentSha256) return true;
  if (newcomer.hasTables !== current.hasTables) return newcomer.hasTables;
  return newcomer.documentSeenOrder > current.documentSeenOrder;
}

export interface IdentityPlan {
  /** the report current after the load (an existing one, or one of the newcomers) */
  current: Contender | undefined;
  /** every report that is not current, with the report that superseded it */
  supersededBy: Map<number, number>;
  /** newcomer report id → the report it replaced as current */
  replaced: Map<number, number>;
}

/** `newcomers` in load order. */
export function planIdentity(existing: Contender | undefined, newcomers: readonly Contender[]): IdentityPlan {
  const supersededBy = new Map<number, number>();
  const replaced = new Map<number, number>();
  let current = existing;
  for (const newcomer of newcomers) {
    if (!current) {
      current = newcomer;
    } else if (replaces(newcomer, current)) {
      supersededBy.set(current.reportId, newcomer.reportId);
      replaced.set(newcomer.reportId, current.reportId);
      current = newcomer;
    } else {
      supersededBy.set(newcomer.reportId, current.reportId);
    }
  }
  return { current, supersededBy, replaced };
}
