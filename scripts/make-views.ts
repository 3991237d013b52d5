#!/usr/bin/env node
/** Writes migrations/views.sql, the repeatable migration of the analysis views (src/warehouse/view-sql.ts). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MIGRATIONS_FOLDER, VIEWS_FILE } from '../src/db/migrate.ts';
import { viewsFile } from '../src/warehouse/view-sql.ts';

const target = path.join(MIGRATIONS_FOLDER, VIEWS_FILE);
await writeFile(target, viewsFile());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
