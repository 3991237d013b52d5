import { pipeline, type Readable, type Transform } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { CrawlErrorInfo } from '../errors.ts';
import { BodyCapExceeded, ByteCap, decoderFor, parseContentEncoding } from './content-encoding.ts';

export interface Timeouts {
  /** TCP/TLS connect. Set on the dispatcher (undici has no per-request connect timeout). @default 10_000 */
  connectMs: number;
  /** until response headers. @default 15_000 */
  headersMs: number;
  /** longest silence between body chunks. @default 15_000 */
  bodyIdleMs: number;
  /** whole request including the body: catches slow-drip bodies that never go idle. @default 60_000 */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 15_000, bodyIdleMs: 15_000, totalMs: 60_000 };

/** One HTTP exchange (one hop, one try). */
export interface HopResult {
  status: number | null;
  headers: Record<string, string>;
  /** null when not read (non-2xx, too large, error); decoded when the server sent Content-Encoding */
  body: Uint8Array | null;
  /** body bytes read, after decoding */
  bytes: number;
  /** bytes read off the wire (before decoding) */
  wireBytes: number;
  /** the body (declared, on the wire or decoded) crossed `maxBodyBytes` and was not kept */
  tooLarge: boolean;
  /** with `overflow: 'truncate'`: the body was cut at `maxBodyBytes` and the rest never read */
  truncated: boolean;
  headersMs: number | null;
  error: CrawlErrorInfo | null;
}

