import { describe, expect, it, vi } from 'vitest';
import { openVettedExternal, vetExternalUrl } from './external-link.policy.js';
import { silentLogger } from './logger.js';

describe('the external-link filter', () => {
  it.each([
    ['https://vanban.chinhphu.vn/', 'https://vanban.chinhphu.vn/'],
    ['https://example.vn/a/b?q=1#top', 'https://example.vn/a/b?q=1#top'],
    ['HTTPS://Example.VN', 'https://example.vn/'],
    ['https://example.vn/@someone', 'https://example.vn/@someone'],
  ])('lets %s through, normalized', (url, expected) => {
    expect(vetExternalUrl(url)).toBe(expected);
  });

  it.each([
    ['plain http', 'http://example.vn/'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript: in capitals with spaces', ' JavaScript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['a Windows file path', 'C:\\Windows\\System32\\calc.exe'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['mailto:', 'mailto:vanphong@example.vn'],
    ['a custom app scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['the app:// bundle', 'app://bundle/index.html'],
    ['a user name and password', 'https://user:secret@example.vn/'],
    ['a host disguised as a user name', 'https://chinhphu.vn@evil.example/'],
    ['a protocol-relative link', '//evil.example/'],
    ['a malformed URL', 'https//example.vn'],
    ['an out-of-range port', 'https://example.vn:99999/'],
    ['an empty string', ''],
    ['a URL longer than 2048 characters', `https://example.vn/${'a'.repeat(2048)}`],
  ])('refuses %s', (_what, url) => {
    expect(vetExternalUrl(url)).toBeNull();
  });

  it('hands a vetted link to the system browser', () => {
    const shell = { openExternal: vi.fn(() => Promise.resolve()) };

    expect(openVettedExternal(shell, 'https://example.vn', silentLogger)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.vn/');
  });

  it('never calls the system browser for a refused link', () => {
    const shell = { openExternal: vi.fn(() => Promise.resolve()) };

    expect(openVettedExternal(shell, 'file:///etc/passwd', silentLogger)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('logs, and does not crash, when the system browser fails to open', async () => {
    const shell = { openExternal: vi.fn(() => Promise.reject(new Error('no browser'))) };
    const log = { ...silentLogger, error: vi.fn() };

    openVettedExternal(shell, 'https://example.vn', log);
    await vi.waitFor(() => expect(log.error).toHaveBeenCalled());
  });
});
