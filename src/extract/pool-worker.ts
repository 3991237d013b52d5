import { parentPort } from 'node:worker_threads';
import { extractDocument, type ExtractOptions } from './extract-document.ts';

/** One extraction thread of the pool: bytes in, ExtractResult out (extractDocument never throws). */
parentPort!.on('message', async ({ bytes, options }: { bytes: Uint8Array; options: ExtractOptions }) => {
  parentPort!.postMessage(await extractDocument(bytes, options));
});
