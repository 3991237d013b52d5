import { defineConfig } from 'drizzle-kit';

// Migrations are generated offline (`npm run db:generate`, no database needed) and applied at
// run time by src/db/migrate.ts, on PGlite and on PostgreSQL 15 alike. Every file of
// src/db/schema/ is read, so a new concern (e.g. crawl.ts) needs no change here.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/*.ts',
  out: './migrations',
});