export interface HopRequest {
  url: string;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  timeouts: Timeouts;
  /** cap on the body, on the wire and after decoding */
  maxBodyBytes: number;
  /**
   * What crossing the cap means: `too-large` (default) drops the body; `truncate` keeps its first
   * `maxBodyBytes` (robots.txt: the rest is ignored, as Google does past 500 KiB).
   */
  overflow?: 'too-large' | 'truncate';
  /** read the body for these statuses only (others are drained and discarded) */
  readBody: (status: number) => boolean;
  signal?: AbortSignal;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Maps undici / Node network errors to stable codes; `inBody` marks failures after the headers. */
export function classifyNetworkError(error: unknown, inBody: boolean, deadlineHit: boolean): CrawlErrorInfo {
  const code = (error as { code?: string })?.code ?? '';
  const message = (error as Error)?.message ?? String(error);
  if (deadlineHit) return { code: 'E_FETCH_DEADLINE', message: 'total request deadline exceeded' };
  switch (code) {
    case 'E_ADDRESS_FORBIDDEN':
      return { code: 'E_ADDRESS_FORBIDDEN', message };
    case 'UND_ERR_HEADERS_OVERFLOW':
      return { code: 'E_HEADERS_TOO_LARGE', message: 'response headers exceed the header size limit' };
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { code: 'E_FETCH_CONNECT_TIMEOUT', message };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { code: 'E_FETCH_HEADERS_TIMEOUT', message };
    case 'UND_ERR_BODY_TIMEOUT':
      return { code: 'E_FETCH_BODY_TIMEOUT', message };
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { code: 'E_FETCH_CONNECT', message };
  }
  if (inBody) return { code: 'E_FETCH_TRUNCATED', message };
  return { code: 'E_FETCH_SOCKET', message };
}

/** Hangs up on a body without reading it; the abort error this raises is expected, not unhandled. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

export async function requestOnce(req: HopRequest): Promise<HopResult> {
  const started = Date.now();
  const deadline = AbortSignal.timeout(req.timeouts.totalMs);
  const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;
  const truncate = req.overflow === 'truncate';
  let inBody = false;
  let headersMs: number | null = null;
  let status: number | null = null;
  let headers: Record<string, string> = {};
  let bytes = 0;
  let wireBytes = 0;
  let chunks: Buffer[] = [];
  let keep = false;
  const result = (partial: Partial<HopResult>): HopResult => ({ status, headers, body: null, bytes, wireBytes, tooLarge: false, truncated: false, headersMs, error: null, ...partial });
  /** which stream of the body pipeline failed first: the socket, a decoder or a cap */
  let firstFailure: { stage: 'wire' | 'decoder'; error: Error } | null = null;
  let wire: ByteCap | null = null;
  try {
    const response = await request(req.url, {
      method: 'GET',
      headers: req.headers,
      dispatcher: req.dispatcher,
      headersTimeout: req.timeouts.headersMs,
      bodyTimeout: req.timeouts.bodyIdleMs,
      signal,
    });
    headersMs = Date.now() - started;
    status = response.statusCode;
    headers = flattenHeaders(response.headers);
    inBody = true;
    const declared = Number(headers['content-length'] ?? NaN);
    if (!truncate && Number.isFinite(declared) && declared > req.maxBodyBytes) {
      // Refused on the declared length alone: not one body byte is read.
      discard(response.body);
      return result({ tooLarge: true });
    }
    keep = req.readBody(status);
    const codings = keep ? parseContentEncoding(headers['content-encoding']) : [];
    if (codings === null) {
      discard(response.body);
      return result({ error: { code: 'E_CONTENT_ENCODING', message: `unsupported Content-Encoding: ${headers['content-encoding']}` } });
    }
    const body = response.body as Readable;
    body.on('error', (error) => (firstFailure ??= { stage: 'wire', error }));
    let out: Readable = body;
    if (codings.length > 0) {
      // socket → wire cap → decoders (last applied, first undone), each decoder's output capped too
      wire = new ByteCap(req.maxBodyBytes, 'wire');
      const stages: Transform[] = [wire];
      const decoders = [...codings].reverse().map(decoderFor);
      decoders.forEach((decoder, i) => {
        decoder.on('error', (error) => (firstFailure ??= { stage: 'decoder', error }));
        stages.push(decoder);
        if (i < decoders.length - 1) stages.push(new ByteCap(req.maxBodyBytes, 'decoded'));
      });
      out = pipeline([body, ...stages], () => {}) as unknown as Readable;
    }
    for await (const chunk of out as AsyncIterable<Buffer>) {
      wireBytes = wire ? wire.bytes : wireBytes + chunk.byteLength;
      if (bytes + chunk.byteLength > req.maxBodyBytes) {
        // Stop streaming at once: the rest of an oversized file (or bomb) must cost nothing more.
        if (truncate && keep) chunks.push(chunk.subarray(0, req.maxBodyBytes - bytes));
        bytes = truncate ? req.maxBodyBytes : bytes + chunk.byteLength;
        out.destroy();
        discard(body);
        return truncate ? result({ body: keep ? Buffer.concat(chunks, bytes) : null, truncated: true }) : result({ tooLarge: true });
      }
      bytes += chunk.byteLength;
      if (keep) chunks.push(chunk);
    }
    if (wire) wireBytes = wire.bytes;
    return result({ body: keep ? Buffer.concat(chunks, bytes) : null });
  } catch (error) {
    if (wire) wireBytes = (wire as ByteCap).bytes;
    if (error instanceof BodyCapExceeded || (firstFailure as { error: Error } | null)?.error instanceof BodyCapExceeded) {
      if (truncate) return result({ body: keep ? Buffer.concat(chunks, bytes) : null, truncated: true });
      chunks = [];
      return result({ tooLarge: true });
    }
    const failure = firstFailure as { stage: 'wire' | 'decoder'; error: Error } | null;
    if (failure?.stage === 'decoder') {
      if (wireBytes === 0 && bytes === 0) return result({ body: Buffer.alloc(0) }); // an empty body "encoded": nothing to decode
      const code = (failure.error as { code?: string }).code;
      if (code === 'Z_BUF_ERROR') return result({ error: { code: 'E_FETCH_TRUNCATED', message: `compressed body ends early: ${failure.error.message}` } });
      return result({ error: { code: 'E_CONTENT_ENCODING', message: `cannot decode ${headers['content-encoding']} body: ${failure.error.message}` } });
    }
    const deadlineHit = deadline.aborted && !req.signal?.aborted;
    return result({ status: inBody ? status : null, error: classifyNetworkError(failure?.error ?? error, inBody, deadlineHit) });
  }
}
