import { styleText } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import pino, { type Logger } from 'pino';
import type { Config } from '../config/config.ts';

/**
 * Terminal output: structured logs on stderr (JSON, for machines and log shippers), a progress
 * bar only when stderr is a terminal, and colour only where the terminal and NO_COLOR allow it.
 */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  const level = config.logLevel ?? (process.stderr.isTTY ? 'error' : 'info');
  return pino({ level, base: { app: 'gongkai' } }, pino.destination(2));
}

type Style = Parameters<typeof styleText>[0];
export function paint(style: Style, text: string): string {
  return styleText(style, text, { stream: process.stdout });
}

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

/** A bar for a known total; a running count when the total is unknown (a crawl). */
export function createProgress(total: number, what: string): Progress {
  if (!process.stderr.isTTY || total < 2) return { tick() {}, stop() {} };
  const known = Number.isFinite(total);
  const format = known ? `${what} [{bar}] {value}/{total} {label}` : `${what} {value} {label}`;
  const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.legacy);
  bar.start(known ? total : 0, 0, { label: '' });
  return {
    tick: (label = '') => bar.increment(1, { label: label.slice(-40) }),
    stop: () => bar.stop(),
  };
}
