import { Transform, type TransformCallback } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw, type Inflate, type InflateRaw } from 'node:zlib';

/**
 * Content-Encoding decoding as a stream, so a compression bomb (a few KB that inflate to
 * gigabytes) is cut off by the byte cap downstream after at most a few zlib chunks: zlib streams
 * honour backpressure, and nothing is decompressed that the consumer did not ask for.
 *
 * We send `Accept-Encoding: gzip, deflate, br` (report pages are HTML that compresses 5-10×) and
 * decode what servers send whether or not we asked. zstd is neither advertised nor decoded: its
 * frames may demand a window of up to 2 GB before producing a byte.
 */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** Layers accepted on one response (`gzip, gzip` is legal; more is only ever an attack). */
export const MAX_CODINGS = 2;

export type Coding = 'gzip' | 'deflate' | 'br';

/** Codings to undo, in the order they were applied; null when one is unsupported or too many. */
export function parseContentEncoding(header: string | undefined): Coding[] | null {
  if (!header) return [];
  const codings: Coding[] = [];
  for (const raw of header.split(',')) {
    const token = raw.trim().toLowerCase();
    if (token === '' || token === 'identity') continue;
    if (token === 'gzip' || token === 'x-gzip') codings.push('gzip');
    else if (token === 'deflate') codings.push('deflate');
    else if (token === 'br') codings.push('br');
    else return null;
  }
  return codings.length > MAX_CODINGS ? null : codings;
}

/**
 * `deflate` is meant to be zlib-wrapped (RFC 9110 §8.4.1.2), but servers have long sent raw
 * deflate; the first byte tells them apart (as browsers and undici's fetch do). Unlike a bare
 * `inner.on('data', push)` this keeps backpressure: the inner inflater pauses while our readable
 * side is full.
 */
class AutoInflate extends Transform {
  private inner: Inflate | InflateRaw | null = null;
  private onInnerEnd: (() => void) | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inner) {
      if (chunk.length === 0) return callback();
      const inner = (chunk[0]! & 0x0f) === 0x08 ? createInflate() : createInflateRaw();
      inner.on('data', (data: Buffer) => {
        if (!this.push(data)) inner.pause();
      });
      inner.on('error', (error) => this.destroy(error));
      inner.on('end', () => this.onInnerEnd?.());
      this.inner = inner;
    }
    this.inner.write(chunk, (error) => callback(error ?? null));
  }

  override _read(size: number): void {
    this.inner?.resume();
    super._read(size);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner) return callback();
    this.onInnerEnd = () => callback();
    this.inner.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }
}

export function decoderFor(coding: Coding): Transform {
  switch (coding) {
    case 'gzip':
      // Concatenated gzip members are decoded as one stream, as browsers do.
      return createGunzip();
    case 'deflate':
      return new AutoInflate();
    case 'br':
      // No large-window brotli: the window is at most 16 MB.
      return createBrotliDecompress({ params: { [constants.BROTLI_DECODER_PARAM_LARGE_WINDOW]: 0 } });
  }
}

/** Thrown inside the body pipeline when a byte cap is crossed; never leaves request-once. */
export class BodyCapExceeded extends Error {
  override readonly name = 'BodyCapExceeded';
  readonly stage: 'wire' | 'decoded';
  constructor(stage: 'wire' | 'decoded') {
    super(`${stage} body exceeds the cap`);
    this.stage = stage;
  }
}

/** Passes chunks through, failing the pipeline as soon as more than `max` bytes went by. */
export class ByteCap extends Transform {
  bytes = 0;
  private readonly max: number;
  private readonly stage: 'wire' | 'decoded';
  constructor(max: number, stage: 'wire' | 'decoded') {
    super();
    this.max = max;
    this.stage = stage;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.byteLength;
    if (this.bytes > this.max) return callback(new BodyCapExceeded(this.stage));
    callback(null, chunk);
  }
}
