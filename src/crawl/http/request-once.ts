import { request, type Dispatcher } from 'undici';
import type { CrawlErrorInfo } from '../errors.ts';

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
  /** null when not read (non-2xx, too large, error) */
  body: Uint8Array | null;
  bytes: number;
  tooLarge: boolean;
  headersMs: number | null;
  error: CrawlErrorInfo | null;
}

export interface HopRequest {
  url: string;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  timeouts: Timeouts;
  maxBodyBytes: number;
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

export async function requestOnce(req: HopRequest): Promise<HopResult> {
  const started = Date.now();
  const deadline = AbortSignal.timeout(req.timeouts.totalMs);
  const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;
  let inBody = false;
  let headersMs: number | null = null;
  let status: number | null = null;
  let headers: Record<string, string> = {};
  let bytes = 0;
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
    if (Number.isFinite(declared) && declared > req.maxBodyBytes) {
      response.body.destroy();
      return { status, headers, body: null, bytes: 0, tooLarge: true, headersMs, error: null };
    }
    const keep = req.readBody(status);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      bytes += chunk.byteLength;
      if (bytes > req.maxBodyBytes) {
        // Stop streaming at once: the rest of an oversized file must not cost bandwidth.
        response.body.destroy();
        return { status, headers, body: null, bytes, tooLarge: true, headersMs, error: null };
      }
      if (keep) chunks.push(chunk);
    }
    const body = keep ? Buffer.concat(chunks, bytes) : null;
    return { status, headers, body, bytes, tooLarge: false, headersMs, error: null };
  } catch (error) {
    const deadlineHit = deadline.aborted && !req.signal?.aborted;
    return { status: inBody ? status : null, headers, body: null, bytes, tooLarge: false, headersMs, error: classifyNetworkError(error, inBody, deadlineHit) };
  }
}
