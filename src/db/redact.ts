/**
 * Connection strings carry passwords; every message that may reach a log or a terminal goes
 * through these helpers first.
 */

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; non-URLs are returned masked. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) {
      if (/pass|secret|token/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.toString();
  } catch {
    // An unparsable string may still hold a password somewhere: show nothing of it.
    return '<unparsable database url>';
  }
}

/** Removes the URL's password (raw and percent-decoded) from any text, e.g. a driver error. */
export function redactSecrets(text: string, databaseUrl: string | undefined): string {
  if (!databaseUrl) return text;
  let out = text.split(databaseUrl).join(redactDatabaseUrl(databaseUrl));
  let password = '';
  try {
    password = new URL(databaseUrl).password;
  } catch {
    return out;
  }
  for (const secret of new Set([password, safeDecode(password)])) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
