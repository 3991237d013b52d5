import { parentPort } from 'node:worker_threads';
import type { ExtractResult } from '../domain/types.ts';
import { extractDocument, type ExtractOptions } from './extract-document.ts';

/** What a worker tells the pool: OCR started (the document's budget grows), or the result. */
export type WorkerMessage = { kind: 'ocr-started' } | { kind: 'result'; result: ExtractResult };

/**
 * pdfjs can leave a rejection of its own unhandled on a damaged page tree after the document
 * has already failed with a clear error (fuzzing found one); it must not kill the thread.
 */
process.on('unhandledRejection', () => {});

const post = (message: WorkerMessage) => parentPort!.postMessage(message);

/** One extraction thread of the pool: bytes in, ExtractResult out (extractDocument never throws). */
parentPort!.on('message', async ({ bytes, options }: { bytes: Uint8Array; options: ExtractOptions }) => {
  const ocr = options.ocr && { ...options.ocr, onStart: () => post({ kind: 'ocr-started' }) };
  post({ kind: 'result', result: await extractDocument(bytes, { ...options, ocr }) });
});
