import { describe, expect, it } from 'vitest';
import { redactDatabaseUrl, redactSecrets } from '../../src/db/redact.ts';
import { openPostgres } from '../../src/db/postgres-driver.ts';

describe('redaction', () => {
  it('masks the password of a database URL', () => {
    expect(redactDatabaseUrl('postgres://gk:s3cr%40t@db.example:5432/gongkai?sslmode=require&password=x')).toBe(
      'postgres://gk:***@db.example:5432/gongkai?sslmode=require&password=***',
    );
    expect(redactDatabaseUrl('postgres://db.example/gongkai')).toBe('postgres://db.example/gongkai');
    expect(redactDatabaseUrl('not a url s3cret')).toBe('<unparsable database url>');
  });

  it('removes the password from any message', () => {
    const url = 'postgres://gk:s3cr%40t@db.example/gongkai';
    expect(redactSecrets(`connect ${url} failed: password s3cr@t rejected`, url)).toBe(
      'connect postgres://gk:***@db.example/gongkai failed: password *** rejected',
    );
  });

  it('never shows the password when a connection fails', async () => {
    const error = await openPostgres('postgres://gk:hunter2@127.0.0.1:1/none').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'E_DB' });
    expect(String((error as Error).message)).not.toContain('hunter2');
    expect(String((error as Error).message)).toContain('postgres://gk:***@127.0.0.1:1/none');
  });
});
