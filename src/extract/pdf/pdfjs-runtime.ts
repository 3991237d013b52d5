/**
 * One pdfjs per process (or worker thread): the module import costs ~0.3–0.5 s, so it is loaded
 * once, lazily, together with one shared in-thread pdfjs "worker" that every document reuses.
 *
 * pdfjs-dist 6 in Node (shared/notes/stack-notes.md §2): only the legacy build runs; cMapUrl,
 * standardFontDataUrl and wasmUrl are filesystem paths that must end with a separator; without
 * cMapUrl, CJK text in non-embedded fonts silently disappears.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Transferable } from 'node:worker_threads';
import type { DocumentInitParameters, PDFWorker } from 'pdfjs-dist/types/src/display/api.js';

export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** Directories of pdfjs's own data files. Defaults come from the installed pdfjs-dist package. */
export interface PdfjsAssets {
  cMapUrl: string;
  standardFontDataUrl: string;
  wasmUrl: string;
}

export interface PdfjsRuntime {
  lib: Pdfjs;
  assets: PdfjsAssets;
  /** a pdfjs worker (in Node it runs on this thread) shared by all documents */
  worker: PDFWorker;
}

export function defaultAssets(): PdfjsAssets {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const dir = (name: string) => path.join(root, name) + path.sep;
  return { cMapUrl: dir('cmaps'), standardFontDataUrl: dir('standard_fonts'), wasmUrl: dir('wasm') };
}

let runtime: Promise<PdfjsRuntime> | null = null;

/** pdfjs's worker side; loaded by path because the package ships no types for it. */
const WORKER_MODULE: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

interface WorkerMessageHandler {
  initializeFromPort(port: InProcessPort): void;
}

async function createWorker(lib: Pdfjs): Promise<PDFWorker> {
  const { WorkerMessageHandler } = (await import(WORKER_MODULE)) as { WorkerMessageHandler: WorkerMessageHandler };
  const port = new InProcessPort();
  WorkerMessageHandler.initializeFromPort(port);
  // pdfjs types `port` as a web Worker; it only calls postMessage/addEventListener on it
  return new lib.PDFWorker({ port: port as never, verbosity: 0 });
}

export function loadPdfjs(): Promise<PdfjsRuntime> {
  runtime ??= (async () => {
    installFontFaceStub();
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    return { lib, assets: defaultAssets(), worker: await createWorker(lib) };
  })();
  return runtime.then(async (loaded) => {
    // A destroyed shared worker (it should not happen) is replaced rather than reused.
    if (loaded.worker.destroyed) loaded.worker = await createWorker(loaded.lib);
    return loaded;
  });
}

type Listener = (event: { data: unknown }) => void;

/**
 * The message channel between pdfjs's API side and its worker side, both on this thread (what
 * pdfjs's own fake-worker `LoopbackPort` does in Node), minus most of its copying: LoopbackPort
 * structured-clones every message, and operator-list chunks (thousands of glyph objects per
 * page) made that ~10% of the CPU time of a page. A chunk's two arrays are copied one level
 * deep instead, because pdfjs empties and refills them after sending (`OperatorList.flush`);
 * the glyph objects and typed arrays inside are never changed after they are sent. All other
 * messages are cloned as before.
 */
class InProcessPort {
  readonly #listeners = new Set<Listener>();
  #delivered: Promise<void> = Promise.resolve();

  postMessage(message: unknown, transfer?: Transferable[]): void {
    const data = copyMessage(message, transfer);
    this.#delivered = this.#delivered.then(() => {
      for (const listener of this.#listeners) listener.call(this, { data });
    });
  }

  addEventListener(type: string, listener: Listener, options?: { signal?: AbortSignal }): void {
    if (type !== 'message') return;
    this.#listeners.add(listener);
    options?.signal?.addEventListener('abort', () => this.#listeners.delete(listener), { once: true });
  }

  removeEventListener(type: string, listener: Listener): void {
    if (type === 'message') this.#listeners.delete(listener);
  }

  terminate(): void {
    this.#listeners.clear();
  }
}

interface OperatorListChunk {
  fnArray: number[];
  argsArray: (unknown[] | null)[];
}

function isOperatorListMessage(message: unknown): message is { chunk: OperatorListChunk } {
  const chunk = (message as { chunk?: Partial<OperatorListChunk> } | null)?.chunk;
  return Array.isArray(chunk?.fnArray) && Array.isArray(chunk?.argsArray);
}

function copyMessage(message: unknown, transfer?: Transferable[]): unknown {
  if (!isOperatorListMessage(message)) return structuredClone(message, transfer ? { transfer } : undefined);
  const { chunk } = message;
  return {
    ...message,
    chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.map((args) => (args ? args.slice() : args)) },
  };
}

/** A stand-in `document` whose font registry ignores everything (see installFontFaceStub). */
const NO_FONTS_DOCUMENT = { fonts: { add() {}, delete() {} } };

/**
 * Parameters for `getDocument`, tuned for text and ruling-line extraction (no rendering).
 *
 * - `disableFontFace: false` + a no-op font registry: with pdfjs's Node default (`true`) every
 *   glyph outline is compiled into a path for the operator list, and with `false` but no
 *   `document` pdfjs base64-encodes each font for a CSS rule that then fails. Both cost more
 *   than the whole rest of a page (measured: 23.7 → 13.3 ms/page for the operator list).
 * - `maxImageSize: 1`: images are never decoded; only text and vector paths are used.
 */
export function documentParams(rt: PdfjsRuntime, data: Uint8Array): DocumentInitParameters {
  return {
    data,
    worker: rt.worker,
    cMapUrl: rt.assets.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: rt.assets.standardFontDataUrl,
    wasmUrl: rt.assets.wasmUrl,
    verbosity: 0,
    disableFontFace: false,
    ownerDocument: NO_FONTS_DOCUMENT as unknown as DocumentInitParameters['ownerDocument'],
    useSystemFonts: false,
    maxImageSize: 1,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    stopAtErrors: false,
  };
}

/**
 * pdfjs registers embedded fonts with `new FontFace(...)` on the "main" side when a document
 * with a font registry is given. Node has no FontFace; this inert one makes registration free.
 * It is only installed when the global is missing, so a real implementation always wins.
 */
function installFontFaceStub(): void {
  if ('FontFace' in globalThis) return;
  class InertFontFace {
    readonly family: string;
    readonly loaded: Promise<InertFontFace>;
    constructor(family: string) {
      this.family = family;
      this.loaded = Promise.resolve(this);
    }
  }
  Object.defineProperty(globalThis, 'FontFace', { value: InertFontFace, configurable: true, writable: true });
}
