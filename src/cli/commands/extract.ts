import { defineCommand } from 'citty';
import { readFile } from 'node:fs/promises';
import type { ExtractResult } from '../../domain/types.ts';
import { createExtractionPool, poolOptionsFrom } from '../../extract/pool.ts';
import { failingRules } from '../../validate/validate.ts';
import { expandInputs } from '../inputs.ts';
import { paint } from '../output.ts';
import { commonArgs, contextFrom } from '../context.ts';

export default defineCommand({
  meta: {
    name: 'extract',
    description: 'Extract tables from report documents (text, Markdown, HTML, PDF) without touching the database',
  },
  args: {
    files: { type: 'positional', description: 'files or folders to extract', required: true },
    json: { type: 'boolean', description: 'print one JSON object per document (JSON Lines, shared/spec/extract-output.md)' },
    text: { type: 'boolean', description: 'with --json, include the extracted body text' },
    ...commonArgs,
  },
  async run({ args }) {
    const context = contextFrom(args);
    const files = await expandInputs(args._.length ? args._ : [args.files]);
    // Worker threads give every document a time and memory budget: one pathological PDF cannot hang the command.
    const { config } = context;
    const pool = createExtractionPool({ ...poolOptionsFrom(config), size: Math.min(config.workers, files.length) });
    const extract = async (file: string) =>
      pool.extract(new Uint8Array(await readFile(file)), { source: file, maxPdfPages: config.maxPdfPages });
    // Read ahead of printing so both workers stay busy, without holding a whole folder in memory.
    const window = config.workers * 2;
    const pending = files.slice(0, window).map(extract);
    try {
      for (const [index, file] of files.entries()) {
        const next = files[index + window];
        if (next) pending.push(extract(next));
        print(file, await pending[index]!, args);
      }
    } finally {
      await pool.close();
    }
  },
});

function print(file: string, result: ExtractResult, args: { json?: boolean; text?: boolean }): void {
  if (args.json) {
    const { text, ...record } = result;
    process.stdout.write(`${JSON.stringify(args.text ? { ...record, text } : record)}\n`);
    return;
  }
  if (result.error) {
    process.stdout.write(`${paint('red', 'error')} ${file}: ${result.error.code} ${result.error.message}\n`);
    return;
  }
  const report = result.report!;
  const failing = failingRules(result.checks);
  process.stdout.write(
    `${paint('green', 'ok')} ${file}: ${report.agency ?? '?'} ${report.year ?? '?'} ${report.template}, ` +
      `${result.cells.length} cells, ${failing.length ? paint('yellow', `failing ${failing.join(' ')}`) : 'all checks pass'}\n`,
  );
}
