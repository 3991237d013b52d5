/**
 * The named campaigns shared by the CI test and `scripts/fuzz.ts`: which seeds, which mutation
 * families and how many mutations per input.
 */
import type fc from 'fast-check';
import { planArbitrary, TEXT_FAMILIES, type InputPlan, type Scale } from './mutate.ts';
import { builtPdfSeeds } from './pdf-mutate.ts';
import type { Seed } from './seeds.ts';

export const CAMPAIGNS = ['mutate', 'pathological', 'encoding', 'pdf', 'word'] as const;
export type CampaignName = (typeof CAMPAIGNS)[number];

export function campaignArbitrary(name: CampaignName, seeds: readonly Seed[], scale: Scale): fc.Arbitrary<InputPlan> {
  // the text campaigns edit decoded text, which means nothing to a PDF's or a Word file's bytes
  const nonPdf = seeds.filter((seed) => seed.kind === 'text' || seed.kind === 'html');
  switch (name) {
    case 'mutate':
      // anything goes: byte damage, encodings, structure, numbers, label shuffles, up to 3 at once
      return planArbitrary(nonPdf, scale, { families: TEXT_FAMILIES, maxMutations: 3 });
    case 'pathological':
      // one big hammer per input (huge tables, deep nesting, absurd numbers, long glued runs), on reports that parse
      return planArbitrary(
        nonPdf.filter((seed) => !/README|MANIFEST|links\.tsv|bad\/|broken\//.test(seed.name)),
        scale,
        { families: ['structure', 'numbers'], maxMutations: 1 },
      );
    case 'encoding':
      return planArbitrary(nonPdf, scale, { families: ['encoding', 'bytes'], maxMutations: 2 });
    case 'pdf':
      return planArbitrary([...seeds.filter((seed) => seed.kind === 'pdf'), ...builtPdfSeeds()], scale, { families: ['pdf'], maxMutations: 2 });
    case 'word':
      // truncated, flipped, inserted and deleted bytes in DOCX (zip) and .doc (compound file) containers
      return planArbitrary(seeds.filter((seed) => seed.kind === 'word'), scale, { families: ['bytes'], maxMutations: 2 });
  }
}
