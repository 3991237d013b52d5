import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSource, scanTree, type SqlFinding } from './lib/sql-scan.ts';

/**
 * Every SQL statement in src/ is parameterised: values travel as bind parameters ($1, COPY data,
 * drizzle's and postgres.js's tagged templates), never inside the SQL text. The scan below
 * (lib/sql-scan.ts) lists every place SQL text is built from an expression; each must be one of
 * the reviewed exceptions here, with the reason it cannot carry outside input. A new finding
 * fails this test: parameterise it, or review it and add it with its reason.
 */
interface Exception {
  file: string;
  /** source text of the finding (whitespace collapsed), or '*' for every finding of the file */
  text: string | RegExp;
  reason: string;
}

const REVIEWED: Exception[] = [
  // Drivers and adapters that pass a statement through: they are where parameters are bound.
  { file: 'src/db/postgres-driver.ts', text: 'text', reason: 'Queryable.query: runs the caller’s statement with its params array (postgres.js unsafe(text, params) binds them)' },
  { file: 'src/db/pglite-driver.ts', text: 'text', reason: 'Queryable.query: runs the caller’s statement with its params array' },
  { file: 'src/cli/commands/status.ts', text: 'text', reason: 'adapter handing queueStatus’s statements and params to Queryable.query' },
  { file: 'src/db/postgres-copy.ts', text: 'statement', reason: 'a COPY … FROM STDIN statement built by copyTargetSql (quoted identifiers); the rows go as COPY data' },
  { file: 'src/db/migrate.ts', text: 'statement', reason: 'a statement of migrations/views.sql, the repeatable migration generated from the constant view definitions of src/warehouse/view-sql.ts (a test keeps the file equal to the generator)' },
  {
    file: 'src/db/postgres-driver.ts',
    text: 'copyTargetSql(table, columns)',
    reason: 'identifiers only: drizzle table/column names checked against the table, quoted by quoteIdent; data goes as COPY rows',
  },
  { file: 'src/db/pglite-driver.ts', text: 'copyTargetSql(table, columns)', reason: 'same COPY target as the postgres driver; data goes as a /dev/blob' },
  {
    file: 'src/db/schema/agencies.ts',
    text: "values.map((value) => `'${value}'`).join(', ')",
    reason: 'CHECK constraint lists of the schema, built from the constant AGENCY_LEVELS / AGENCY_TYPES / IDENTITY_SOURCES arrays at migration-generation time',
  },
  // Constant identifiers and vocabulary.
  { file: 'src/queue/stats.ts', text: 'SCHEMA', reason: "the constant 'pgboss' schema name" },
  { file: 'src/queue/stats.ts', text: 'states', reason: 'count(…) filter (…) columns generated from the constant JOB_STATES list' },
  { file: 'src/warehouse/researcher-role.ts', text: 'RESEARCHER_ROLE', reason: 'the constant role name' },
  {
    file: 'src/warehouse/researcher-role.ts',
    text: 'timeout',
    reason: 'researcherRoleSql(timeout) is only called with the constant DEFAULT_STATEMENT_TIMEOUT (migration and ensureResearcherRole); a user-given timeout goes through format(%L) in grantReaderLogin',
  },
  { file: 'src/warehouse/researcher-role.ts', text: 'researcherRoleSql()', reason: 'the constant role DDL above, no arguments' },
  {
    file: 'src/warehouse/researcher-role.ts',
    text: "args.map((_, i) => `$${i + 2}::text`).join(', ')",
    reason: 'generates bind placeholders $2, $3 … for format(); the values are bound',
  },
  {
    file: 'src/warehouse/researcher-role.ts',
    text: 'built[0]!.sql',
    reason: 'a statement the server built with format(%I, %L) from bound parameters: identifiers and literals quoted by PostgreSQL',
  },
  { file: 'src/warehouse/export.ts', text: 'quoteIdent(view)', reason: 'view is checked against the constant VIEW_NAMES before, and quoted' },
  { file: 'src/warehouse/export.ts', text: 'batchRows', reason: 'a number (Math.max(1, option ?? 10000)), not text' },
  {
    file: 'src/warehouse/identity-store.ts',
    text: "rows.map((row) => row.name).join(', ')",
    reason: 'table names read from pg_class through quote_ident, limited to the constant ANALYZED_TABLES list',
  },
  {
    file: 'src/warehouse/view-sql.ts',
    text: '*',
    reason: 'view DDL generated from the fixed cell vocabulary (src/domain/vocabulary.ts) and pasted into a migration; never called with runtime input',
  },
];

const SRC = path.resolve(import.meta.dirname, '../../src');

function reviewed(finding: SqlFinding): Exception | undefined {
  return REVIEWED.find(
    (entry) =>
      entry.file === finding.file &&
      (entry.text === '*' || (typeof entry.text === 'string' ? entry.text === finding.text : entry.text.test(finding.text))),
  );
}

describe('SQL is parameterised', () => {
  it('builds no SQL text from values in src/, apart from the reviewed exceptions', async () => {
    const findings = await scanTree(SRC);
    expect(findings.length).toBeGreaterThan(0); // the scanner sees the drivers' pass-through at least
    const unreviewed = findings.filter((finding) => !reviewed(finding)).map((f) => `${f.file}:${f.line} ${f.kind}: ${f.text}`);
    expect(unreviewed, 'parameterise these, or review them and add them to REVIEWED with a reason').toEqual([]);
    const stale = REVIEWED.filter((entry) => !findings.some((finding) => reviewed(finding) === entry));
    if (stale.length > 0) console.warn(`sql-safety: allow-list entries that no longer match anything: ${stale.map((e) => `${e.file} ${String(e.text)}`).join('; ')}`);
  });

  it('the scanner flags interpolation, concatenation and non-literal statements, and passes tagged templates', () => {
    const source = `
      const name = input();
      await db.query(\`select * from reports where title = '\${name}'\`);
      await db.query('select * from agencies where name = ' + name);
      const text = \`delete from cells where key = \${name}\`;
      await db.query(text);
      await tx.unsafe(text, []);
      sql.raw(name);
      await db.query('select 1 from reports where id = $1', [name]);
      await db.query(\`select count(*)::int as n from reports\`);
      db.execute(sql\`select * from reports where id = \${name}\`);
      await connection\`select pg_advisory_lock(hashtextextended(\${name}, 0))\`;
      const message = \`loaded \${name}\`;
    `;
    const findings = scanSource('example.ts', source).map((f) => `${f.kind}: ${f.text}`);
    expect(findings).toEqual([
      'interpolation in SQL text: name',
      "non-literal SQL argument: 'select * from agencies where name = ' + name",
      "concatenation onto SQL text: 'select * from agencies where name = ' + name",
      'interpolation in SQL text: name',
      'non-literal SQL argument: text',
      'non-literal SQL argument: text',
      'non-literal SQL argument: name',
    ]);
  });
});
