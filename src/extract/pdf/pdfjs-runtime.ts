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

export function loadPdfjs(): Promise<PdfjsRuntime> {
  runtime ??= (async () => {
    installFontFaceStub();
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    return { lib, assets: defaultAssets(), worker: new lib.PDFWorker({ verbosity: 0 }) };
  })();
  return runtime.then((loaded) => {
    // A destroyed shared worker (it should not happen) is replaced rather than reused.
    if (loaded.worker.destroyed) loaded.worker = new loaded.lib.PDFWorker({ verbosity: 0 });
    return loaded;
  });
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
