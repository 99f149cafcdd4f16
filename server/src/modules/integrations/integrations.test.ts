import { describe, expect, it } from 'vitest';
import { allows, hashToken } from './api-tokens.service.js';
import { refuseWebhookUrl } from './webhooks.service.js';

describe('the webhook address guard', () => {
  const self = ['http://localhost:8080', 'http://0.0.0.0:8080'];

  it('refuses loopback receivers unless allowed (tests, development)', () => {
    for (const url of [
      'http://127.0.0.1:9000/x',
      'http://localhost:9000/',
      'http://[::1]:9000/',
      'http://app.localhost/',
    ])
      expect(refuseWebhookUrl(url, { allowLoopback: false, selfUrls: self }), url).toBe(
        'webhook_url_loopback',
      );
    expect(refuseWebhookUrl('http://127.0.0.1:9000/x', { allowLoopback: true, selfUrls: self })).toBeNull();
  });

  it('refuses the server itself, even where loopback is allowed', () => {
    for (const url of ['http://localhost:8080/api/health', 'http://127.0.0.1:8080/', 'http://[::1]:8080/'])
      expect(refuseWebhookUrl(url, { allowLoopback: true, selfUrls: self }), url).toBe('webhook_url_self');
    const pub = ['https://icabinet.hanoi.gov.vn'];
    expect(
      refuseWebhookUrl('https://icabinet.hanoi.gov.vn/api/x', { allowLoopback: false, selfUrls: pub }),
    ).toBe('webhook_url_self');
    expect(
      refuseWebhookUrl('https://icabinet.hanoi.gov.vn:8443/x', { allowLoopback: false, selfUrls: pub }),
    ).toBeNull();
  });

  it('takes other http(s) receivers, and nothing else', () => {
    expect(
      refuseWebhookUrl('https://vanban.hanoi.gov.vn/su-kien', { allowLoopback: false, selfUrls: self }),
    ).toBeNull();
    expect(refuseWebhookUrl('ftp://vanban.hanoi.gov.vn/', { allowLoopback: true, selfUrls: self })).toBe(
      'webhook_url',
    );
    expect(refuseWebhookUrl('not a url', { allowLoopback: true, selfUrls: self })).toBe('webhook_url');
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
