import type { Transaction } from '../db/handle.ts';
import { type AgencyIdentityRow, mergeAgencyRows } from '../warehouse/agency-identity.ts';
import type { KnownAgency, KnownRows } from './known-rows.ts';
import type { PreparedItem } from './load-types.ts';

export interface BatchAgencies {
  /** canonical name → agency id */
  ids: Map<string, number>;
  /** the agencies this batch added: none of them has a report yet */
  added: Set<number>;
}

/**
 * Agency ids for the batch's canonical names, adding the agencies it names for the first time.
 * A new agency gets its level and type from its name, and the USCC and host its documents show
 * (src/warehouse/agency-identity.ts); a known one only gets a USCC or host it lacked.
 */
export async function addAgencies(tx: Transaction, items: readonly PreparedItem[], known: KnownRows['agencies']): Promise<BatchAgencies> {
  const rows = mergeAgencyRows(items.map((item) => item.agencyRow));
  const agencies = new Map<string, KnownAgency>(known);
  const added = new Set<number>();
  const fresh = rows.filter((row) => !known.has(row.name));
  if (fresh.length > 0) {
    // DO NOTHING rather than DO UPDATE: DO UPDATE locks every existing row it meets until commit,
    // so any other open batch naming a known agency would wait for this whole transaction.
    // Sorted inserts: two loaders adding the same new names wait for each other, never deadlock.
    const { rows: inserted } = await tx.query<{ id: number; name: string }>(
      `insert into agencies (name, level, type, jurisdiction, identity_note, identity_source, uscc, host)
       select name, level, type, jurisdiction, note, 'inferred', uscc, host
       from json_to_recordset($1::text::json)
         as a(name text, level text, type text, jurisdiction text, note text, uscc text, host text)
       order by name
       on conflict (name) do nothing
       returning id, name`,
      [JSON.stringify(fresh)],
    );
    const byName = new Map(fresh.map((row) => [row.name, row]));
    for (const { id, name } of inserted) {
      agencies.set(name, { id, hasUscc: byName.get(name)!.uscc !== null, hasHost: byName.get(name)!.host !== null });
      added.add(id);
    }
    // names another loader added since readKnown
    const raced = fresh.filter((row) => !agencies.has(row.name)).map((row) => row.name);
    if (raced.length > 0) {
      const { rows: found } = await tx.query<{ id: number; name: string; has_uscc: boolean; has_host: boolean }>(
        `select id, name, uscc is not null as has_uscc, host is not null as has_host from agencies where name = any($1::text[])`,
        [raced],
      );
      for (const row of found) agencies.set(row.name, { id: row.id, hasUscc: row.has_uscc, hasHost: row.has_host });
    }
  }
  const lacking = rows.filter((row) => {
    const agency = agencies.get(row.name);
    return agency !== undefined && ((row.uscc !== null && !agency.hasUscc) || (row.host !== null && !agency.hasHost));
  });
  if (lacking.length > 0) await fillAgencyIdentity(tx, lacking);
  return { ids: new Map([...agencies].map(([name, agency]) => [name, agency.id])), added };
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
