/**
 * Mutations of seed documents, as fast-check arbitraries. Each mutation is drawn with its own
 * parameters and a PRNG seed, applied to bytes, and described in a short recipe string so a
 * failure can be read (and replayed from its fast-check seed) without the bytes.
 */
import fc from 'fast-check';
import { T3_ROWS, T4_COLUMNS } from '../../../src/domain/vocabulary.ts';
import { encodeGbk } from './gbk.ts';
import { pdfMutations } from './pdf-mutate.ts';
import type { Seed } from './seeds.ts';

export interface Doc {
  bytes: Uint8Array;
  source: string;
  contentType?: string;
}

export interface Mutation {
  label: string;
  apply(doc: Doc): Doc;
}

export interface FuzzInput extends Doc {
  seed: string;
  recipe: string[];
  /** the input is huge by construction (the time budget scales with its size) */
  kind: Seed['kind'];
}

/**
 * Size knobs: `ci` keeps inputs CI-sized (mostly ≲ 2 MB, at most 8 MB), `long` goes further for the
 * fuzz script (at most 16 MB: HTML pages of ~25 MB exhaust a 1 GB heap, which the pipeline's
 * extraction pool reports as E_BUDGET).
 */
export interface Scale {
  maxTableCells: number;
  maxDepth: number;
  maxRepeat: number;
  maxDigits: number;
  /** operators in a pathological PDF content stream */
  maxPdfOps: number;
  /** pages of a many-page PDF */
  maxPdfPages: number;
  /** inputs are cut to this many bytes after each mutation (mutations compound) */
  maxInputBytes: number;
}

export const SCALES: Record<'ci' | 'long', Scale> = {
  ci: { maxTableCells: 40_000, maxDepth: 100_000, maxRepeat: 3000, maxDigits: 400, maxPdfOps: 5000, maxPdfPages: 1000, maxInputBytes: 8_000_000 },
  long: { maxTableCells: 250_000, maxDepth: 300_000, maxRepeat: 20_000, maxDigits: 3000, maxPdfOps: 200_000, maxPdfPages: 5000, maxInputBytes: 16_000_000 },
};

// ------------------------------------------------------------------ helpers

/** mulberry32: the mutations' own randomness, seeded by fast-check so runs replay exactly. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const utf8 = new TextEncoder();
const decodeLoose = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** An edit of the document's text (decoded as UTF-8, replacement characters and all). */
function editText(edit: (text: string) => string): Mutation['apply'] {
  return (doc) => ({ ...doc, bytes: utf8.encode(edit(decodeLoose(doc.bytes))) });
}

/** Inserts `snippet` at a line boundary near `fraction` of the text. */
function insertAtLine(text: string, fraction: number, snippet: string): string {
  const at = Math.floor(fraction * text.length);
  const newline = text.indexOf('\n', at);
  const cut = newline < 0 ? text.length : newline + 1;
  return `${text.slice(0, cut)}${snippet}\n${text.slice(cut)}`;
}

// ------------------------------------------------------------------ vocabulary-flavoured content

const T3_LABELS = T3_ROWS.map((row) => `${row.ordinal ?? ''}${row.labels[0]!}`);
const LABELS = [
  ...T3_LABELS,
  ...T4_COLUMNS.map((column) => column.labels[0]!),
  '行政复议',
  '行政诉讼',
  '第二十条第（一）项',
  '第二十条第（八）项',
  '行政许可',
  '行政事业性收费',
  '政府集中采购',
  '本年制发件数',
  '本年新制作数量',
  '信息内容',
  '三、本年度办理结果',
  '（三）不予公开',
  '五、存在的主要问题及改进情况',
  '2023年政府信息公开工作年度报告',
];

export const ABSURD_NUMBERS = [
  '9'.repeat(300),
  '9'.repeat(400),
  '1'.repeat(50),
  '1e308',
  '1.7976931348623157e+308',
  '1e309',
  '-0',
  '0'.repeat(120),
  `0.${'0'.repeat(300)}1`,
  '1,'.repeat(200) + '1',
  '9'.repeat(40) + '.' + '9'.repeat(40),
  '１２３４５６７８９０'.repeat(5),
  '٣٤٥',
  '+-3',
  '--7',
  '1.2.3.4.5',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x1F',
  '1_000',
  '9007199254740993',
  '123456789012345678901234567890万元',
  '²³',
];

