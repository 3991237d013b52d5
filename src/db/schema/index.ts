// The whole warehouse schema. drizzle-kit reads every file of this folder (drizzle.config.ts),
// so a new concern (e.g. crawl.ts) is a new file here plus one export line below.
export * from './agencies.ts';
export * from './documents.ts';
export * from './reports.ts';
export * from './cells.ts';
export * from './checks.ts';
export * from './runs.ts';
export * from './crawl.ts';
