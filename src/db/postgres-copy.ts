import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type postgres from 'postgres';
import { copyTextChunks, type CopyValue } from './copy-text.ts';

/**
 * `COPY … FROM STDIN` through postgres.js, working around porsager/postgres#1173 (3.4.9): when
 * the server rejects the data after the last chunk was sent (a constraint, a bad value), the
 * writable never finishes and the error is swallowed, so the caller would hang inside an
 * aborted transaction forever. Hence the probe: a `select 1` sent right behind the COPY on the
 * same transaction connection fails with "current transaction is aborted" exactly when the
 * COPY failed. Errors raised while data is still streaming arrive normally, with their message.
 * The COPY must run in a transaction for the probe to see the failure.
 */
export async function copyInTransaction(
  tx: postgres.TransactionSql,
  statement: string,
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  let count = 0;
  const sink = await tx.unsafe(statement).writable();
  const copyDoneSent = afterFinal(sink);
  const done = finished(sink);
  done.catch(() => {}); // may never settle (the bug); awaited through the race below
  for (const chunk of copyTextChunks(countRows(rows, () => count++))) {
    if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), done]);
  }
  sink.end();
  try {
    await Promise.race([done, copyDoneSent.then(() => tx.unsafe('select 1'))]);
  } catch (error) {
    throw copyError(error, statement);
  }
  return count;
}

function* countRows<T>(rows: Iterable<T>, onRow: () => void): Generator<T> {
  for (const row of rows) {
    onRow();
    yield row;
  }
}

/**
 * Resolves once postgres.js has sent CopyDone (its writable's `_final`). Only then may another
 * query go to the connection: earlier, postgres.js rejects it with COPY_IN_PROGRESS, and
 * inside `sql.begin` any rejected query fails the whole transaction.
 */
function afterFinal(sink: Writable): Promise<void> {
  return new Promise((resolve) => {
    const final = sink._final!.bind(sink);
    sink._final = (callback) => {
      final(callback);
      resolve();
    };
  });
}

function copyError(error: unknown, statement: string): unknown {
  if ((error as { code?: string }).code !== '25P02') return error;
  const wrapped = new Error(
    `PostgreSQL rejected ${statement.replace(/ from stdin$/, '')} (postgres.js hides the reason, porsager/postgres#1173)`,
    { cause: error },
  );
  return Object.assign(wrapped, { code: '25P02' });
}
