import type { WarehouseStatus } from '../load/index.ts';
import type { IngestSummary } from '../pipeline/ingest.ts';
import { paint } from './output.ts';

/** Human summaries on stdout; logs go to stderr. */
export function printIngestSummary(summary: IngestSummary): void {
  const templates = Object.entries(summary.templates)
    .map(([template, count]) => `${template} ${count}`)
    .join(', ');
  const lines = [
    `documents ${summary.documents}: loaded ${summary.loaded}, superseded ${summary.superseded}, ` +
      `skipped (already loaded) ${summary.skipped}, failed ${summary.failed}`,
    `reports by template: ${templates || 'none'}`,
    `cells ${summary.cells}, failing checks ${summary.failingChecks}`,
  ];
  for (const error of summary.errors.slice(0, 20)) {
    lines.push(`  ${paint('red', error.code)} ${error.source}: ${error.message}`);
  }
  if (summary.errors.length > 20) lines.push(`  … and ${summary.errors.length - 20} more errors (see \`gongkai status\`)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function printWarehouseSummary(status: WarehouseStatus): void {
  const reports = status.reports.map((row) => `${row.template ?? '-'}/${row.status} ${row.count}`).join(', ');
  const lines = [
    paint('bold', 'warehouse'),
    `  documents ${status.documents}`,
    `  reports ${reports || 'none'}`,
    `  cells ${status.cells} (current reports), failing checks ${status.failingChecks}`,
  ];
  if (status.lastRuns.length) lines.push('  last runs:');
  for (const run of status.lastRuns) {
    const counts = Object.entries(run.counts ?? {})
      .map(([name, value]) => `${name} ${value}`)
      .join(', ');
    lines.push(`    #${run.id} ${run.command} ${run.status} ${run.startedAt}${counts ? ` (${counts})` : ''}${run.errorCount ? `, ${run.errorCount} errors` : ''}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
