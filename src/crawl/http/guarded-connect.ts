import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { buildConnector } from 'undici';
import type { AddressPolicy } from './address-policy.ts';
import { ipLiteralOf } from './address-policy.ts';

/** A DNS answer: every address a name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname (injected in tests so they never touch real DNS). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: ResolveHost = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, order: 'verbatim' });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** The error a refused address surfaces as; `classifyNetworkError` maps its code. */
export class AddressForbiddenError extends Error {
  override readonly name = 'AddressForbiddenError';
  readonly code = 'E_ADDRESS_FORBIDDEN';
  constructor(host: string, address: string, reason: string) {
    super(`${host} resolves to ${address} (${reason}): refused before connecting`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `net.connect` lookup that resolves once, refuses the connection when ANY address is
 * forbidden (a name that answers with a mix of public and private addresses is treated as
 * hostile), and hands net exactly the addresses it checked — so the socket connects to a checked
 * address and there is no second resolution a rebinding DNS server could answer differently.
 * Every new connection resolves and checks afresh; keep-alive reuse stays on the checked socket.
 */
export function guardedLookup(policy: AddressPolicy, resolve: ResolveHost) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    resolve(hostname).then(
      (answers) => {
        const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const usable = family ? answers.filter((a) => a.family === family) : answers;
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          return callback(error, options.all ? [] : '');
        }
        for (const answer of usable) {
          const reason = policy.check(answer.address);
          if (reason) return callback(new AddressForbiddenError(hostname, answer.address, reason), options.all ? [] : '');
        }
        if (options.all) callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ''),
    );
  };
}

export type Connector = buildConnector.connector;

/**
 * undici connector for direct connections: IP-literal hosts are checked here (net skips the
 * lookup for them), names go through `guardedLookup`. Proxied requests never reach it — the
 * proxy resolves the target (see docs/security.md).
 */
export function guardedConnector(policy: AddressPolicy, resolve: ResolveHost, options: { timeoutMs: number }): Connector {
  // allowH2: false — ALPN offers only http/1.1, so the header size limit bounds every response.
  const connect = buildConnector({ timeout: options.timeoutMs, allowH2: false, lookup: guardedLookup(policy, resolve) } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const literal = ipLiteralOf(opts.hostname);
    const reason = literal ? policy.check(literal) : null;
    if (literal && reason) {
      queueMicrotask(() => callback(new AddressForbiddenError(opts.hostname, literal, reason), null));
      return;
    }
    return connect(opts, callback);
  };
}
