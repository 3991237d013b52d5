#!/usr/bin/env node
import { defineCommand, runCommand, runMain } from 'citty';
import { ERROR_CODES, errorCodeOf } from '../domain/errors.ts';
import { maskUrlPasswords } from './redact.ts';
import { failWhenStalled, warnOfStrayRejections } from './process-guards.ts';

/**
 * gongkai's entry point. Subcommands load lazily so `gongkai extract` never loads the database
 * drivers. This is the one place that maps errors to exit codes:
 * 0 success, 1 the run failed, 2 usage or configuration error.
 */
const main = defineCommand({
  meta: {
    name: 'gongkai',
    version: '0.1.0',
    description: 'Government information-disclosure annual reports (政府信息公开工作年度报告) → a validated Postgres warehouse',
  },
  subCommands: {
    extract: () => import('./commands/extract.ts').then((m) => m.default),
    load: () => import('./commands/load.ts').then((m) => m.default),
    migrate: () => import('./commands/migrate.ts').then((m) => m.default),
    status: () => import('./commands/status.ts').then((m) => m.default),
    sources: () => import('./commands/sources.ts').then((m) => m.default),
    crawl: () => import('./commands/crawl-commands.ts').then((m) => m.crawlCommand),
    run: () => import('./commands/crawl-commands.ts').then((m) => m.runCommand),
    backfill: () => import('./commands/crawl-commands.ts').then((m) => m.backfillCommand),
    export: () => import('./commands/export.ts').then((m) => m.default),
    'grant-reader': () => import('./commands/grant-reader.ts').then((m) => m.default),
    worker: () => import('./commands/worker.ts').then((m) => m.default),
    schedule: () => import('./commands/schedule.ts').then((m) => m.default),
  },
});

const USAGE_CODES = new Set(['E_USAGE', 'E_CONFIG', 'E_SOURCES_INVALID', 'E_ADAPTER_UNKNOWN']);

/** The stable code of an error from any part of gongkai (extraction, crawler, database). */
function codeOf(error: unknown): string {
  const own = (error as { code?: unknown } | null)?.code;
  return typeof own === 'string' && own.startsWith('E_') ? own : errorCodeOf(error);
}

async function run(argv: string[]): Promise<number> {
  const wantsHelp = argv.some((arg) => arg === '--help' || arg === '-h') || argv.length === 0;
  if (wantsHelp || (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v'))) {
    await runMain(main, { rawArgs: argv.length === 0 ? ['--help'] : argv });
    return 0;
  }
  try {
    await runCommand(main, { rawArgs: argv });
    return 0;
  } catch (error) {
    const code = codeOf(error);
    const message = maskUrlPasswords(error instanceof Error ? error.message : String(error));
    const citty = (error as { name?: string }).name === 'CLIError';
    if (citty) {
      process.stderr.write(`gongkai: ${message}\nRun \`gongkai --help\` or \`gongkai <command> --help\` for usage.\n`);
      return 2;
    }
    const description = (ERROR_CODES as Record<string, string>)[code];
    const hint = code === 'E_INTERNAL' || !description ? '' : ` (${description})`;
    process.stderr.write(`gongkai: ${code}: ${message}${hint}\n`);
    if (code === 'E_INTERNAL' && error instanceof Error && error.stack) process.stderr.write(`${maskUrlPasswords(error.stack)}\n`);
    return USAGE_CODES.has(code) ? 2 : 1;
  }
}

warnOfStrayRejections();
let settled = false;
failWhenStalled(() => settled);
process.exitCode = await run(process.argv.slice(2));
settled = true;
