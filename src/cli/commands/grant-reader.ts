import { defineCommand } from 'citty';
import { GongkaiError } from '../../domain/errors.ts';
import { DEFAULT_STATEMENT_TIMEOUT, ensureResearcherRole, grantReaderLogin, RESEARCHER_ROLE } from '../../warehouse/researcher-role.ts';
import { commonArgs, contextFrom } from '../context.ts';
import { withWarehouse } from '../warehouse.ts';

export default defineCommand({
  meta: {
    name: 'grant-reader',
    description: `Make sure the read-only "${RESEARCHER_ROLE}" role can read every table and view, and optionally create or update a login in it`,
  },
  args: {
    login: { type: 'string', description: 'login role to create or update (lower-case letters, digits, _)', valueHint: 'name' },
    'password-env': { type: 'string', description: 'environment variable holding the login password (never on the command line)', valueHint: 'VAR' },
    'statement-timeout': { type: 'string', description: `statement_timeout of the login (default ${DEFAULT_STATEMENT_TIMEOUT})`, valueHint: '5min' },
    ...commonArgs,
  },
  async run({ args }) {
    const { config } = contextFrom(args);
    if (args['password-env'] && !args.login) throw new GongkaiError('E_USAGE', '--password-env needs --login');
    let password: string | undefined;
    if (args.login) {
      const variable = args['password-env'];
      if (!variable) throw new GongkaiError('E_USAGE', '--login needs --password-env VAR (the password is read from that environment variable)');
      password = process.env[variable];
      if (!password) throw new GongkaiError('E_USAGE', `environment variable ${variable} is empty or not set`);
    }
    await withWarehouse(config, async ({ db }) => {
      await ensureResearcherRole(db);
      const { rows } = await db.query<{ tables: number; views: number }>(
        `select count(*) filter (where c.relkind = 'r')::int as tables, count(*) filter (where c.relkind = 'v')::int as views
         from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v')
           and has_table_privilege($1, c.oid, 'SELECT')`,
        [RESEARCHER_ROLE],
      );
      process.stdout.write(`role ${RESEARCHER_ROLE}: SELECT on ${rows[0]!.tables} tables and ${rows[0]!.views} views, no writes, no CREATE\n`);
      if (args.login && password) {
        const result = await grantReaderLogin(db, { name: args.login, password, statementTimeout: args['statement-timeout'] });
        process.stdout.write(
          `login ${result.name} ${result.created ? 'created' : 'updated'} in role ${RESEARCHER_ROLE} (statement_timeout ${result.statementTimeout}, read-only transactions)\n`,
        );
      }
      if (db.kind === 'pglite') {
        process.stderr.write(
          'note: this warehouse is the embedded PGlite database, which has no network logins: the role and its grants exist in its catalog ' +
            '(a process can open it with `new PGlite(dir, { username })` or `SET ROLE researcher`), but researchers connect only to PostgreSQL. ' +
            'Set DATABASE_URL to a PostgreSQL warehouse to give them logins.\n',
        );
      }
    });
  },
});
