import { defineCommand } from 'citty';
import { warehouseStatus } from '../../load/index.ts';
import { formatQueueStatus, queueStatus } from '../../queue/stats.ts';
import { commonArgs, contextFrom } from '../context.ts';
import { printWarehouseSummary } from '../summary.ts';
import { withWarehouse } from '../warehouse.ts';

export default defineCommand({
  meta: { name: 'status', description: 'Show what the warehouse holds: documents, reports by template and status, cells, failing checks, last runs' },
  args: {
    json: { type: 'boolean', description: 'print the status as JSON' },
    runs: { type: 'string', description: 'how many recent runs to list (default 5)', valueHint: 'n' },
    ...commonArgs,
  },
  async run({ args }) {
    const { config } = contextFrom(args);
    const { status, queues } = await withWarehouse(config, async ({ db }) => ({
      status: await warehouseStatus(db, { runs: args.runs ? Number(args.runs) : 5 }),
      // Queue section: depth per queue, active, failed, last jobs; null before any queue command ran.
      queues: await queueStatus((text, params) => db.query(text, params), { recent: args.runs ? Number(args.runs) : 5 }),
    }));
    if (args.json) process.stdout.write(`${JSON.stringify({ ...status, queues }, null, 2)}\n`);
    else {
      printWarehouseSummary(status);
      if (queues) process.stdout.write(formatQueueStatus(queues));
    }
  },
});
