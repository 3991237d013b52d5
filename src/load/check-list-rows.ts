import type { Transaction } from '../db/handle.ts';
import type { PassedCheckList } from './report-rows.ts';

/**
 * Adds the passed-check lists the warehouse lacks (`known`: the keys it holds). ON CONFLICT
 * because another loader may add the same list meanwhile; sorted, so two loaders adding the
 * same new lists wait for each other instead of deadlocking.
 */
export async function addPassedCheckLists(tx: Transaction, lists: Iterable<PassedCheckList | null>, known: ReadonlySet<string>): Promise<void> {
  const fresh = new Map<string, PassedCheckList>();
  for (const list of lists) if (list && !known.has(list.key)) fresh.set(list.key, list);
  if (fresh.size === 0) return;
  await tx.query(
    `insert into passed_check_lists (key, checks)
     select key, checks from json_to_recordset($1::text::json) as l(key text, checks text)
     order by key
     on conflict do nothing`,
    [JSON.stringify([...fresh.values()])],
  );
}
