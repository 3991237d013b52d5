/**
 * Encoder for PostgreSQL's COPY text format (tab-separated, `\N` for NULL, backslash escapes),
 * shared by both drivers: postgres.js streams the chunks to `COPY … FROM STDIN`, PGlite reads
 * them as a Blob from `COPY … FROM '/dev/blob'`.
 * https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2
 */
export type CopyValue = string | number | bigint | boolean | Date | null | undefined | object;

const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };

export function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escapeText(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    default:
      return value instanceof Date ? value.toISOString() : escapeText(JSON.stringify(value));
  }
}

/**
 * PostgreSQL text cannot hold NUL, which PDF text layers sometimes contain; it is dropped
 * rather than failing the whole COPY.
 */
function escapeText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r\0]/g, (ch) => ESCAPES[ch] ?? '') : text;
}

/** Rows as COPY text, in chunks of roughly `chunkChars` so neither driver holds one huge string. */
export function* copyTextChunks(
  rows: Iterable<readonly CopyValue[]>,
  chunkChars = 1 << 16,
): Generator<string> {
  let lines: string[] = [];
  let size = 0;
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + encodeCopyValue(row[i]);
    lines.push(line);
    size += line.length + 1;
    if (size >= chunkChars) {
      yield lines.join('\n') + '\n';
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}
