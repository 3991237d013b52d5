#!/usr/bin/env node
import { defineCommand, runCommand, runMain } from 'citty';
import { ERROR_CODES, errorCodeOf } from '../domain/errors.ts';
import { maskUrlPasswords } from './redact.ts';

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
  },
});

const USAGE_CODES = new Set(['E_USAGE', 'E_CONFIG']);

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
    const code = errorCodeOf(error);
    const message = maskUrlPasswords(error instanceof Error ? error.message : String(error));
    const citty = (error as { name?: string }).name === 'CLIError';
    if (citty) {
      process.stderr.write(`gongkai: ${message}\nRun \`gongkai --help\` or \`gongkai <command> --help\` for usage.\n`);
      return 2;
    }
    const hint = code === 'E_INTERNAL' ? '' : ` (${ERROR_CODES[code]})`;
    process.stderr.write(`gongkai: ${code}: ${message}${hint}\n`);
    if (code === 'E_INTERNAL' && error instanceof Error && error.stack) process.stderr.write(`${maskUrlPasswords(error.stack)}\n`);
    return USAGE_CODES.has(code) ? 2 : 1;
  }
}

process.exitCode = await run(process.argv.slice(2));
