/**
 * Runs fuzz inputs through `extractDocument` in a worker thread, one at a time, with a
 * wall-clock watchdog and a heap cap. A worker that overruns its budget by far (a synchronous
 * hang) or runs out of heap is terminated and replaced; the input is reported, not lost.
 */
import { Worker } from 'node:worker_threads';
import type { ReadyMessage, RunReply, RunRequest } from './protocol.ts';

export interface RunnerOptions {
  /** heap cap of the worker (old generation), in MB */
  maxHeapMb?: number;
}

export type RunOutcome =
  | { kind: 'reply'; reply: RunReply }
  /** no reply within the watchdog time: the worker was terminated */
  | { kind: 'hang'; elapsedMs: number }
  /** the worker died: out of heap (ERR_WORKER_OUT_OF_MEMORY) or crashed */
  | { kind: 'crash'; message: string; elapsedMs: number };

const WORKER_URL = new URL('./worker.ts', import.meta.url);

export class FuzzRunner {
  #worker: Worker | undefined;
  #ready: Promise<ReadyMessage> | undefined;
  #nextId = 1;
  #maxHeapMb: number;
  /** number of workers started (1 + restarts after hangs and crashes) */
  workersStarted = 0;

  constructor(options: RunnerOptions = {}) {
    this.#maxHeapMb = options.maxHeapMb ?? 1024;
  }

  /** Starts the worker (if needed). */
  async start(): Promise<ReadyMessage> {
    if (!this.#worker) {
      const worker = new Worker(WORKER_URL, {
        resourceLimits: { maxOldGenerationSizeMb: this.#maxHeapMb },
        // The vitest fork's loader flags are not needed: Node strips the types itself.
        execArgv: [],
        stdout: false,
        stderr: false,
      });
      this.workersStarted++;
      this.#worker = worker;
      this.#ready = new Promise((resolve, reject) => {
        const onMessage = (message: ReadyMessage) => {
          if (!('ready' in message)) return;
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve(message);
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
      });
    }
    return this.#ready!;
  }

  async run(request: Omit<RunRequest, 'id'>, watchdogMs: number): Promise<RunOutcome> {
    await this.start();
    const worker = this.#worker!;
    const id = this.#nextId++;
    const started = performance.now();
    return new Promise<RunOutcome>((resolve) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: RunReply) => {
        if (reply.id !== id) return;
        cleanup();
        resolve({ kind: 'reply', reply });
      };
      const onError = (error: Error) => {
        cleanup();
        this.#discard(worker);
        resolve({ kind: 'crash', message: `${(error as { code?: string }).code ?? error.name}: ${error.message}`, elapsedMs: performance.now() - started });
      };
      const onExit = (code: number) => onError(new Error(`worker exited with code ${code}`));
      const timer = setTimeout(() => {
        cleanup();
        this.#discard(worker);
        resolve({ kind: 'hang', elapsedMs: performance.now() - started });
      }, watchdogMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ ...request, id } satisfies RunRequest);
    });
  }

  #discard(worker: Worker): void {
    if (this.#worker === worker) {
      this.#worker = undefined;
      this.#ready = undefined;
    }
    void worker.terminate();
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#ready = undefined;
    if (worker) await worker.terminate();
  }
}
