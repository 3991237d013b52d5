/**
 * From generated data to what a document prints: the raw text of every cell (blank, N/A marker,
 * signed delta, amount with unit …) and the value an extractor should read from it. Renderers
 * print `raw`; expected files record `value`.
 */
import { keysFor, type TableTemplate } from '../../src/domain/vocabulary.ts';
import type { ReportData } from './generate.ts';
import { failingRules, type RuleId } from './identities.ts';

export interface PrintedCell {
  /** the cell text as printed ('' for a blank cell) */
  raw: string;
  /** number as printed, or null for blank / N/A / not printed */
  value: number | null;
}

export interface PresentOptions {
  /** print zeros as blank cells: Table 3's 法人或其他组织 columns only, all of Table 3, or every table */
  blankZeros?: 'none' | 't3-org' | 't3' | 'all';
  /** leave 总计 blank on Table 3 outcome detail rows (V-03, as in S-SH2019) */
  blankDetailTotals?: boolean;
  /** keys printed with an N/A marker instead of their value (only applied where the value is 0) */
  naKeys?: readonly string[];
  naMarker?: '/' | '—' | '-' | '无' | '／';
  /** print positive items_delta with a plus sign (+3) */
  plusSign?: boolean;
  /** minus sign of negative items_delta */
  minusSign?: '-' | '−' | '－';
  /** print the v2019 procurement amount with its unit (251000元); otherwise the bare number */
  amountUnitSuffix?: boolean;
  /** thousands separators on counts ≥ 1000 (1,036) */
  thousands?: boolean;
}

export interface PrintedReport {
  data: ReportData;
  /** every key of the template, in printed order */
  cells: Record<string, PrintedCell>;
  options: PresentOptions;
}

const ORG_COLUMNS = /:applicant\.org\./;

function formatCount(n: number, thousands: boolean): string {
  const s = String(Math.abs(n));
  const body = thousands && s.length > 3 ? s.replace(/\B(?=(\d{3})+$)/g, ',') : s;
  return n < 0 ? `-${body}` : body;
}

/** The keys of every template cell in the order a renderer prints them. */
export function printedOrder(template: TableTemplate): string[] {
  return keysFor(template);
}

export function present(data: ReportData, options: PresentOptions = {}): PrintedReport {
  const blank = options.blankZeros ?? 'none';
  const na = new Set(options.naKeys ?? []);
  const marker = options.naMarker ?? '/';
  const cells: Record<string, PrintedCell> = {};
  for (const key of keysFor(data.template)) {
    const value = data.values[key] ?? 0;
    const isT3 = key.startsWith('t3:');
    const detailRow = isT3 && key.includes(':outcome.') && !key.includes(':outcome.total:');
    if (na.has(key) && value === 0) {
      cells[key] = { raw: marker, value: null };
      continue;
    }
    if (options.blankDetailTotals && detailRow && key.endsWith(':applicant.total')) {
      cells[key] = { raw: '', value: null };
      continue;
    }
    if (value === 0) {
      const blankIt = blank === 'all' || (blank === 't3' && isT3) || (blank === 't3-org' && isT3 && ORG_COLUMNS.test(key));
      if (blankIt) {
        cells[key] = { raw: '', value: null };
        continue;
      }
    }
    let raw: string;
    if (key.endsWith(':items_delta')) {
      raw = value > 0 ? `${options.plusSign ? '+' : ''}${value}` : value < 0 ? `${options.minusSign ?? '-'}${-value}` : '0';
    } else if (key === 't2.a20_8:admin_fee:amount_wan') {
      raw = value === 0 ? '0' : value.toFixed(data.amountDecimals);
    } else if (key === 't2.a20_9:central_procurement:amount') {
      raw = value === 0 ? '0' : value.toFixed(data.amountDecimals);
      if (options.amountUnitSuffix && data.procurementUnit) raw += data.procurementUnit;
    } else {
      raw = formatCount(value, options.thousands ?? false);
    }
    cells[key] = { raw, value };
  }
  return { data, cells, options };
}

/** The report as cut off after `key` (a truncated file): every later cell is not printed. */
export function cutAfter(printed: PrintedReport, key: string): PrintedReport {
  const order = keysFor(printed.data.template);
  const at = order.indexOf(key);
  if (at < 0) throw new Error(`${key} is not a ${printed.data.template} key`);
  const cells: Record<string, PrintedCell> = {};
  order.forEach((k, i) => {
    cells[k] = i <= at ? (printed.cells[k] as PrintedCell) : { raw: '', value: null };
  });
  return { ...printed, cells };
}

export function printedValues(printed: PrintedReport): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, c] of Object.entries(printed.cells)) out[k] = c.value;
  return out;
}

/** The expected-values file of extract-output.md (plus optional `notes`, `error`, `variant`). */
export interface ExpectedFile {
  file: string;
  agency: string | null;
  year: number | null;
  template: 'v2021' | 'v2019' | 'pre2019' | 'unknown';
  cells: Record<string, number | null>;
  failing_rules: RuleId[];
  agency_aliases?: string[];
  /** error code the extractor should report for this document (E_EMPTY, E_BINARY, E_NOT_REPORT, E_TRUNCATED) */
  error?: string;
  /** variants this sample exercises (spec §7 ids and renderer options) */
  variants?: string[];
  notes?: string;
}

export function expectedFor(file: string, printed: PrintedReport, extra: Partial<ExpectedFile> = {}): ExpectedFile {
  const cells = printedValues(printed);
  return {
    file,
    agency: printed.data.agency.name,
    year: printed.data.year,
    template: printed.data.template,
    cells,
    failing_rules: failingRules(printed.data.template, cells),
    ...extra,
  };
}
