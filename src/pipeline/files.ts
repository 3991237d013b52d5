import { readFile } from 'node:fs/promises';
import type { IncomingDocument } from './ingest.ts';

/** Files as pipeline input, read one at a time so a large backfill never holds every document in memory. */
export async function* readDocuments(files: readonly string[]): AsyncGenerator<IncomingDocument> {
  for (const file of files) yield { source: file, bytes: new Uint8Array(await readFile(file)) };
}
