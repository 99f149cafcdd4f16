import { describe, expect, it } from 'vitest';
import { allows, hashToken } from './api-tokens.service.js';
import {
  checkWebhookAddress,
  normalizeAddress,
  type GuardOptions,
  type HostResolver,
} from './address-guard.js';

/** A resolver that knows only these names (as a DNS server would answer them). */
const fakeDns =
  (names: Record<string, string[]>): HostResolver =>
  (host) => {
    const found = names[host];
    if (!found)
      return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };

const dns = fakeDns({
  'vanban.hanoi.gov.vn': ['203.162.4.190'],
  'vanban.lan': ['192.168.10.20'],
  'qlvb.so-noi-vu.local': ['10.12.0.7', 'fd00::7'],
  'cong.cgnat': ['100.64.3.4'],
  'rebind.example': ['127.0.0.1'],
  'rebind6.example': ['::ffff:127.0.0.1'],
  'mixed.example': ['203.162.4.191', '127.0.0.2'],
  'metadata.example': ['169.254.169.254'],
  'linklocal6.example': ['fe80::1'],
  'zero.example': ['0.0.0.0'],
  'multicast.example': ['239.1.2.3'],
  'icabinet.hanoi.gov.vn': ['203.162.4.10'],
  'may-chu.lan': ['192.168.10.5'],
});

const guard = (overrides: Partial<GuardOptions> = {}): GuardOptions => ({
  allowLoopback: false,
  selfUrls: ['https://icabinet.hanoi.gov.vn', 'http://0.0.0.0:8080'],
  listenPort: 8080,
  ownAddresses: ['127.0.0.1', '::1', '192.168.10.5', 'fe80::5'],
  resolve: dns,
  timeoutMs: 1000,
  ...overrides,
});

const refusal = async (url: string, opts = guard()) => {
  const r = await checkWebhookAddress(url, opts);
  return r.ok ? null : r.refusal;
};

describe('the webhook address guard', () => {
  it('takes public and LAN receivers, and pins the address it checked', async () => {
    for (const url of [
      'https://vanban.hanoi.gov.vn/su-kien',
      'http://vanban.lan:8080/webhook',
      'http://qlvb.so-noi-vu.local/api/su-kien',
      'http://10.0.0.9:8080/x',
      'http://172.20.1.2/x',
      'http://[fd00::9]:9000/x',
      'http://cong.cgnat/x',
      // The server's public address on another port is another service.
      'https://icabinet.hanoi.gov.vn:8443/x',
    ])
      expect(await refusal(url), url).toBeNull();
    const r = await checkWebhookAddress('http://vanban.lan:9000/su-kien', guard());
    expect(r).toMatchObject({ ok: true, pinned: { address: '192.168.10.20', family: 4 } });
  });

  it('refuses a name that resolves to loopback, however it is written, unless allowed', async () => {
    for (const url of [
      'http://rebind.example/x',
      'http://rebind6.example/x',
      'http://mixed.example/x',
      'http://127.0.0.1:9000/x',
      'http://127.1:9000/x',
      'http://2130706433:9000/x',
      'http://localhost:9000/',
      'http://app.localhost/',
      'http://[::1]:9000/',
      'http://[::ffff:127.0.0.1]:9000/',
      'http://[::ffff:7f00:1]:9000/',
      // This machine's own LAN address is this machine too.
      'http://may-chu.lan:9000/',
      'http://192.168.10.5:9000/',
    ])
      expect(await refusal(url), url).toBe('webhook_url_loopback');
    expect(await refusal('http://rebind.example:9000/x', guard({ allowLoopback: true }))).toBeNull();
    expect(await refusal('http://may-chu.lan:9000/', guard({ allowLoopback: true }))).toBeNull();
  });

  it('refuses the server itself — by name, or any address of this machine at its port — even where loopback is allowed', async () => {
    const loose = guard({ allowLoopback: true });
    for (const url of [
      'https://icabinet.hanoi.gov.vn/api/x',
      'http://localhost:8080/api/health',
      'http://127.0.0.1:8080/',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]:8080/',
      'http://rebind.example:8080/',
      'http://may-chu.lan:8080/',
      'http://0.0.0.0:8080/',
    ])
      expect(await refusal(url, loose), url).toBe('webhook_url_self');
  });

  it('refuses unspecified, link-local (cloud metadata), multicast and broadcast addresses always', async () => {
    const loose = guard({ allowLoopback: true });
    for (const url of [
      'http://metadata.example/latest/meta-data',
      'http://169.254.169.254/latest/meta-data',
      'http://linklocal6.example/x',
      'http://[fe80::1]/x',
      'http://zero.example/x',
      'http://0.0.0.0:9000/x',
      'http://0/x',
      'http://[::]:9000/x',
      'http://multicast.example/x',
      'http://255.255.255.255/x',
    ])
      expect(await refusal(url, loose), url).toBe('webhook_url_reserved');
  });

  it('refuses a name that does not resolve, or resolves too slowly', async () => {
    expect(await refusal('https://khong-co-may-nay.invalid/x')).toBe('webhook_url_unresolved');
    const slow: HostResolver = () => new Promise(() => undefined);
    expect(await refusal('https://vanban.hanoi.gov.vn/x', guard({ resolve: slow, timeoutMs: 50 }))).toBe(
      'webhook_url_unresolved',
    );
    const empty: HostResolver = () => Promise.resolve([]);
    expect(await refusal('https://vanban.hanoi.gov.vn/x', guard({ resolve: empty }))).toBe(
      'webhook_url_unresolved',
    );
  });

  it('refuses what is not http(s), credentials and port 0 before resolving anything', async () => {
    const never: HostResolver = () => Promise.reject(new Error('must not be asked'));
    const opts = guard({ resolve: never, allowLoopback: true });
    expect(await refusal('ftp://vanban.hanoi.gov.vn/', opts)).toBe('webhook_url');
    expect(await refusal('not a url', opts)).toBe('webhook_url');
    expect(await refusal('http://user:pw@vanban.hanoi.gov.vn/', opts)).toBe('webhook_url_credentials');
    expect(await refusal('http://vanban.hanoi.gov.vn:0/', opts)).toBe('webhook_url_port');
  });

  it('reads IPv4 carried in IPv6 as the IPv4 address', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('[::ffff:7f00:1]')).toBe('127.0.0.1');
    expect(normalizeAddress('::127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('64:ff9b::a9fe:a9fe')).toBe('169.254.169.254');
    expect(normalizeAddress('::1')).toBe('0:0:0:0:0:0:0:1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:1');
    expect(normalizeAddress('192.168.1.2')).toBe('192.168.1.2');
  });
});

describe('API token scopes', () => {
  it('a write scope includes reading its area, a read scope never writes', () => {
    expect(allows(['webhooks:write'], 'webhooks:read')).toBe(true);
    expect(allows(['webhooks:read'], 'webhooks:write')).toBe(false);
    expect(allows(['documents:read'], 'meetings:read')).toBe(false);
    expect(allows(['documents:read'], 'documents:read')).toBe(true);
  });

  it('keeps a hash that does not reveal the token', () => {
    const token = 'icab_example-token';
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain('example');
  });
});
