/**
 * Label normalisation and matching (spec §7, "label normalization recipe"): NFKC, no
 * whitespace, unified quotes and brackets. Ordinals are kept in the normalised text and
 * stripped only for matching.
 */

const WHITESPACE = /[\s\u00a0\u3000\u200b\ufeff]+/g;
const QUOTES = /[“”„‟"'‘’]/g;

export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKC')
    .replace(WHITESPACE, '')
    .replace(QUOTES, '"')
    .replace(/[【〔［]/g, '[')
    .replace(/[】〕］]/g, ']')
    .replace(/[—–―]/g, '-');
}

const CN_NUMERAL = '[一二三四五六七八九十]{1,3}';
/** 一、 | (一) | 1. | 1、 — after NFKC, full-width brackets and dots are ASCII. */
const ORDINAL = new RegExp(`(?:${CN_NUMERAL}、|\\(${CN_NUMERAL}\\)|(?<![\\d.])\\d{1,2}[.、](?!\\d))`, 'g');

/** The most specific label in a cell run: the text after its last ordinal ("(三)不予公开1.属于国家秘密" → "属于国家秘密"). */
export function specificLabel(normalized: string): { label: string; ordinal: string | null } {
  let lastEnd = -1;
  let ordinal: string | null = null;
  for (const match of normalized.matchAll(ORDINAL)) {
    const end = match.index + match[0].length;
    // an ordinal at the very end labels nothing
    if (end < normalized.length) {
      lastEnd = end;
      ordinal = match[0];
    }
  }
  return lastEnd < 0 ? { label: normalized, ordinal: null } : { label: normalized.slice(lastEnd), ordinal };
}

export function stripOrdinals(normalized: string): string {
  return normalized.replace(ORDINAL, '');
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const gram = text.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/**
 * Label scoring is called for one observed label against every template row in turn (n records ×
 * m rows in the alignment), so derived strings and bigram counts are memoised: template labels in
 * a small map (they are a fixed vocabulary), the latest observed label in a one-entry cache. Before,
 * a 500 000-character observed label was re-cut into bigrams for each of ~40 template labels
 * (found by fuzzing). Results are unchanged.
 */
const SHORT = 64;
const shortCache = new Map<string, Map<string, number>>();
let lastLong: { text: string; grams: Map<string, number> } | undefined;

function cachedBigrams(text: string): Map<string, number> {
  if (text.length <= SHORT) {
    let grams = shortCache.get(text);
    if (!grams) {
      if (shortCache.size >= 4096) shortCache.clear();
      shortCache.set(text, (grams = bigrams(text)));
    }
    return grams;
  }
  if (lastLong?.text !== text) lastLong = { text, grams: bigrams(text) };
  return lastLong.grams;
}

/** Sørensen–Dice similarity on character bigrams, in [0, 1]. */
export function dice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const ga = cachedBigrams(a);
  const gb = cachedBigrams(b);
  // the overlap is symmetric: walk the smaller map
  const [small, large] = ga.size <= gb.size ? [ga, gb] : [gb, ga];
  let overlap = 0;
  for (const [gram, count] of small) overlap += Math.min(count, large.get(gram) ?? 0);
  return (2 * overlap) / (a.length - 1 + (b.length - 1));
}

const PARENTHETICAL = /\([^()]*\)/g;

const targetCache = new Map<string, { target: string; bareTarget: string }>();
let lastObserved: { observed: string; bare: string } | undefined;

function templateForms(templateLabel: string): { target: string; bareTarget: string } {
  let forms = targetCache.get(templateLabel);
  if (!forms) {
    const target = normalizeLabel(templateLabel);
    forms = { target, bareTarget: target.replace(PARENTHETICAL, '') };
    if (targetCache.size >= 4096) targetCache.clear();
    targetCache.set(templateLabel, forms);
  }
  return forms;
}

function bareForm(observed: string): string {
  if (lastObserved?.observed !== observed) lastObserved = { observed, bare: observed.replace(PARENTHETICAL, '') };
  return lastObserved.bare;
}

/**
 * How well an observed label names a template label, in [0, 1]. 1 is the same words; a
 * label that merely contains a short template label ("其他处理" ⊃ "其他") scores by coverage,
 * so the longer, more specific template label wins when both fit.
 */
export function labelScore(observed: string, templateLabel: string): number {
  const { target, bareTarget } = templateForms(templateLabel);
  const bare = bareForm(observed);
  if (observed === target || (bare.length > 0 && bare === bareTarget)) return 1;
  if (bare.length === 0) return 0;
  if (bare.includes(bareTarget)) return bareTarget.length / bare.length;
  // A label cut by a line wrap keeps its beginning: a long enough prefix is good evidence.
  if (bare.length >= 4 && bareTarget.startsWith(bare)) return 0.5 + (0.5 * bare.length) / bareTarget.length;
  if (bareTarget.includes(bare) && bare.length >= 2) return (0.9 * bare.length) / bareTarget.length;
  return 0.9 * dice(bare, bareTarget);
}

export function bestLabelScore(observed: string, labels: readonly string[]): number {
  let best = 0;
  for (const label of labels) best = Math.max(best, labelScore(observed, label));
  return best;
}
