#!/usr/bin/env node
/**
 * Evaluation: extracts every document in DIR that has expected values in DIR/expected/<file>.json
 * and prints per-document and overall cell accuracy, template, agency/year and failing-check agreement.
 *
 *   npm run eval -- DIR [--min-cell-accuracy 1.0] [--verbose]
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractFile } from '../src/extract/index.ts';
import { failingRules } from '../src/validate/validate.ts';

interface Expected {
  file: string;
  kind?: string;
  agency?: string;
  agency_aliases?: string[];
  year?: number;
  template?: string;
  cells?: Record<string, number | null>;
  failing_rules?: string[];
  /** the error code a broken sample must give */
  error?: string;
  /** an OCR'd sample: the share of cells it must get right (misreads are expected), agency not judged */
  min_cell_accuracy?: number;
}

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'min-cell-accuracy': { type: 'string' },
    verbose: { type: 'boolean', short: 'v', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (flags.help || positionals.length !== 1) {
  console.log('usage: npm run eval -- DIR [--min-cell-accuracy 0..1] [--verbose]');
  process.exit(flags.help ? 0 : 2);
}

const dir = path.resolve(positionals[0]!);
const expectedRoot = path.join(dir, 'expected');

async function expectedFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

const TEMPLATE_NAMES: Record<string, string> = { '2021': 'v2021', '2019': 'v2019', 'pre-2019': 'pre2019' };

let cellsRight = 0;
let cellsTotal = 0;
let documents = 0;
let metaRight = 0;
let checksRight = 0;
const lines: string[] = [];

for (const relative of (await expectedFiles(expectedRoot)).sort()) {
  const expected = JSON.parse(await readFile(path.join(expectedRoot, relative), 'utf8')) as Expected;
  if (expected.kind === 'listing') continue;
  const documentPath = path.join(dir, relative.replace(/\.json$/, ''));
  if (!existsSync(documentPath)) continue;
  documents++;
  const result = await extractFile(documentPath);
  if (expected.error) {
    const ok = result.error?.code === expected.error;
    metaRight += ok ? 1 : 0;
    checksRight += ok ? 1 : 0;
    lines.push(`${ok ? 'ok  ' : 'FAIL'} ${relative.replace(/\.json$/, '')}: error ${result.error?.code ?? 'none'} (expected ${expected.error})`);
    continue;
  }
  const got = new Map(result.cells.map((cell) => [cell.key, cell.value]));
  const wrong: string[] = [];
  const expectedCells = Object.entries(expected.cells ?? {});
  for (const [key, value] of expectedCells) {
    const actual = got.get(key) ?? null;
    if (actual === value) cellsRight++;
    else wrong.push(`${key}: got ${actual} expected ${value}`);
  }
  cellsTotal += expectedCells.length;
  const template = TEMPLATE_NAMES[expected.template ?? ''] ?? expected.template;
  const agencies = [expected.agency, ...(expected.agency_aliases ?? [])];
  const templateOk = result.report?.template === template;
  const agencyOk = agencies.includes(result.report?.agency ?? undefined);
  const yearOk = result.report?.year === expected.year;
  const failing = failingRules(result.checks);
  const checksOk = JSON.stringify(failing) === JSON.stringify([...(expected.failing_rules ?? [])].sort());
  metaRight += templateOk && agencyOk && yearOk ? 1 : 0;
  checksRight += checksOk ? 1 : 0;
  const score = expectedCells.length ? (expectedCells.length - wrong.length) / expectedCells.length : 1;
  const ocrFloor = expected.min_cell_accuracy;
  const allOk =
    ocrFloor === undefined
      ? wrong.length === 0 && templateOk && agencyOk && yearOk && checksOk && !result.error
      : score >= ocrFloor && templateOk && yearOk && !result.error;
  lines.push(
    `${allOk ? 'ok  ' : 'FAIL'} ${relative.replace(/\.json$/, '')}: cells ${expectedCells.length - wrong.length}/${expectedCells.length} (${(100 * score).toFixed(1)}%${ocrFloor === undefined ? '' : `, OCR floor ${(100 * ocrFloor).toFixed(0)}%`})` +
      ` template ${result.report?.template ?? '-'}${templateOk ? '' : ` (expected ${template})`}` +
      ` agency ${result.report?.agency ?? '-'}${agencyOk ? '' : ` (expected ${expected.agency})`}` +
      ` year ${result.report?.year ?? '-'}${yearOk ? '' : ` (expected ${expected.year})`}` +
      ` failing [${failing.join(',')}]${checksOk ? '' : ` (expected [${(expected.failing_rules ?? []).join(',')}])`}` +
      (result.error ? ` error ${result.error.code}: ${result.error.message}` : ''),
  );
  if (flags.verbose) for (const line of wrong.slice(0, 40)) lines.push(`       ${line}`);
}

const accuracy = cellsTotal ? cellsRight / cellsTotal : 1;
console.log(lines.join('\n'));
console.log(
  `\n${documents} documents: cell accuracy ${(100 * accuracy).toFixed(2)}% (${cellsRight}/${cellsTotal}), ` +
    `template+agency+year ${metaRight}/${documents}, failing checks ${checksRight}/${documents}`,
);
const floor = flags['min-cell-accuracy'] === undefined ? undefined : Number(flags['min-cell-accuracy']);
if (floor !== undefined && (accuracy < floor || metaRight < documents || checksRight < documents)) {
  console.error(`eval below the floor: cell accuracy ${accuracy.toFixed(4)} < ${floor} or documents with wrong meta/checks`);
  process.exit(1);
}
