import { isIP } from 'node:net';

/**
 * Which IP addresses the crawler may connect to (SSRF defence). A government portal, a redirect
 * or a DNS answer must never make the crawler talk to the machine it runs on, the private network
 * around it or a cloud metadata service (169.254.169.254, Alibaba's 100.100.100.200).
 *
 * Only globally routable unicast addresses pass. Refused, with the reason recorded:
 * - IPv4: 0/8 (unspecified, "this network"), 10/8, 172.16/12, 192.168/16 (private), 100.64/10
 *   (CGNAT shared space, Alibaba Cloud metadata), 127/8 (loopback), 169.254/16 (link-local, cloud
 *   metadata), 192.0.0/24 (IETF protocol assignments), 192.0.2/24, 198.51.100/24, 203.0.113/24
 *   (documentation), 192.88.99/24 (6to4 relay), 198.18/15 (benchmarking; also "fake-IP" DNS of
 *   local proxies), 224/4 (multicast), 240/4 (reserved) and 255.255.255.255 (broadcast).
 * - IPv6: everything outside 2000::/3 (::, ::1, fc00::/7 unique-local, fe80::/10 link-local,
 *   fec0::/10 site-local, ff00::/8 multicast, 100::/64 discard, …), 2001::/23 (IETF protocol
 *   assignments incl. Teredo), 2001:db8::/32 (documentation); IPv6 forms that embed an IPv4
 *   address (::ffff:a.b.c.d mapped, ::a.b.c.d compatible, ::ffff:0:a.b.c.d translated,
 *   64:ff9b::/96 NAT64, 2002::/16 6to4) are judged by the IPv4 address they embed, and
 *   64:ff9b:1::/48 (local NAT64) is refused.
 *
 * Odd IPv4 spellings (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`, full-width digits) never
 * reach this module un-normalised: the WHATWG URL parser turns them into dotted quads, and every
 * check runs on the parsed URL's hostname or on the resolver's answer.
 */

export interface AddressPolicyOptions {
  /**
   * Turns the address check off entirely. Only for tests and for deployments that really crawl an
   * intranet; prefer `allowedAddressRanges`. @default false
   */
  allowPrivateAddresses?: boolean;
  /**
   * CIDR ranges (`127.0.0.1/32`, `::1/128`, `198.18.0.0/15`) or single addresses exempted from the
   * check: our tests' servers on 127.0.0.1, or a local proxy's fake-IP range. @default []
   */
  allowedAddressRanges?: readonly string[];
}

interface Range {
  bytes: Uint8Array;
  prefix: number;
}

interface ForbiddenRange extends Range {
  reason: string;
}

/** Parses a textual IPv4 or IPv6 address (brackets and zone ids tolerated) into 4 or 16 bytes. */
export function parseIp(text: string): Uint8Array | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const family = isIP(s);
  if (family === 4) return Uint8Array.from(s.split('.').map(Number));
  if (family !== 6) return null;
  let head = s;
  let v4Tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    v4Tail = s.slice(lastColon + 1).split('.').map(Number);
    head = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const [left = '', right] = head.split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const all = right === undefined ? l : [...l, ...Array<number>(8 - l.length - r.length).fill(0), ...r];
  if (all.length !== 8) return null;
  const out = new Uint8Array(16);
  all.forEach((g, i) => ((out[2 * i] = g >> 8), (out[2 * i + 1] = g & 0xff)));
  if (v4Tail.length === 4) out.set(v4Tail, 12);
  return out;
}

function inRange(bytes: Uint8Array, range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

/** `10.0.0.0/8`, `::1/128` or a bare address (a /32 or /128). Throws on anything else. */
export function parseCidr(text: string): Range {
  const [address, prefixText] = text.split('/') as [string, string | undefined];
  const bytes = parseIp(address);
  if (!bytes) throw new TypeError(`not an IP range: ${text}`);
  const max = bytes.length * 8;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) throw new TypeError(`not an IP range: ${text}`);
  return { bytes, prefix };
}

const forbidden = (cidr: string, reason: string): ForbiddenRange => ({ ...parseCidr(cidr), reason });

const IPV4_FORBIDDEN: ForbiddenRange[] = [
  forbidden('0.0.0.0/8', 'unspecified'),
  forbidden('10.0.0.0/8', 'private'),
  forbidden('100.64.0.0/10', 'shared (CGNAT)'),
  forbidden('127.0.0.0/8', 'loopback'),
  forbidden('169.254.0.0/16', 'link-local (cloud metadata)'),
  forbidden('172.16.0.0/12', 'private'),
  forbidden('192.0.0.0/24', 'reserved'),
  forbidden('192.0.2.0/24', 'documentation'),
  forbidden('192.88.99.0/24', 'reserved'),
  forbidden('192.168.0.0/16', 'private'),
  forbidden('198.18.0.0/15', 'benchmarking'),
  forbidden('198.51.100.0/24', 'documentation'),
  forbidden('203.0.113.0/24', 'documentation'),
  forbidden('224.0.0.0/4', 'multicast'),
  forbidden('255.255.255.255/32', 'broadcast'),
  forbidden('240.0.0.0/4', 'reserved'),
];

