/**
 * How many database connections closed while their handle was open (a server restart, a
 * failover, a network cut), process-wide. postgres.js can leave a statement it had in flight on
 * such a connection unsettled; the CLI reads this to name the cause when a run stalls
 * (src/cli/process-guards.ts). No driver import, so the CLI can read it without loading one.
 */
let closedUnderUse = 0;

export function noteConnectionLost(): void {
  closedUnderUse++;
}

export function connectionsLost(): number {
  return closedUnderUse;
}
