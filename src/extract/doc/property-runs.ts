import { slice, view } from './binary.ts';
import type { Range } from './fib.ts';

/**
 * Paragraph and character properties (MS-DOC 2.9.176 PapxFkp, 2.9.44 ChpxFkp): a bin table in the
 * table stream lists 512-byte pages of WordDocument; each page maps runs of bytes (by file offset,
 * not character position) to a property list. A paragraph's run ends at its paragraph mark.
 */
export interface PropertyRun {
  /** byte range [fcStart, fcEnd) of WordDocument */
  fcStart: number;
  fcEnd: number;
  grpprl: Uint8Array;
}

const PAGE = 512;
const NO_PROPERTIES = new Uint8Array(0);

type EntryReader = (page: Uint8Array, runs: number, index: number) => Uint8Array;

/** PapxInFkp: a count of 16-bit words (or 0 and a count in the next byte), then istd and grpprl. */
const paragraphEntry: EntryReader = (page, runs, index) => {
  const at = page[(runs + 1) * 4 + index * 13]! * 2;
  if (at === 0) return NO_PROPERTIES;
  const cb = page[at]!;
  const withStyle = cb !== 0 ? slice(page, at + 1, cb * 2 - 1, 'a paragraph property entry') : slice(page, at + 2, page[at + 1]! * 2, 'a paragraph property entry');
  return withStyle.subarray(2);
};

/** Chpx: a byte count, then grpprl. */
const characterEntry: EntryReader = (page, runs, index) => {
  const at = page[(runs + 1) * 4 + index]! * 2;
  return at === 0 ? NO_PROPERTIES : slice(page, at + 1, page[at]!, 'a character property entry');
};

function readRuns(wordDocument: Uint8Array, table: Uint8Array, bins: Range, entry: EntryReader): PropertyRun[] {
  const plc = slice(table, bins.offset, bins.length, 'a property bin table');
  const entries = view(plc);
  const count = Math.max(0, Math.floor((plc.length - 4) / 8));
  const pages = new Set<number>();
  for (let i = 0; i < count; i++) pages.add(entries.getUint32((count + 1) * 4 + i * 4, true) & 0x3fffff);
  const runs: PropertyRun[] = [];
  // Each page once: a corrupt bin table that repeats a page must not multiply the work.
  for (const pn of pages) {
    const page = slice(wordDocument, pn * PAGE, PAGE, `property page ${pn}`);
    const data = view(page);
    const crun = page[PAGE - 1]!;
    for (let j = 0; j < crun; j++) {
      runs.push({ fcStart: data.getUint32(j * 4, true), fcEnd: data.getUint32((j + 1) * 4, true), grpprl: entry(page, crun, j) });
    }
  }
  return runs.sort((a, b) => a.fcStart - b.fcStart);
}

export const paragraphRuns = (wordDocument: Uint8Array, table: Uint8Array, bins: Range) => readRuns(wordDocument, table, bins, paragraphEntry);
export const characterRuns = (wordDocument: Uint8Array, table: Uint8Array, bins: Range) => readRuns(wordDocument, table, bins, characterEntry);

/** The run holding byte `fc`, by binary search over runs sorted by start. */
export function runAt(runs: readonly PropertyRun[], fc: number): PropertyRun | undefined {
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const run = runs[mid]!;
    if (fc < run.fcStart) high = mid - 1;
    else if (fc >= run.fcEnd) low = mid + 1;
    else return run;
  }
  return undefined;
}