const IPV6_FORBIDDEN: ForbiddenRange[] = [
  forbidden('::/128', 'unspecified'),
  forbidden('::1/128', 'loopback'),
  forbidden('64:ff9b:1::/48', 'local NAT64'),
  forbidden('fc00::/7', 'unique-local (private)'),
  forbidden('fe80::/10', 'link-local'),
  forbidden('fec0::/10', 'site-local'),
  forbidden('ff00::/8', 'multicast'),
  forbidden('2001:db8::/32', 'documentation'),
  forbidden('2001::/23', 'IETF protocol assignment (Teredo, …)'),
];

const GLOBAL_UNICAST_V6 = parseCidr('2000::/3');

/** IPv6 prefixes whose addresses carry an IPv4 address, and where it sits. */
const EMBEDDING_V6: { range: Range; at: number; form: string }[] = [
  { range: parseCidr('::ffff:0:0/96'), at: 12, form: 'IPv4-mapped' },
  { range: parseCidr('::ffff:0:0:0/96'), at: 12, form: 'IPv4-translated' },
  { range: parseCidr('64:ff9b::/96'), at: 12, form: 'NAT64' },
  { range: parseCidr('2002::/16'), at: 2, form: '6to4' },
  // IPv4-compatible (deprecated); :: and ::1 are caught before this.
  { range: parseCidr('::/96'), at: 12, form: 'IPv4-compatible' },
];

function formatV4(bytes: Uint8Array): string {
  return Array.from(bytes).join('.');
}

/**
 * Why `address` is not a public unicast address, or null when it is one. Also null for text that
 * is no IP address at all (callers decide what a hostname means).
 */
export function forbiddenReason(address: string): string | null {
  const bytes = parseIp(address);
  if (!bytes) return null;
  return reasonForBytes(bytes);
}

function reasonForBytes(bytes: Uint8Array): string | null {
  if (bytes.length === 4) return IPV4_FORBIDDEN.find((r) => inRange(bytes, r))?.reason ?? null;
  const direct = IPV6_FORBIDDEN.slice(0, 2).find((r) => inRange(bytes, r));
  if (direct) return direct.reason;
  for (const embedding of EMBEDDING_V6) {
    if (!inRange(bytes, embedding.range)) continue;
    const v4 = bytes.slice(embedding.at, embedding.at + 4);
    const inner = reasonForBytes(v4);
    return inner ? `${embedding.form} ${formatV4(v4)}: ${inner}` : null;
  }
  const listed = IPV6_FORBIDDEN.find((r) => inRange(bytes, r));
  if (listed) return listed.reason;
  return inRange(bytes, GLOBAL_UNICAST_V6) ? null : 'not global unicast';
}

/** The IP address a URL hostname spells (`127.0.0.1`, `[::1]`), or null for a domain name. */
export function ipLiteralOf(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

/** Names that mean this machine whatever DNS says (RFC 6761 §6.3). */
function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

export class AddressPolicy {
  readonly allowAll: boolean;
  private readonly allowed: Range[];

  constructor(options: AddressPolicyOptions = {}) {
    this.allowAll = options.allowPrivateAddresses === true;
    this.allowed = (options.allowedAddressRanges ?? []).map(parseCidr);
  }

  /** Why connecting to `address` is refused, or null when it is allowed. Non-IP text is refused. */
  check(address: string): string | null {
    if (this.allowAll) return null;
    const bytes = parseIp(address);
    if (!bytes) return 'not an IP address';
    const reason = reasonForBytes(bytes);
    if (reason === null) return null;
    if (this.allowed.some((range) => inRange(bytes, range))) return null;
    // An allowed IPv4 range also covers that address's IPv4-mapped IPv6 form.
    if (bytes.length === 16 && inRange(bytes, EMBEDDING_V6[0]!.range) && this.allowed.some((range) => inRange(bytes.slice(12), range))) return null;
    return reason;
  }

  /**
   * The check that needs no DNS: a URL whose host is an IP literal (or `localhost`) is judged by
   * its text, before any socket exists. Null for domain names, which are checked on resolution.
   */
  checkHostname(hostname: string): string | null {
    if (this.allowAll) return null;
    const literal = ipLiteralOf(hostname);
    if (literal) return this.check(literal);
    if (isLocalhostName(hostname)) return this.check('127.0.0.1') ?? null;
    return null;
  }
}
