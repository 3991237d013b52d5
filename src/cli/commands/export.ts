import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { defineCommand } from 'citty';
import { GongkaiError } from '../../domain/errors.ts';
import { EXPORT_FORMATS, exportView, type ExportFormat } from '../../warehouse/export.ts';
import { VIEW_NAMES } from '../../warehouse/view-sql.ts';
import { commonArgs, contextFrom } from '../context.ts';
import { openWarehouse } from '../warehouse.ts';

export default defineCommand({
  meta: {
    name: 'export',
    description: `Stream one analysis view as CSV or Parquet (docs/warehouse.md). Views: ${VIEW_NAMES.join(', ')}`,
  },
  args: {
    view: { type: 'string', description: 'the view to export (one of the v_* views)', required: true, valueHint: 'v_name' },
    format: { type: 'string', description: 'csv (default) or parquet', valueHint: 'csv|parquet', default: 'csv' },
    out: { type: 'string', description: 'output file (default: standard output)', valueHint: 'file' },
    bom: { type: 'boolean', description: 'CSV: begin with a UTF-8 byte-order mark, for spreadsheet programs' },
    ...commonArgs,
  },
  async run({ args }) {
    const { config } = contextFrom(args);
    const format = args.format as ExportFormat;
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new GongkaiError('E_USAGE', `--format must be csv or parquet, not ${JSON.stringify(args.format)}`);
    if (!(VIEW_NAMES as readonly string[]).includes(args.view)) {
      throw new GongkaiError('E_USAGE', `unknown view ${JSON.stringify(args.view)}; one of: ${VIEW_NAMES.join(', ')}`);
    }
    if (!args.out && format === 'parquet' && process.stdout.isTTY) throw new GongkaiError('E_USAGE', 'Parquet is binary: give --out FILE or redirect standard output');
    // No migration: a researcher's read-only login can export but not change the schema.
    const warehouse = await openWarehouse(config, { migrate: false });
    const out = args.out ? createWriteStream(args.out) : process.stdout;
    try {
      const { rows } = await exportView(warehouse.db, { view: args.view, format, out, bom: args.bom });
      if (args.out) {
        out.end();
        await finished(out);
      }
      process.stderr.write(`exported ${rows} rows of ${args.view}${args.out ? ` to ${args.out}` : ''}\n`);
    } finally {
      await warehouse.close();
    }
  },
});
