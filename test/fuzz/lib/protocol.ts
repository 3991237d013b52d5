import type { ExtractResult } from '../../../src/domain/types.ts';

/** Messages between the fuzz runner (main thread) and the extraction worker. */
export interface RunRequest {
  id: number;
  bytes: Uint8Array;
  source: string;
  contentType?: string;
  /** force a full GC before measuring the heap (memory checkpoints) */
  measureHeap?: boolean;
}

export interface RunReply {
  id: number;
  /** null when extractDocument threw synchronously or rejected */
  result: ExtractResult | null;
  /** how it failed to return a result: a synchronous throw or a rejected promise */
  thrown: { how: 'sync' | 'reject'; message: string } | null;
  /** unhandled rejections observed while (or right after) this input ran */
  unhandled: string[];
  /** wall-clock time of the call */
  elapsedMs: number;
  /** CPU time of the worker thread during the call: what the budget is checked against, since the
   * CI machine's two cores are shared with other test files */
  cpuMs: number;
  heapUsed: number;
}

export interface ReadyMessage {
  ready: true;
}
