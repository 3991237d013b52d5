import { parentPort } from 'node:worker_threads';
import { extractDocument, type ExtractOptions } from './extract-document.ts';

/**
 * pdfjs can leave a rejection of its own unhandled on a damaged page tree after the document
 * has already failed with a clear error (fuzzing found one); it must not kill the thread.
 */
process.on('unhandledRejection', () => {});

/** One extraction thread of the pool: bytes in, ExtractResult out (extractDocument never throws). */
parentPort!.on('message', async ({ bytes, options }: { bytes: Uint8Array; options: ExtractOptions }) => {
  parentPort!.postMessage(await extractDocument(bytes, options));
});
