import { readFile } from 'node:fs/promises';
import type { ExtractResult } from '../domain/types.ts';
import { extractDocument, type ExtractOptions } from './extract-document.ts';

export { extractDocument, EXTRACTOR_VERSION } from './extract-document.ts';
export { sha256Hex } from '../domain/sha256.ts';
export type { ExtractOptions } from './extract-document.ts';

/** Reads a file and extracts it: the edge where extraction meets the file system. */
export async function extractFile(file: string, options: Partial<ExtractOptions> = {}): Promise<ExtractResult> {
  const bytes = new Uint8Array(await readFile(file));
  return extractDocument(bytes, { source: file, ...options });
}
