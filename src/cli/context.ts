import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config/config.ts';
import { createLogger } from './output.ts';

/** Flags every command accepts; each overrides its config-file and environment value. */
export const commonArgs = {
  config: { type: 'string', description: 'config file (JSON); default ./gongkai.config.json or $GONGKAI_CONFIG', valueHint: 'file' },
  'data-dir': { type: 'string', description: 'embedded database and blob store folder ($GONGKAI_DATA_DIR, default ./data)', valueHint: 'dir' },
  'log-level': { type: 'string', description: 'fatal|error|warn|info|debug|trace|silent ($GONGKAI_LOG_LEVEL)', valueHint: 'level' },
} as const;

export interface CommandContext {
  config: Config;
  logger: Logger;
}

export function contextFrom(args: Record<string, unknown>, flags: Partial<Config> = {}): CommandContext {
  const config = loadConfig({
    configFile: args.config as string | undefined,
    flags: {
      dataDir: args['data-dir'] as string | undefined,
      logLevel: args['log-level'] as Config['logLevel'] | undefined,
      ...flags,
    },
  });
  return { config, logger: createLogger(config) };
}
