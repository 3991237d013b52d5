/**
 * `gongkai export`: streams the rows of one analysis view as CSV or Parquet. The view name is
 * checked against VIEW_NAMES and then quoted as an identifier; nothing the user types is ever
 * spliced into SQL. Rows are read through a cursor in batches, so memory stays flat whatever
 * the view's size; each batch becomes one CSV chunk or one Parquet row group.
 *
 * Parquet is written by hyparquet-writer (pure JavaScript, one dependency, maintained by
 * Hyperparam; no native or wasm build, so it runs wherever Node 24 runs).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { DatabaseHandle } from '../db/handle.ts';
import { quoteIdent } from '../db/handle.ts';
import { GongkaiError } from '../domain/errors.ts';
import { VIEW_NAMES, type ViewName } from './view-sql.ts';

export const EXPORT_FORMATS = ['csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportableView(name: string): name is ViewName {
  return (VIEW_NAMES as readonly string[]).includes(name);
}

export interface ExportOptions {
  view: string;
  format: ExportFormat;
  /** where the bytes go (a file stream or stdout); not ended by exportView */
  out: Writable;
  /** rows per cursor fetch (and per Parquet row group) @default 10000 */
  batchRows?: number;
  /** CSV: start with a UTF-8 byte-order mark (for spreadsheet programs) */
  bom?: boolean;
}

export interface ViewColumn {
  name: string;
  /** PostgreSQL type name (int4, numeric, text, bool, …) */
  type: string;
}

/** Columns of an exportable view, in order. */
export async function viewColumns(db: DatabaseHandle, view: ViewName): Promise<ViewColumn[]> {
  const { rows } = await db.query<{ name: string; type: string }>(
    `select a.attname as name, t.typname as type
     from pg_attribute a join pg_type t on t.oid = a.atttypid
     where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped
     order by a.attnum`,
    [`public.${view}`],
  );
  if (rows.length === 0) throw new GongkaiError('E_DB', `view ${view} does not exist: run gongkai migrate`);
  return rows;
}

/** Streams every row of `options.view`; returns how many. */
export async function exportView(db: DatabaseHandle, options: ExportOptions): Promise<{ rows: number; columns: ViewColumn[] }> {
  if (!isExportableView(options.view)) {
    throw new GongkaiError('E_USAGE', `unknown view ${JSON.stringify(options.view)}; one of: ${VIEW_NAMES.join(', ')}`);
  }
  if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new GongkaiError('E_USAGE', `unknown format ${JSON.stringify(options.format)}; csv or parquet`);
  }
  const view = options.view;
  const columns = await viewColumns(db, view);
  const sink = options.format === 'csv' ? csvSink(options.out, columns, options.bom ?? false) : parquetSink(options.out, columns);
  const batchRows = Math.max(1, options.batchRows ?? 10_000);
  let count = 0;
  await db.transaction(async (tx) => {
    await tx.query('set transaction read only');
    await tx.query(`declare gongkai_export no scroll cursor for select * from public.${quoteIdent(view)}`);
    for (;;) {
      const { rows } = await tx.query<Record<string, unknown>>(`fetch forward ${batchRows} from gongkai_export`);
      if (rows.length === 0) break;
      await sink.write(rows);
      count += rows.length;
      if (rows.length < batchRows) break;
    }
    await tx.query('close gongkai_export');
  });
  await sink.finish();
  return { rows: count, columns };
}

interface Sink {
  write(rows: Record<string, unknown>[]): Promise<void>;
  finish(): Promise<void>;
}

async function send(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

// ---------------------------------------------------------------- CSV

/**
 * RFC 4180 CSV, UTF-8, header row, `\n` line ends. Null is the empty field and an empty string
 * is `""`, so the two stay apart for readers that care (pandas `keep_default_na`).
 */
function csvSink(out: Writable, columns: readonly ViewColumn[], bom: boolean): Sink {
  let started = false;
  return {
    async write(rows) {
      let text = started ? '' : `${bom ? '\uFEFF' : ''}${columns.map((column) => csvField(column.name)).join(',')}\n`;
      started = true;
      for (const row of rows) text += `${columns.map((column) => csvValue(row[column.name])).join(',')}\n`;
      await send(out, text);
    },
    async finish() {
      if (!started) await send(out, `${bom ? '\uFEFF' : ''}${columns.map((column) => csvField(column.name)).join(',')}\n`);
    },
  };
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value === '') return '""';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return csvField(JSON.stringify(value));
  return csvField(String(value));
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// ---------------------------------------------------------------- Parquet

type ParquetKind = 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'STRING' | 'TIMESTAMP' | 'JSON';

/** PostgreSQL type → Parquet column type. numeric becomes DOUBLE (what pandas and R read natively). */
function parquetKind(type: string): ParquetKind {
  switch (type) {
    case 'int2':
    case 'int4':
      return 'INT32';
    case 'int8':
      return 'INT64';
    case 'numeric':
    case 'float4':
    case 'float8':
      return 'DOUBLE';
    case 'bool':
      return 'BOOLEAN';
    case 'timestamptz':
    case 'timestamp':
      return 'TIMESTAMP';
    case 'json':
    case 'jsonb':
      return 'JSON';
    default:
      return 'STRING';
  }
}

const SCHEMA_ELEMENTS: Record<ParquetKind, { type: string; converted_type?: string }> = {
  INT32: { type: 'INT32' },
  INT64: { type: 'INT64' },
  DOUBLE: { type: 'DOUBLE' },
  BOOLEAN: { type: 'BOOLEAN' },
  STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  TIMESTAMP: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
  JSON: { type: 'BYTE_ARRAY', converted_type: 'JSON' },
};

function parquetValue(kind: ParquetKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'INT32':
    case 'DOUBLE':
      return Number(value);
    case 'INT64':
      return BigInt(value as string | number);
    case 'BOOLEAN':
      return Boolean(value);
    case 'TIMESTAMP':
      return value instanceof Date ? value : new Date(String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
    case 'JSON':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return String(value);
  }
}

/** A ByteWriter that hands its bytes to a stream after every row group. */
class StreamWriter extends ByteWriter {
  readonly #out: Writable;

  constructor(out: Writable) {
    super(1 << 20);
    this.#out = out;
  }

  async flush(): Promise<void> {
    if (this.index === 0) return;
    const chunk = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    await send(this.#out, chunk);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

function parquetSink(out: Writable, columns: readonly ViewColumn[]): Sink {
  const kinds = columns.map((column) => parquetKind(column.type));
  const writer = new ParquetWriter({
    writer: new StreamWriter(out),
    schema: [
      { name: 'root', num_children: columns.length },
      ...columns.map((column, i) => ({ name: column.name, repetition_type: 'OPTIONAL', ...SCHEMA_ELEMENTS[kinds[i]!] })),
    ] as ConstructorParameters<typeof ParquetWriter>[0]['schema'],
    createdBy: 'gongkai export',
  });
  return {
    async write(rows) {
      const columnData = columns.map((column, i) => ({
        name: column.name,
        data: rows.map((row) => parquetValue(kinds[i]!, row[column.name])),
      }));
      await writer.write({ columnData: columnData as Parameters<ParquetWriter['write']>[0]['columnData'], rowGroupSize: rows.length });
    },
    async finish() {
      await writer.finish();
    },
  };
}