function cellFor(random: () => number, digits: number): string {
  const roll = random();
  if (roll < 0.45) return String(Math.floor(random() * 1000));
  if (roll < 0.6) return pick(random, LABELS);
  if (roll < 0.7) return '';
  if (roll < 0.8) return pick(random, ['/', '—', '-', '无', '0']);
  if (roll < 0.9) return '9'.repeat(1 + Math.floor(random() * digits));
  return pick(random, ABSURD_NUMBERS);
}

// ------------------------------------------------------------------ byte-level mutations

const INVALID_SEQUENCES = [
  [0xc0, 0x80], // overlong NUL
  [0xed, 0xa0, 0x80], // UTF-8-encoded surrogate
  [0xff],
  [0xfe, 0xff], // a BOM in the middle
  [0xef, 0xbb, 0xbf],
  [0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
  [0xe4, 0xb8], // a truncated three-byte character
  [0x00],
  [0x1b, 0x24, 0x42], // ISO-2022-JP escape
  [0x81, 0x30, 0x81, 0x30], // a GB18030 four-byte sequence
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF- inside a text file
  [0x50, 0x4b, 0x03, 0x04], // PK\3\4
];

const truncate = fc.double({ min: 0, max: 1, noNaN: true }).map<Mutation>((fraction) => ({
  label: `truncate@${fraction.toFixed(4)}`,
  apply: (doc) => ({ ...doc, bytes: doc.bytes.slice(0, Math.floor(doc.bytes.length * fraction)) }),
}));

const flipBytes = fc.tuple(fc.integer({ min: 1, max: 64 }), fc.nat()).map<Mutation>(([count, seed]) => ({
  label: `flip×${count}#${seed}`,
  apply: (doc) => {
    const random = prng(seed);
    const bytes = doc.bytes.slice();
    for (let i = 0; i < count && bytes.length > 0; i++) bytes[Math.floor(random() * bytes.length)]! ^= 1 + Math.floor(random() * 255);
    return { ...doc, bytes };
  },
}));

const insertBytes = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.constantFrom(...INVALID_SEQUENCES).map((s) => Uint8Array.from(s))))
  .map<Mutation>(([fraction, inserted]) => ({
    label: `insert@${fraction.toFixed(4)}[${[...inserted.slice(0, 8)].map((b) => b.toString(16)).join(' ')}${inserted.length > 8 ? '…' : ''}]`,
    apply: (doc) => {
      const at = Math.floor(doc.bytes.length * fraction);
      return { ...doc, bytes: concat(doc.bytes.subarray(0, at), inserted, doc.bytes.subarray(at)) };
    },
  }));

const deleteBytes = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 4096 })).map<Mutation>(([fraction, length]) => ({
  label: `delete@${fraction.toFixed(4)}+${length}`,
  apply: (doc) => {
    const at = Math.floor(doc.bytes.length * fraction);
    return { ...doc, bytes: concat(doc.bytes.subarray(0, at), doc.bytes.subarray(at + length)) };
  },
}));

// ------------------------------------------------------------------ encodings

const ENCODINGS = ['gbk', 'gbk-read-as-utf8', 'utf8-read-as-gbk', 'utf16le-bom', 'utf16be-bom', 'utf16le', 'latin1-mojibake', 'utf8-bom', 'gbk-with-utf8-meta', 'half-gbk'] as const;

function reencode(kind: (typeof ENCODINGS)[number], bytes: Uint8Array): Uint8Array {
  const text = decodeLoose(bytes);
  switch (kind) {
    case 'gbk':
      return encodeGbk(text);
    case 'gbk-read-as-utf8':
      return utf8.encode(decodeLoose(encodeGbk(text)));
    case 'utf8-read-as-gbk':
      return utf8.encode(new TextDecoder('gb18030').decode(bytes));
    case 'utf16le-bom':
    case 'utf16le': {
      const out = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        out[2 * i] = text.charCodeAt(i) & 0xff;
        out[2 * i + 1] = text.charCodeAt(i) >> 8;
      }
      return kind === 'utf16le' ? out : concat(Uint8Array.of(0xff, 0xfe), out);
    }
    case 'utf16be-bom': {
      const out = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        out[2 * i] = text.charCodeAt(i) >> 8;
        out[2 * i + 1] = text.charCodeAt(i) & 0xff;
      }
      return concat(Uint8Array.of(0xfe, 0xff), out);
    }
    case 'latin1-mojibake':
      return utf8.encode(new TextDecoder('latin1').decode(bytes));
    case 'utf8-bom':
      return concat(Uint8Array.of(0xef, 0xbb, 0xbf), bytes);
    case 'gbk-with-utf8-meta':
      return encodeGbk(`<meta charset="utf-8">${text}`);
    case 'half-gbk': {
      // the first half re-encoded as GBK, the rest left as UTF-8 (a file pasted together)
      const middle = Math.floor(text.length / 2);
      return concat(encodeGbk(text.slice(0, middle)), utf8.encode(text.slice(middle)));
    }
  }
}

