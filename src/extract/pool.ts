import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config.ts';
import type { ExtractResult } from '../domain/types.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { ExtractOptions } from './extract-document.ts';
import { DEFAULT_OCR, type OcrOptions } from './ocr/ocr-pages.ts';
import type { WorkerMessage } from './pool-worker.ts';

/**
 * Runs extraction on worker threads: PDF parsing blocks its thread for ~20 ms a page, so the
 * crawler and loader keep their event loop, both cores work, and each document has a time and
 * memory budget. A document that exceeds it gets an E_BUDGET result and its worker is replaced,
 * so one pathological file never stalls a run. A scanned PDF's budget becomes `ocr.timeoutMs`
 * when its OCR starts; the worker stops its OCR processes at that deadline itself (terminating
 * a thread would orphan them), shortly before the pool would replace it.
 */
export interface ExtractionPoolOptions {
  /** worker threads @default 2 */
  size?: number;
  /** per-document wall-clock budget @default 60000 */
  timeoutMs?: number;
  /** per-worker heap limit in MB @default 1024 */
  maxMemoryMb?: number;
  /** OCR of image-only PDF pages (config `ocr`, `ocrTimeoutMs`) @default on, 300000 ms */
  ocr?: Omit<OcrOptions, 'onStart'>;
}

/** The options of one document; OCR is the pool's (its budget is the pool's to enforce). */
type JobOptions = Omit<ExtractOptions, 'pdfToModel' | 'ocr'>;

/** Time the worker gets to kill its OCR processes and answer after its own OCR deadline. */
const OCR_STOP_GRACE_MS = 5_000;

interface Job {
  bytes: Uint8Array;
  options: JobOptions;
  resolve: (result: ExtractResult) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export interface ExtractionPool {
  extract(bytes: Uint8Array, options: JobOptions): Promise<ExtractResult>;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./pool-worker.ts', import.meta.url);

function budgetResult(job: Job, message: string): ExtractResult {
  return {
    source: job.options.source,
    sha256: sha256Hex(job.bytes),
    format: 'unknown',
    report: null,
    cells: [],
    checks: [],
    error: { code: 'E_BUDGET', message },
  };
}

/** The pool the configuration asks for (`workers`, `extractTimeoutMs`, `ocr`, `ocrTimeoutMs`). */
export function poolOptionsFrom(config: Pick<Config, 'workers' | 'extractTimeoutMs' | 'ocr' | 'ocrTimeoutMs'>): ExtractionPoolOptions {
  return { size: config.workers, timeoutMs: config.extractTimeoutMs, ocr: { enabled: config.ocr, timeoutMs: config.ocrTimeoutMs } };
}

export function createExtractionPool(options: ExtractionPoolOptions = {}): ExtractionPool {
  const size = options.size ?? 2;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxMemoryMb = options.maxMemoryMb ?? 1024;
  const ocr = options.ocr ?? DEFAULT_OCR;
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let closed = false;

  const finish = (slot: Slot, result: ExtractResult) => {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    job?.resolve(result);
  };

  const replace = (slot: Slot) => {
    void slot.worker.terminate();
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    if (!closed) spawn();
    dispatch();
  };

  const spawn = () => {
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb } });
    const slot: Slot = { worker };
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'ocr-started') {
        if (slot.job) startTimer(slot, slot.job, ocr.timeoutMs + OCR_STOP_GRACE_MS);
        return;
      }
      finish(slot, message.result);
      dispatch();
    });
    worker.on('error', (error) => {
      if (slot.job) finish(slot, budgetResult(slot.job, `extraction worker failed: ${error.message}`));
      replace(slot);
    });
    worker.on('exit', () => {
      if (slot.job) {
        finish(slot, budgetResult(slot.job, 'extraction worker exited (memory budget exceeded?)'));
        replace(slot);
      }
    });
    worker.unref();
    slots.push(slot);
  };

  const startTimer = (slot: Slot, job: Job, ms: number) => {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      finish(slot, budgetResult(job, `extraction took longer than ${ms} ms`));
      replace(slot);
    }, ms);
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      startTimer(slot, job, timeoutMs);
      slot.worker.postMessage({ bytes: job.bytes, options: { ...job.options, ocr } });
    }
    for (const slot of slots) if (!slot.job) slot.worker.unref();
  };

  for (let i = 0; i < size; i++) spawn();

  return {
    extract(bytes, jobOptions) {
      if (closed) return Promise.reject(new Error('the extraction pool is closed'));
      return new Promise((resolve) => {
        queue.push({ bytes, options: jobOptions, resolve });
        dispatch();
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
