import type { NullReason } from '../../domain/types.ts';

/** A cell's printed value: a number as printed, or null with the reason (spec V-03, V-04, V-09, V-10). */
export interface ParsedValue {
  value: number | null;
  raw: string;
  nullReason?: NullReason;
  unit?: string;
}

const NA_MARKERS = new Set(['/', '-', '--', '---', '无', '—', '——', '–', '―', '\\', '×', 'N/A', 'NA']);
const NUMBER = /^([+-]?)(\d[\d,]*(?:\.\d+)?)(万元|元|件|条|个|项|次|人次|%)?$/;

export function trimCell(text: string): string {
  return text.replace(/^[\s\u00a0\u3000\u200b\ufeff]+|[\s\u00a0\u3000\u200b\ufeff]+$/g, '');
}

/** Parses one cell's text. Returns undefined when the text is not a value (a label). */
export function parseValue(text: string): ParsedValue | undefined {
  const raw = trimCell(text);
  if (raw === '') return { value: null, raw, nullReason: 'blank' };
  const folded = raw.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '').replace(/[−－]/g, '-').replace(/，/g, ',');
  if (NA_MARKERS.has(folded)) return { value: null, raw, nullReason: 'na_marker' };
  const match = NUMBER.exec(folded);
  if (!match) return undefined;
  const [, sign, digits, unit] = match;
  const value = Number(`${sign === '-' ? '-' : ''}${digits!.replace(/,/g, '')}`);
  if (!Number.isFinite(value)) return undefined;
  return unit ? { value, raw, unit } : { value, raw };
}

export function isValueText(text: string): boolean {
  return parseValue(text) !== undefined;
}
