import { defineCommand } from 'citty';
import { extractFile } from '../../extract/index.ts';
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
    for (const file of files) {
      const result = await extractFile(file, { maxPdfPages: context.config.maxPdfPages });
      if (args.json) {
        const { text, ...record } = result;
        process.stdout.write(`${JSON.stringify(args.text ? { ...record, text } : record)}\n`);
        continue;
      }
      if (result.error) {
        process.stdout.write(`${paint('red', 'error')} ${file}: ${result.error.code} ${result.error.message}\n`);
        continue;
      }
      const report = result.report!;
      const failing = failingRules(result.checks);
      process.stdout.write(
        `${paint('green', 'ok')} ${file}: ${report.agency ?? '?'} ${report.year ?? '?'} ${report.template}, ` +
          `${result.cells.length} cells, ${failing.length ? paint('yellow', `failing ${failing.join(' ')}`) : 'all checks pass'}\n`,
      );
    }
  },
});
