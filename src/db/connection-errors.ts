import { GongkaiError } from '../domain/errors.ts';
import { redactDatabaseUrl, redactSecrets } from './redact.ts';

/**
 * Telling "the database went away" from "the database refused this statement". The first stops a
 * run (E_DB, exit code 1, retry later); the second is recorded against one document. postgres.js
 * reports a lost server as a network code (ECONNREFUSED …), as its own code (CONNECTION_CLOSED …)
 * or, when the server said goodbye first, as a SQLSTATE: class 08 (connection exception) or
 * 57P01-57P03 (admin/crash shutdown, cannot connect now: a restart). drizzle wraps driver errors
 * in DrizzleQueryError with the original as `cause`, so the cause chain is searched.
 * No driver is imported here, so the CLI can use it without loading one.
 */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function isConnectionCode(code: unknown): boolean {
  return typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code));
}

/** The error in `error`'s cause chain that says the connection to the database was lost, if any. */
export function connectionErrorOf(error: unknown): Error | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    if (isConnectionCode((current as { code?: unknown }).code)) return current as Error;
  }
  return undefined;
}

/** A lost connection as E_DB (retryable), its message without the password; other errors unchanged. */
export function asConnectionFailure(error: unknown, databaseUrl?: string): unknown {
  if ((error as { code?: unknown } | null)?.code === 'E_DB') return error;
  const lost = connectionErrorOf(error);
  if (!lost) return error;
  const where = databaseUrl ? ` to ${redactDatabaseUrl(databaseUrl)}` : '';
  const code = (lost as { code?: unknown }).code;
  const message = redactSecrets(`${lost.message || String(code)}${lost.message?.includes(String(code)) ? '' : ` (${String(code)})`}`, databaseUrl);
  return new GongkaiError('E_DB', `lost the connection${where}: ${message}`, { cause: error, retryable: true });
}
