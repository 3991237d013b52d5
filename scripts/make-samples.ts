/**
 * Writes the project's own sample reports into `samples/` (html/, text/, markdown/, bad/) and
 * their expected values into `samples/expected/<path>.json`, plus `samples/README.md`.
 * Deterministic: running it twice gives identical bytes. `samples/pdf/`, `samples/broken/` and
 * `samples/expected/pdf/` belong to the PDF samples and are left alone.
 *
 *   npm run samples
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSamples, OWNED_FOLDERS } from './synthetic/samples.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples');
const { samples, readme } = buildSamples();

for (const dir of OWNED_FOLDERS) {
  rmSync(join(ROOT, dir), { recursive: true, force: true });
  rmSync(join(ROOT, 'expected', dir), { recursive: true, force: true });
}
for (const s of samples) {
  const file = join(ROOT, s.path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, s.bytes);
  const exp = join(ROOT, 'expected', `${s.path}.json`);
  mkdirSync(dirname(exp), { recursive: true });
  writeFileSync(exp, `${JSON.stringify(s.expected, null, 2)}\n`);
}
writeFileSync(join(ROOT, 'README.md'), readme);
console.log(`wrote ${samples.length} samples to ${ROOT}`);
