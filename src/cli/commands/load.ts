import { defineCommand } from 'citty';
import { createExtractionPool, poolOptionsFrom } from '../../extract/pool.ts';
import { finishRun, withRun } from '../../load/index.ts';
import { ingestDocuments } from '../../pipeline/ingest.ts';
import { readDocuments } from '../../pipeline/files.ts';
import { commonArgs, contextFrom } from '../context.ts';
import { expandInputs } from '../inputs.ts';
import { createProgress } from '../output.ts';
import { printIngestSummary, printWarehouseSummary } from '../summary.ts';
import { withWarehouse } from '../warehouse.ts';
import { warehouseStatus } from '../../load/index.ts';

export default defineCommand({
  meta: {
    name: 'load',
    description:
      'Store, extract, validate and load report documents into the warehouse. A document already loaded is skipped by its hash; a changed document supersedes the earlier report of the same agency and year.',
  },
  args: {
    inputs: { type: 'positional', description: 'files or folders (folders are walked recursively)', required: true },
    summary: { type: 'boolean', description: 'also print what the warehouse holds afterwards' },
    workers: { type: 'string', description: 'extraction worker threads ($GONGKAI_WORKERS, default 2)', valueHint: 'n' },
    ...commonArgs,
  },
  async run({ args }) {
    const { config, logger } = contextFrom(args, { workers: args.workers ? Number(args.workers) : undefined });
    const files = await expandInputs(args._.length ? args._ : [args.inputs]);
    const pool = createExtractionPool(poolOptionsFrom(config));
    try {
      await withWarehouse(config, ({ db, blobs }) =>
        withRun(db, 'load', { inputs: args._ }, async (runId) => {
          const progress = createProgress(files.length, 'loading');
          try {
            const summary = await ingestDocuments(readDocuments(files), {
              db,
              blobs,
              logger,
              extract: (bytes, options) => pool.extract(bytes, { ...options, maxPdfPages: config.maxPdfPages }),
              onDocument: (source) => progress.tick(source),
            });
            progress.stop();
            const { errors, templates, ...counts } = summary;
            await finishRun(db, runId, { status: 'ok', counts, errors });
            printIngestSummary(summary);
            if (args.summary) printWarehouseSummary(await warehouseStatus(db));
          } catch (error) {
            progress.stop();
            await finishRun(db, runId, { status: 'failed', errors: [{ message: (error as Error).message }] }).catch(() => {});
            throw error;
          }
        }),
      );
    } finally {
      await pool.close();
    }
  },
});
