import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Generalisation beyond the committed samples: seeded synthetic reports in every renderer
 * variant (bench/variants.ts) extract with (near) perfect accuracy.
 */
describe('synthetic layout variants', () => {
  it('extracts every variant of 8 random reports per layout', () => {
    const output = execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../bench/variants.ts'), '--n', '8', '--seed', 'ci'], {
      encoding: 'utf8',
    });
    const accuracy = Number(/overall cell accuracy ([\d.]+)%/.exec(output)?.[1]);
    expect(accuracy, output).toBeGreaterThanOrEqual(99.9);
    // V-21 layouts are among the variants, held to the same bar
    for (const variant of ['html-transposed', 'markdown-transposed', 'text-transposed', 'html-transposed-split', 'markdown-transposed-split', 'text-transposed-split', 'crawler-transposed', 'pdf-layout', 'pdf-layout-transposed']) expect(output).toContain(`${variant} `);
    for (const line of output.split('\n').filter((l) => l.includes('fully right') && !l.startsWith('markdown-split'))) {
      const [, ok, all] = /documents (\d+)\/(\d+)/.exec(line)!;
      expect(ok, line).toBe(all);
    }
  });
});