const wrongEncoding = fc.constantFrom(...ENCODINGS).map<Mutation>((kind) => ({
  label: `encoding:${kind}`,
  apply: (doc) => ({ ...doc, bytes: reencode(kind, doc.bytes) }),
}));

const CHARSETS = ['gbk', 'gb2312', 'GB18030', 'utf-8', 'UTF8', 'utf-16', 'utf-16be', 'shift_jis', 'big5', 'iso-2022-jp', 'x-user-defined', 'replacement', 'bogus-charset', '"gbk"', 'utf-7', 'windows-1252', ''];

const declaredCharset = fc.tuple(fc.constantFrom(...CHARSETS), fc.boolean()).map<Mutation>(([charset, inHeader]) => ({
  label: `charset:${inHeader ? 'header' : 'meta'}=${charset}`,
  apply: (doc) =>
    inHeader
      ? { ...doc, contentType: `text/html; charset=${charset}` }
      : { ...doc, bytes: concat(utf8.encode(`<meta http-equiv="Content-Type" content="text/html; charset=${charset}">`), doc.bytes) },
}));

const renameSource = fc.constantFrom('report.txt', 'report.md', 'report.html', 'report.htm', 'report', 'report.pdf', 'report.docx', 'https://example.gov.cn/art/2023/1/1/art_1_1.html').map<Mutation>((source) => ({
  label: `source=${source}`,
  apply: (doc) => ({ ...doc, source }),
}));

// ------------------------------------------------------------------ structure

type TableFormat = 'markdown' | 'tsv' | 'html';

/** A table of `rows` × `cols` cells with labels, numbers, blanks and absurd values; HTML may carry huge spans. */
export function hugeTable(format: TableFormat, rows: number, cols: number, seed: number, span: number | null, digits = 300): string {
  const random = prng(seed);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = Array.from({ length: cols }, (_, c) => (c === 0 ? pick(random, LABELS) : cellFor(random, digits)));
    if (format === 'markdown') lines.push(`| ${cells.join(' | ')} |`);
    else if (format === 'tsv') lines.push(cells.join('\t'));
    else {
      const tds = cells.map((cell, c) => {
        const spans = span !== null && random() < 0.2 ? ` rowspan="${c % 2 ? span : 2}" colspan="${c % 3 ? span : 1}"` : '';
        return `<td${spans}>${cell}</td>`;
      });
      lines.push(`<tr>${tds.join('')}</tr>`);
    }
  }
  return format === 'html' ? `<table>${lines.join('\n')}</table>` : lines.join('\n');
}

const hugeTableMutation = (scale: Scale) =>
  fc
    .record({
      format: fc.constantFrom<TableFormat>('markdown', 'tsv', 'html'),
      shape: fc.constantFrom('tall', 'wide', 'square', 'small'),
      span: fc.constantFrom(null, 65535, 1000, 2147483647, -1, 0),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.nat(),
    })
    .map<Mutation>(({ format, shape, span, fraction, seed }) => {
      const cells = scale.maxTableCells;
      const [rows, cols] = shape === 'tall' ? [Math.floor(cells / 8), 8] : shape === 'wide' ? [3, Math.floor(cells / 3)] : shape === 'square' ? [Math.floor(Math.sqrt(cells)), Math.floor(Math.sqrt(cells))] : [30, 9];
      return {
        label: `hugeTable(${format},${rows}x${cols}${span === null ? '' : `,span=${span}`})@${fraction.toFixed(3)}`,
        apply: (doc) => ({ ...doc, bytes: utf8.encode(insertAtLine(decodeLoose(doc.bytes), fraction, hugeTable(format, rows, cols, seed, span))) }),
      };
    });

