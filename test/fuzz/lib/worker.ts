/**
 * Extraction worker for the fuzz harness: runs `extractDocument` on the inputs it is sent and
 * replies with the result, timing and heap. It runs in its own thread so the main thread can
 * enforce a wall-clock budget (terminate a worker stuck in a synchronous loop) and a heap cap
 * (the worker's resourceLimits) without taking the test process down.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { extractDocument, type ExtractOptions } from '../../../src/extract/extract-document.ts';
import { DEFAULT_OCR } from '../../../src/extract/ocr/ocr-pages.ts';
import type { ReadyMessage, RunReply, RunRequest } from './protocol.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
});

/** The page budget of the default configuration (GONGKAI_MAX_PDF_PAGES). */
const MAX_PDF_PAGES = 200;

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

parentPort!.on('message', async (request: RunRequest) => {
  // As the pipeline calls it: PDFs go through extractDocument's own pdfjs adapter (src/extract/pdf).
  // OCR is off: Tesseract takes seconds a page, past the per-input budget; src/extract/ocr tests it.
  const options: ExtractOptions = {
    source: request.source,
    maxPdfPages: MAX_PDF_PAGES,
    ocr: { ...DEFAULT_OCR, enabled: false },
    ...(request.contentType ? { contentType: request.contentType } : {}),
  };
  let result: RunReply['result'] = null;
  let thrown: RunReply['thrown'] = null;
  const started = performance.now();
  const cpuStarted = process.threadCpuUsage();
  let pending: Promise<unknown> | undefined;
  try {
    pending = extractDocument(request.bytes, options);
  } catch (error) {
    thrown = { how: 'sync', message: String(error) };
  }
  if (pending) {
    try {
      result = (await pending) as RunReply['result'];
    } catch (error) {
      thrown = { how: 'reject', message: String(error) };
    }
  }
  const elapsedMs = performance.now() - started;
  const cpu = process.threadCpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // Let rejections nobody awaited surface before replying (they are reported per turn).
  await settle();
  await settle();
  if (request.measureHeap) gc();
  const reply: RunReply = { id: request.id, result, thrown, unhandled: unhandled.splice(0), elapsedMs, cpuMs, heapUsed: getHeapStatistics().used_heap_size };
  parentPort!.postMessage(reply);
});

parentPort!.postMessage({ ready: true } satisfies ReadyMessage);
