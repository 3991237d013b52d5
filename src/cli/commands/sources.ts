import { defineCommand } from 'citty';
import { loadSources } from '../../crawl/index.ts';
import { commonArgs, contextFrom } from '../context.ts';
import { paint } from '../output.ts';

export default defineCommand({
  meta: { name: 'sources', description: 'List and check the sources registry (sites, official hosts, column URLs, adapters, limits)' },
  args: {
    sources: { type: 'string', description: 'registry file ($GONGKAI_SOURCES, default config/sources.json)', valueHint: 'file' },
    json: { type: 'boolean', description: 'print the validated registry as JSON' },
    ...commonArgs,
  },
  async run({ args }) {
    const { config } = contextFrom(args);
    const file = args.sources ?? config.sourcesFile;
    // Loading validates: an unofficial host, a mirror domain or a malformed URL stops here with exit code 2.
    const registry = await loadSources(file);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(registry, null, 2)}\n`);
      return;
    }
    const lines = registry.sites.map((site) => {
      const limits = site.limits ? ` limits ${JSON.stringify(site.limits)}` : '';
      return `  ${paint('bold', site.id)} ${site.agency} [${site.adapter}] ${site.hosts.join(' ')}${limits}\n${site.entries.map((entry) => `      ${entry}`).join('\n')}`;
    });
    process.stdout.write(`${file}: ${registry.sites.length} sites, defaults ${JSON.stringify(registry.defaults)}, all hosts official\n${lines.join('\n')}\n`);
  },
});
