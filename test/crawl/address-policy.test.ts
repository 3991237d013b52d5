import { describe, expect, it, vi } from 'vitest';
import { AddressPolicy, forbiddenReason, parseCidr, parseIp } from '../../src/crawl/http/address-policy.ts';
import { AddressForbiddenError, guardedLookup, type ResolvedAddress } from '../../src/crawl/http/guarded-connect.ts';

/**
 * The address policy as a pure function (no sockets, no DNS): which addresses the crawler may
 * connect to, and the lookup that binds the check to the connect.
 */
describe('address policy: refused addresses', () => {
  const refused: [string, RegExp][] = [
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['10.0.0.1', /private/],
    ['10.255.255.255', /private/],
    ['100.64.0.1', /CGNAT/],
    ['100.100.100.200', /CGNAT/], // Alibaba Cloud metadata
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['169.254.169.254', /link-local/], // AWS/GCP/Azure/Huawei/Oracle metadata
    ['169.254.0.23', /link-local/], // Tencent Cloud metadata
    ['172.16.0.1', /private/],
    ['172.31.255.254', /private/],
    ['192.168.1.1', /private/],
    ['192.0.0.170', /reserved/],
    ['192.0.2.1', /documentation/],
    ['198.18.0.1', /benchmarking/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['240.0.0.1', /reserved/],
    ['255.255.255.255', /broadcast/],
    ['::', /unspecified/],
    ['::1', /loopback/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['febf::1', /link-local/],
    ['fec0::1', /site-local/],
    ['ff02::1', /multicast/],
    ['2001:db8::1', /documentation/],
    ['2001::1', /IETF/], // Teredo
    ['100::1', /not global/], // discard prefix
    ['::ffff:127.0.0.1', /IPv4-mapped 127\.0\.0\.1: loopback/],
    ['::ffff:7f00:1', /IPv4-mapped 127\.0\.0\.1: loopback/],
    ['::ffff:a9fe:a9fe', /IPv4-mapped 169\.254\.169\.254: link-local/],
    ['0:0:0:0:0:ffff:10.0.0.1', /IPv4-mapped 10\.0\.0\.1: private/],
    ['::ffff:0:c0a8:101', /IPv4-translated 192\.168\.1\.1: private/],
    ['::127.0.0.1', /IPv4-compatible 127\.0\.0\.1: loopback/],
    ['64:ff9b::a9fe:a9fe', /NAT64 169\.254\.169\.254/],
    ['64:ff9b:1::1', /local NAT64/],
    ['2002:7f00:1::', /6to4 127\.0\.0\.1: loopback/],
    ['2002:a00:1::1', /6to4 10\.0\.0\.1: private/],
  ];
  it.each(refused)('%s is refused (%s)', (address, reason) => {
    expect(forbiddenReason(address)).toMatch(reason);
    expect(new AddressPolicy().check(address)).toMatch(reason);
  });

  const allowed = ['61.150.65.235', '122.137.242.24', '8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.167.255.255', '2400:da00::6666', '2001:4860:4860::8888', '::ffff:61.150.65.235', '64:ff9b::808:808', '2002:3d96:41eb::1'];
  it.each(allowed)('%s is a public address', (address) => {
    expect(new AddressPolicy().check(address)).toBeNull();
  });

  it('judges every odd IPv4 spelling by the address the URL parser makes of it', () => {
    const policy = new AddressPolicy();
    const spellings = ['http://2130706433/', 'http://0x7f000001/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://127.1/', 'http://017700000001/', 'http://１２７.０.０.１/', 'http://[::ffff:127.0.0.1]/', 'http://[0:0:0:0:0:ffff:7f00:1]/', 'http://localhost/', 'http://LOCALHOST./', 'http://a.b.localhost/'];
    for (const url of spellings) expect([url, policy.checkHostname(new URL(url).hostname)]).toEqual([url, expect.stringMatching(/loopback/)]);
    expect(policy.checkHostname(new URL('http://0300.0250.0.1/').hostname)).toMatch(/private/); // 192.168.0.1
    expect(policy.checkHostname(new URL('http://0/').hostname)).toMatch(/unspecified/);
    expect(policy.checkHostname(new URL('http://169.254.169.254./').hostname)).toMatch(/link-local/);
    expect(policy.checkHostname(new URL('http://[::ffff:a9fe:a9fe]/').hostname)).toMatch(/link-local/);
    // Names are not judged by their text: they are checked on resolution.
    expect(policy.checkHostname('127.0.0.1.nip.io')).toBeNull();
    expect(policy.checkHostname('www.gov.cn')).toBeNull();
  });

  it('exempts only the configured ranges, and allowPrivateAddresses exempts everything', () => {
    const tests = new AddressPolicy({ allowedAddressRanges: ['127.0.0.1/32', '198.18.0.0/15'] });
    expect(tests.check('127.0.0.1')).toBeNull();
    expect(tests.check('::ffff:127.0.0.1')).toBeNull(); // the mapped form of an exempted IPv4 address
    expect(tests.check('198.19.3.4')).toBeNull();
    expect(tests.check('127.0.0.2')).toMatch(/loopback/);
    expect(tests.check('::1')).toMatch(/loopback/);
    expect(tests.check('10.0.0.1')).toMatch(/private/);
    expect(tests.check('169.254.169.254')).toMatch(/link-local/);
    const open = new AddressPolicy({ allowPrivateAddresses: true });
    expect(['127.0.0.1', '10.0.0.1', '169.254.169.254', '::1'].map((a) => open.check(a))).toEqual([null, null, null, null]);
    expect(() => new AddressPolicy({ allowedAddressRanges: ['10.0.0.0/33'] })).toThrow(/not an IP range/);
    expect(() => new AddressPolicy({ allowedAddressRanges: ['localhost'] })).toThrow(/not an IP range/);
  });

  it('parses addresses and ranges exactly', () => {
    expect(Array.from(parseIp('::ffff:1.2.3.4')!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    expect(Array.from(parseIp('[2400:da00::6666]')!)).toEqual([0x24, 0, 0xda, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x66, 0x66]);
    expect(parseIp('example.gov.cn')).toBeNull();
    expect(parseIp('1.2.3')).toBeNull();
    expect(parseCidr('10.0.0.0/8').prefix).toBe(8);
    expect(parseCidr('::1').prefix).toBe(128);
  });
});

describe('guarded lookup (DNS rebinding)', () => {
  /** What net.connect's lookup hands back, as a promise. */
  function lookupOnce(lookup: ReturnType<typeof guardedLookup>, hostname: string, all = true) {
    return new Promise<{ error: Error | null; addresses: unknown }>((resolve) => lookup(hostname, { all }, (error, addresses, family) => resolve({ error, addresses: all ? addresses : [addresses, family] })));
  }

  it('resolves once per connection and hands net exactly the addresses it checked', async () => {
    // A rebinding DNS server: a public-looking answer first, loopback on every later question.
    const answers: ResolvedAddress[][] = [[{ address: '93.184.216.34', family: 4 }], [{ address: '127.0.0.1', family: 4 }]];
    let calls = 0;
    const resolve = vi.fn(async () => answers[Math.min(calls++, 1)]!);
    const lookup = guardedLookup(new AddressPolicy(), resolve);
    const first = await lookupOnce(lookup, 'rebind.example.gov.cn');
    expect(first).toEqual({ error: null, addresses: [{ address: '93.184.216.34', family: 4 }] });
    expect(resolve).toHaveBeenCalledTimes(1);
    // The second connection asks again and this time is refused: no answer is ever re-used unchecked.
    const second = await lookupOnce(lookup, 'rebind.example.gov.cn');
    expect(second.error).toBeInstanceOf(AddressForbiddenError);
    expect((second.error as AddressForbiddenError).code).toBe('E_ADDRESS_FORBIDDEN');
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('refuses a name when any of its addresses is forbidden, even if the first is public', async () => {
    const lookup = guardedLookup(new AddressPolicy(), async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ]);
    const { error, addresses } = await lookupOnce(lookup, 'mixed.example.gov.cn');
    expect(error?.message).toMatch(/10\.0\.0\.1 \(private\)/);
    expect(addresses).toEqual([]);
  });

  it('answers the single-address form with the checked first address, and ENOTFOUND for nothing', async () => {
    const lookup = guardedLookup(new AddressPolicy(), async (host) => (host === 'none.example' ? [] : [{ address: '2400:da00::6666', family: 6 }]));
    expect(await lookupOnce(lookup, 'v6.example', false)).toEqual({ error: null, addresses: ['2400:da00::6666', 6] });
    expect((await lookupOnce(lookup, 'none.example')).error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
