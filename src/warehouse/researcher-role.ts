/**
 * The read-only `researcher` role: a NOLOGIN group role that may read every table and view of
 * the public schema (also tables created later, through default privileges) and nothing else,
 * plus login roles in it made by `gongkai grant-reader`. The migration that creates the role
 * runs `researcherRoleSql()`; grant-reader runs it again (idempotent) before it touches a login,
 * so a warehouse migrated by a user without CREATEROLE can be fixed up by an administrator.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/handle.ts';
import { GongkaiError } from '../domain/errors.ts';

export const RESEARCHER_ROLE = 'researcher';
/** statement_timeout of researcher logins (a runaway query must not hold the warehouse) */
export const DEFAULT_STATEMENT_TIMEOUT = '5min';

/**
 * Creates the group role if missing (tolerating a concurrent creation in another database of
 * the same cluster, and a migrating user without CREATEROLE, which only gets a notice) and
 * grants it read access. Plain SQL so the migration can contain exactly this text.
 */
export function researcherRoleSql(timeout = DEFAULT_STATEMENT_TIMEOUT): string {
  return `DO $gongkai$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${RESEARCHER_ROLE}') THEN
    BEGIN
      CREATE ROLE ${RESEARCHER_ROLE} NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'gongkai: no CREATEROLE privilege, role ${RESEARCHER_ROLE} not created; run gongkai grant-reader as an administrator';
        RETURN;
    END;
  END IF;
  GRANT USAGE ON SCHEMA public TO ${RESEARCHER_ROLE};
  GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${RESEARCHER_ROLE};
  -- tables and views later migrations create (they run as this same user)
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${RESEARCHER_ROLE};
  -- nobody but the owner creates objects in public (PostgreSQL 15 already revokes it)
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  -- applies to sessions that log in as the role itself; logins get their own (grant-reader).
  -- Roles are cluster-wide: skip when already set, and never fail a migration over it (two
  -- databases migrating at once can collide on this catalog row).
  IF NOT EXISTS (SELECT 1 FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
                 WHERE r.rolname = '${RESEARCHER_ROLE}' AND s.setdatabase = 0
                   AND 'statement_timeout=${timeout}' = ANY (s.setconfig)) THEN
    BEGIN
      ALTER ROLE ${RESEARCHER_ROLE} SET statement_timeout = '${timeout}';
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'gongkai: statement_timeout of role ${RESEARCHER_ROLE} not set: %', SQLERRM;
    END;
  END IF;
END
$gongkai$;`;
}

/** Grants (again) what the researcher role may do. Needs the privileges of the warehouse owner. */
export async function ensureResearcherRole(db: Queryable): Promise<void> {
  await db.query(researcherRoleSql());
}

/** Login names grant-reader accepts: plain lower-case identifiers, never a quoting puzzle. */
const LOGIN_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const RESERVED = new Set([RESEARCHER_ROLE, 'postgres', 'public', 'none', 'current_user', 'session_user', 'current_role']);

export interface ReaderLogin {
  name: string;
  /** plain-text password; only its SCRAM-SHA-256 verifier is sent to the server */
  password: string;
  /** @default DEFAULT_STATEMENT_TIMEOUT */
  statementTimeout?: string;
}

export interface ReaderLoginResult {
  name: string;
  created: boolean;
  statementTimeout: string;
}

/**
 * Creates (or updates the password of) a login role in the researcher group, with a
 * statement_timeout and read-only transactions by default. The password is turned into a
 * SCRAM-SHA-256 verifier here, so the plain text never reaches the server or its logs; the
 * name is validated and quoted by the server (format %I).
 */
export async function grantReaderLogin(db: Queryable, login: ReaderLogin): Promise<ReaderLoginResult> {
  if (!LOGIN_NAME.test(login.name) || RESERVED.has(login.name) || login.name.startsWith('pg_')) {
    throw new GongkaiError('E_USAGE', `login name ${JSON.stringify(login.name)} must be a lower-case identifier (a-z, 0-9, _) and not a reserved role`);
  }
  if (login.password.length < 8) throw new GongkaiError('E_USAGE', 'the password must have at least 8 characters');
  const timeout = login.statementTimeout ?? DEFAULT_STATEMENT_TIMEOUT;
  if (!/^[0-9]+\s*(ms|s|min|h)?$/.test(timeout)) throw new GongkaiError('E_USAGE', `statement timeout ${JSON.stringify(timeout)} is not like 30s, 5min or 60000`);
  await ensureResearcherRole(db);
  const { rows: current } = await db.query<{ me: string }>(`select current_user as me`);
  if (current[0]?.me === login.name) throw new GongkaiError('E_USAGE', `${login.name} is the role running this command`);
  const { rows } = await db.query<{ member: boolean | null; login: boolean }>(
    `select pg_has_role(r.oid, (select oid from pg_roles where rolname = $2), 'MEMBER') as member, r.rolcanlogin as login
     from pg_roles r where r.rolname = $1`,
    [login.name, RESEARCHER_ROLE],
  );
  const exists = rows.length > 0;
  if (exists && !rows[0]!.member) {
    throw new GongkaiError('E_USAGE', `role ${login.name} exists and is not a ${RESEARCHER_ROLE} login; refusing to change it`);
  }
  const verifier = scramSha256Verifier(login.password);
  const statements = [
    exists
      ? [`alter role %I with login nosuperuser nocreatedb nocreaterole inherit password %L`, login.name, verifier]
      : [`create role %I with login nosuperuser nocreatedb nocreaterole inherit password %L in role ${RESEARCHER_ROLE}`, login.name, verifier],
    [`alter role %I set statement_timeout = %L`, login.name, timeout],
    [`alter role %I set default_transaction_read_only = on`, login.name],
  ];
  for (const [template, ...args] of statements) {
    // the server quotes the identifier and literal; the statement is then run as text
    const { rows: built } = await db.query<{ sql: string }>(`select format($1, ${args.map((_, i) => `$${i + 2}::text`).join(', ')}) as sql`, [template, ...args]);
    await db.query(built[0]!.sql);
  }
  return { name: login.name, created: !exists, statementTimeout: timeout };
}

/**
 * PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802/7677):
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`. The password is used as UTF-8
 * without SASLprep, which equals SASLprep for the passwords people type (ASCII, normalised text).
 */
export function scramSha256Verifier(password: string, options: { salt?: Buffer; iterations?: number } = {}): string {
  const salt = options.salt ?? randomBytes(16);
  const iterations = options.iterations ?? 4096;
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
