/**
 * Stable codes for everything the crawler records. Fetch problems are *data* (a FetchResult's
 * `error.code`), never thrown; only configuration and programming errors throw a CrawlError.
 * Callers and the database match on `code`, never on `instanceof`.
 */
export const CRAWL_ERROR_CODES = {
  E_SOURCES_INVALID: 'the sources registry does not match its schema',
  E_ADAPTER_UNKNOWN: 'a site names a portal adapter that does not exist',
  E_URL_INVALID: 'a URL could not be parsed or is not http(s)',
  E_FETCH_CONNECT: 'the connection was refused or could not be established',
  E_FETCH_CONNECT_TIMEOUT: 'connecting took longer than the connect timeout',
  E_FETCH_HEADERS_TIMEOUT: 'the response headers did not arrive in time',
  E_FETCH_BODY_TIMEOUT: 'the body stalled longer than the idle body timeout',
  E_FETCH_DEADLINE: 'the whole request exceeded its total deadline (slow-drip body)',
  E_FETCH_TRUNCATED: 'the connection closed before the body was complete',
  E_FETCH_SOCKET: 'the socket failed before a response arrived',
  E_HTTP_STATUS: 'the server answered with an error status',
  E_TOO_LARGE: 'the body (declared, on the wire or after decompression) is larger than the configured maximum',
  E_HEADERS_TOO_LARGE: 'the response headers exceed the header size limit (thousands of headers or a giant one)',
  E_CONTENT_ENCODING: 'the body is compressed with an unsupported Content-Encoding, or does not decode',
  E_ADDRESS_FORBIDDEN: 'the host is (or resolves to) a loopback, private, link-local, metadata or otherwise non-public address; refused before connecting',
  E_SCHEME_FORBIDDEN: 'the URL (or a redirect hop) uses a scheme other than http(s): file:, ftp:, data:, javascript:, gopher:, …',
  E_REDIRECT_LOOP: 'a redirect led back to a URL already visited',
  E_TOO_MANY_REDIRECTS: 'more redirects than the configured limit',
  E_BAD_REDIRECT: 'a redirect without a usable Location header',
  E_JS_CHALLENGE: 'the site answered with an anti-bot JavaScript challenge (recorded, never bypassed)',
  E_ROBOTS_DENIED: 'robots.txt disallows this URL for our user agent',
  E_ROBOTS_UNREACHABLE: 'robots.txt could not be fetched (5xx or network error): the host is treated as down, never as open',
  E_OFF_ALLOWLIST: 'the URL (or a redirect hop) is outside the site host allow-list',
  E_FRONTIER: 'the frontier store refused an operation',
  E_INTERNAL: 'an unexpected error inside the crawler',
} as const;

export type CrawlErrorCode = keyof typeof CRAWL_ERROR_CODES;

export interface CrawlErrorInfo {
  code: CrawlErrorCode;
  message: string;
}

export class CrawlError extends Error {
  override readonly name = 'CrawlError';
  readonly code: CrawlErrorCode;

  constructor(code: CrawlErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}
