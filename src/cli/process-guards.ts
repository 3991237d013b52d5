import { connectionErrorOf } from '../db/connection-errors.ts';
import { connectionsLost } from '../db/lost-connections.ts';
import { maskUrlPasswords } from './redact.ts';

/**
 * Fails a run that stalls: the event loop has nothing left to do while `run` is still waiting,
 * so nothing can ever finish it. Node would exit with code 13 ("unsettled top-level await") and
 * no reason. The known cause is a database connection lost mid-statement, on which postgres.js
 * can strand the statement (found by test/reliability/postgres-restart.test.ts); that becomes
 * the run's E_DB failure like any other lost connection (exit code 1).
 */
export function failWhenStalled(settled: () => boolean): void {
  process.once('beforeExit', () => {
    if (settled()) return;
    const reason =
      connectionsLost() > 0
        ? 'E_DB: the database connection was lost mid-statement and the run could not go on'
        : 'E_INTERNAL: the run stalled: it was left waiting on something that will never finish';
    process.stderr.write(`gongkai: ${reason}\n`);
    process.exit(1);
  });
}

/**
 * Reports a rejection nobody handled as a warning and goes on: libraries leave some (pdfjs on
 * damaged PDFs), and one document's stray error must not end a night's run. A statement the
 * database driver stranded on a connection that was lost is left unsaid: the run reports the lost
 * connection itself (E_DB), once.
 */
export function warnOfStrayRejections(): void {
  process.on('unhandledRejection', (reason) => {
    const warn = () => process.stderr.write(`gongkai: warning: unhandled rejection: ${maskUrlPasswords(String(reason))}\n`);
    if (!connectionErrorOf(reason)) return warn();
    // A socket error rejects the statements before the socket's close event counts the loss.
    setImmediate(() => {
      if (connectionsLost() === 0) warn();
    });
  });
}
