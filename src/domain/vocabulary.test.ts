import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keysFor } from './vocabulary.ts';

const CELLS_TSV = new URL('../../../shared/spec/cells.tsv', import.meta.url);

describe('vocabulary', () => {
  it('defines 200 cells for v2021 and 198 for v2019 (spec §0)', () => {
    expect(keysFor('v2021')).toHaveLength(200);
    expect(keysFor('v2019')).toHaveLength(198);
  });

  it.runIf(existsSync(CELLS_TSV))('matches shared/spec/cells.tsv key for key', () => {
    const rows = readFileSync(CELLS_TSV, 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
    for (const template of ['v2021', 'v2019'] as const) {
      const expected = rows.filter((row) => row[1]!.split(' ').includes(template)).map((row) => row[0]);
      expect(new Set(keysFor(template))).toEqual(new Set(expected));
    }
  });
});
