import { defineCommand } from 'citty';
import { commonArgs, contextFrom } from '../context.ts';
import { withWarehouse } from '../warehouse.ts';

export default defineCommand({
  meta: { name: 'migrate', description: 'Create or upgrade the warehouse schema (commands that need it also do this automatically)' },
  args: { ...commonArgs },
  async run({ args }) {
    const { config } = contextFrom(args);
    await withWarehouse(config, async ({ db }) => {
      process.stdout.write(`schema up to date (${db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})\n`);
    });
  },
});