const NEST_TAGS = ['div', 'span', 'b', 'font color="red"', 'table><tr><td', 'ul><li', 'p', 'a href="#"', 'blockquote', 'div class="title"', 'svg', 'td', 'select><option', 'i', 'center'];

export function nested(tag: string, depth: number, inner: string, text = 'x'): string {
  const opens = tag.split('><');
  const open = `<${opens.join('><')}>${text}`;
  const close = opens
    .map((part) => `</${part.split(' ')[0]}>`)
    .reverse()
    .join('');
  return open.repeat(depth) + inner + close.repeat(depth);
}

const deepNesting = (scale: Scale) =>
  fc
    .record({
      tag: fc.constantFrom(...NEST_TAGS, '（', '|', '>', '{'),
      depth: fc.constantFrom(100, 1000, 10_000, scale.maxDepth),
      closed: fc.boolean(),
      filler: fc.constantFrom('', 'x', '0', '本年新收政府信息公开申请数量 1'),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map<Mutation>(({ tag, depth, closed, filler, fraction }) => ({
      label: `deep(${tag}×${depth}${closed ? '' : ',unclosed'},'${filler.slice(0, 8)}')@${fraction.toFixed(3)}`,
      apply: editText((text) => {
        const close = ({ '（': '）', '|': '|', '>': '', '{': '}' } as Record<string, string>)[tag];
        let snippet: string;
        if (close !== undefined) snippet = `${tag.repeat(depth)}${filler}${closed ? close.repeat(depth) : ''}`;
        else {
          snippet = nested(tag, depth, '本年新收政府信息公开申请数量', filler);
          if (!closed) snippet = snippet.slice(0, snippet.lastIndexOf('本年新收') + 14);
        }
        return insertAtLine(text, fraction, snippet);
      }),
    }));

// ------------------------------------------------------------------ numbers

/** Replaces some numbers in the document with absurd ones (300-digit runs, 1e308, digits glued to labels). */
const absurdNumbers = fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.nat(), fc.boolean()).map<Mutation>(([share, seed, glue]) => ({
  label: `absurd(${share.toFixed(2)}${glue ? ',glued' : ''})#${seed}`,
  apply: editText((text) => {
    const random = prng(seed);
    return text.replace(/\d+(?:\.\d+)?/g, (number) => {
      if (random() > share) return number;
      const absurd = random() < 0.3 ? '9'.repeat(50) : pick(random, ABSURD_NUMBERS);
      return glue ? `${pick(random, LABELS)}${absurd}` : absurd;
    });
  }),
}));

/** The text between the first marker of a table and the end marker (Table 3: 本年新收 … 结转下年度; Table 4: 行政复议 … 五、). */
function region(text: string, table: 't3' | 't4' | 't2'): [number, number] | null {
  const markers = { t3: ['本年新收', '结转下年度'], t4: ['行政复议', '五、'], t2: ['第二十条', '本年新收'] } as const;
  const [from, to] = markers[table];
  const start = text.indexOf(from);
  if (start < 0) return null;
  const endMarker = text.indexOf(to, start + from.length);
  const end = endMarker < 0 ? Math.min(text.length, start + 20_000) : Math.min(text.length, endMarker + 200);
  return [start, end];
}

function digitRun(random: () => number, length: number, style: string): string {
  switch (style) {
    case 'nines':
      return '9'.repeat(length);
    case 'zeros':
      return '0'.repeat(length);
    case 'ones':
      return '1'.repeat(length);
    case 'alternating':
      return '10'.repeat(Math.ceil(length / 2)).slice(0, length);
    default:
      return Array.from({ length }, (_, i) => String(Math.floor(random() * (i === 0 ? 9 : 10)) + (i === 0 ? 1 : 0))).join('');
  }
}

/**
 * Long glued digit runs inside Table 3 / Table 4 (the glued-number splitter enumerates cuts):
 * numbers replaced by runs, or a row's separators removed so its numbers run together.
 */
const gluedRuns = (scale: Scale) =>
  fc
    .record({
      table: fc.constantFrom<'t3' | 't4' | 't2'>('t3', 't4', 't2'),
      mode: fc.constantFrom('replace', 'glue-rows', 'flatten', 'runs-per-row'),
      length: fc.constantFrom(7, 15, 16, 30, 60, 100, 300, scale.maxDigits),
      style: fc.constantFrom('nines', 'zeros', 'ones', 'alternating', 'random'),
      share: fc.double({ min: 0.05, max: 1, noNaN: true }),
      seed: fc.nat(),
    })
    .map<Mutation>(({ table, mode, length, style, share, seed }) => ({
      label: `glued(${table},${mode},${length},${style},${share.toFixed(2)})#${seed}`,
      apply: editText((text) => {
        const found = region(text, table);
        if (!found) return text;
        const [start, end] = found;
        const random = prng(seed);
        let middle = text.slice(start, end);
        switch (mode) {
          case 'replace':
            middle = middle.replace(/\d+/g, (number) => (random() < share ? digitRun(random, length, style) : number));
            break;
          case 'glue-rows':
            // "0\t0\t0" or "| 0 | 0 |" → "000": the numbers of a row run together
            middle = middle.replace(/(\d)(?:[\t ]|<\/td>\s*<td[^>]*>|\s*\|\s*)+(?=\d)/g, (all, digit: string) => (random() < share ? digit : all));
            break;
          case 'flatten':
            middle = middle.replace(/[\s|]+/g, '').replace(/<[^>]*>/g, '');
            break;
          case 'runs-per-row':
            middle = middle.replace(/^(.*?)([\d\s\t|]+)$/gm, (all, label: string) => (random() < share ? `${label} ${digitRun(random, length, style)} ${digitRun(random, length, style)}` : all));
            break;
        }
        return text.slice(0, start) + middle + text.slice(end);
      }),
    }));

// ------------------------------------------------------------------ labels and lines

const shuffleLabels = fc.tuple(fc.constantFrom('lines', 'labels', 'rows-reversed', 'swap-cells'), fc.nat()).map<Mutation>(([mode, seed]) => ({
  label: `shuffle(${mode})#${seed}`,
  apply: editText((text) => {
    const random = prng(seed);
    if (mode === 'labels') {
      // each vocabulary label occurrence becomes a random other label
      const pattern = new RegExp(LABELS.map((label) => label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
      return text.replace(pattern, () => pick(random, LABELS));
    }
    const lines = text.split('\n');
    if (mode === 'rows-reversed') {
      const found = region(text, 't3');
      if (!found) return lines.reverse().join('\n');
      const before = text.slice(0, found[0]);
      const middle = text.slice(found[0], found[1]).split('\n').reverse().join('\n');
      return before + middle + text.slice(found[1]);
    }
    if (mode === 'swap-cells') {
      return lines.map((line) => (line.includes('\t') && random() < 0.5 ? line.split('\t').sort(() => random() - 0.5).join('\t') : line)).join('\n');
    }
    // a window of lines shuffled
    const from = Math.floor(random() * lines.length);
    const to = Math.min(lines.length, from + 1 + Math.floor(random() * 60));
    const window = lines.slice(from, to);
    for (let i = window.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [window[i], window[j]] = [window[j]!, window[i]!];
    }
    return [...lines.slice(0, from), ...window, ...lines.slice(to)].join('\n');
  }),
}));

const duplicate = (scale: Scale) =>
  fc.tuple(fc.constantFrom('line', 'document', 't3-row'), fc.integer({ min: 2, max: scale.maxRepeat }), fc.nat()).map<Mutation>(([what, times, seed]) => ({
    label: `duplicate(${what}×${what === 'document' ? Math.min(times, 40) : times})#${seed}`,
    apply: editText((text) => {
      const random = prng(seed);
      if (what === 'document') return text.repeat(Math.min(times, 40));
      const lines = text.split('\n');
      let index = Math.floor(random() * lines.length);
      if (what === 't3-row') {
        const found = lines.findIndex((line) => line.includes('本年新收'));
        if (found >= 0) index = found + Math.floor(random() * 10);
      }
      const line = lines[Math.min(index, lines.length - 1)] ?? '';
      lines.splice(index, 0, ...Array.from({ length: times }, () => line));
      return lines.join('\n');
    }),
  }));

const strangeText = fc
  .tuple(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('\u200b'.repeat(1000), '\u3000'.repeat(5000), ' '.repeat(100_000) + 'x', '\t'.repeat(20_000), '-'.repeat(50_000), '|'.repeat(20_000) + 'x', '='.repeat(50_000), `| ${' | '.repeat(10_000)}`, '（'.repeat(20_000), '1.'.repeat(20_000), '一、'.repeat(20_000), '<'.repeat(50_000), '<a'.repeat(30_000), '<!--'.repeat(20_000), '&#x'.repeat(20_000), '\r'.repeat(50_000), '_'.repeat(30_000), ' - '.repeat(20_000), '2023年'.repeat(10_000)),
    ),
  )
  .map<Mutation>(([fraction, inserted]) => ({
    label: `text@${fraction.toFixed(3)}(${JSON.stringify(inserted.slice(0, 12))}${inserted.length > 12 ? `…${inserted.length}` : ''})`,
    apply: editText((text) => {
      const at = Math.floor(fraction * text.length);
      return text.slice(0, at) + inserted + text.slice(at);
    }),
  }));

const crossover = (seeds: readonly Seed[]) =>
  fc.tuple(fc.nat({ max: Math.max(0, seeds.length - 1) }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map<Mutation>(([other, from, to]) => ({
    label: `splice(${seeds[other]?.name ?? '-'},${from.toFixed(2)}-${to.toFixed(2)})`,
    apply: (doc) => {
      const donor = seeds[other]?.bytes ?? new Uint8Array();
      const chunk = donor.subarray(Math.floor(Math.min(from, to) * donor.length), Math.floor(Math.max(from, to) * donor.length));
      const at = Math.floor(from * doc.bytes.length);
      return { ...doc, bytes: concat(doc.bytes.subarray(0, at), chunk, doc.bytes.subarray(at)) };
    },
  }));

// ------------------------------------------------------------------ inputs

export type MutationFamily = 'bytes' | 'encoding' | 'structure' | 'numbers' | 'labels' | 'pdf';
export const TEXT_FAMILIES: readonly MutationFamily[] = ['bytes', 'encoding', 'structure', 'numbers', 'labels'];

export function mutationArbitrary(seeds: readonly Seed[], scale: Scale, families: readonly MutationFamily[] = TEXT_FAMILIES): fc.Arbitrary<Mutation> {
  const byFamily: Record<MutationFamily, fc.Arbitrary<Mutation>[]> = {
    bytes: [truncate, flipBytes, insertBytes, deleteBytes, crossover(seeds)],
    encoding: [wrongEncoding, declaredCharset, renameSource],
    structure: [hugeTableMutation(scale), deepNesting(scale), duplicate(scale), strangeText],
    numbers: [absurdNumbers, gluedRuns(scale)],
    labels: [shuffleLabels],
    pdf: [truncate, flipBytes, insertBytes, deleteBytes, ...pdfMutations(scale)],
  };
  return fc.oneof(...families.flatMap((family) => byFamily[family]));
}

/** What an input is made of: a seed and the mutations to apply, in order. Cheap to draw; applied lazily. */
export interface InputPlan {
  seed: Seed;
  mutations: Mutation[];
  maxBytes: number;
}

/** A seed and 1–`maxMutations` mutations. */
export function planArbitrary(seeds: readonly Seed[], scale: Scale, options: { families?: readonly MutationFamily[]; maxMutations?: number } = {}): fc.Arbitrary<InputPlan> {
  if (seeds.length === 0) throw new Error('no seeds for this campaign');
  return fc.record({
    seed: fc.constantFrom(...seeds),
    mutations: fc.array(mutationArbitrary(seeds, scale, options.families), { minLength: 1, maxLength: options.maxMutations ?? 3 }),
    maxBytes: fc.constant(scale.maxInputBytes),
  });
}

/** Applies a plan; a mutation that cannot apply (a string past V8's limit) is skipped, and the result is cut to the size cap. */
export function applyPlan(plan: InputPlan): FuzzInput {
  let doc: Doc = { bytes: plan.seed.bytes, source: plan.seed.source };
  const recipe: string[] = [];
  for (const mutation of plan.mutations) {
    try {
      doc = mutation.apply(doc);
      recipe.push(mutation.label);
    } catch (error) {
      recipe.push(`${mutation.label}[skipped: ${(error as Error).name}]`);
    }
    if (doc.bytes.length > plan.maxBytes) {
      doc = { ...doc, bytes: doc.bytes.slice(0, plan.maxBytes) };
      recipe.push(`cut@${plan.maxBytes}`);
    }
  }
  return { ...doc, seed: plan.seed.name, recipe, kind: plan.seed.kind };
}
