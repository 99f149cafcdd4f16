import { expect } from 'vitest';

/**
 * A page behind a personal link (invitation reply, written opinion) must not be cached or indexed,
 * run no script, and never hand the link to another site through the Referer.
 */
export function expectLinkPageHeaders(res: Response): void {
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
  expect(res.headers.get('x-robots-tag')).toBe('noindex');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('script-src');
}
