import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { GongkaiError } from '../domain/errors.ts';

/** Document files named on the command line: files as given, folders walked recursively (expected/ and dotfiles skipped). */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) throw new GongkaiError('E_USAGE', `no such file or folder: ${input}`);
    if (info.isFile()) {
      files.push(input);
      continue;
    }
    const entries = await readdir(input, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(entry.parentPath, entry.name);
      const relative = path.relative(input, full);
      if (!entry.isFile() || relative.split(path.sep).some((part) => part.startsWith('.') || part === 'expected')) continue;
      if (/^README/i.test(entry.name) || /\.(json|tsv)$/i.test(entry.name)) continue;
      files.push(full);
    }
  }
  return [...new Set(files)].sort();
}
