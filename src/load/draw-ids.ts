import type { Transaction } from '../db/handle.ts';

/**
 * `count` new values of the sequence behind `table.column` (serial or identity), ascending, so
 * the loader can write rows with their ids by COPY and rows reach the indexes in order.
 */
export async function drawIds(tx: Transaction, table: string, column: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  if (tx.kind === 'pglite') {
    // One process, one statement at a time: a block of values in one step instead of a
    // nextval per value (7 µs each on PGlite). On PostgreSQL a concurrent nextval could land
    // inside the block.
    const { rows } = await tx.query<{ last: string }>(
      `select setval(seq.oid, nextval(seq.oid) + $3::int - 1) as last
       from (select pg_get_serial_sequence($1, $2)::regclass as oid) as seq`,
      [table, column, count],
    );
    const first = Number(rows[0]!.last) - count + 1;
    return Array.from({ length: count }, (_, i) => first + i);
  }
  // One text value rather than a row per value: one value to decode.
  const { rows } = await tx.query<{ ids: string }>(
    `select string_agg(nextval(seq.oid)::text, ',') as ids
     from (select pg_get_serial_sequence($1, $2)::regclass as oid) as seq, generate_series(1, $3::int)`,
    [table, column, count],
  );
  return rows[0]!.ids.split(',').map(Number).sort((a, b) => a - b);
}
