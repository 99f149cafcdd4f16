import { describe, expect, it, vi } from 'vitest';
import { FakeWebContents } from './electron.fake.js';
import { vetExternalUrl } from './external-link.policy.js';
import { silentLogger } from './logger.js';
import { attachNavigationGuards } from './navigation.guard.js';

function guarded(allowedOrigins = ['app://bundle', 'http://localhost:8080']) {
  const contents = new FakeWebContents();
  const openExternal = vi.fn((url: string) => vetExternalUrl(url) !== null);
  attachNavigationGuards(contents, { allowedOrigins: () => allowedOrigins, openExternal, log: silentLogger });
  return { contents, openExternal };
}

describe('navigation guards', () => {
  it.each([
    'http://localhost:8080/meetings/42',
    'http://localhost:8080/?lang=en',
    'app://bundle/',
    'app://bundle/settings',
  ])('allow navigating within the app to %s', (url) => {
    const { contents, openExternal } = guarded();

    expect(contents.navigate(url)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it.each([
    ['another host', 'https://evil.example/login'],
    ['the server host on another port', 'http://localhost:9090/'],
    ['the server host over another scheme', 'https://localhost:8080/'],
    ['another app:// host', 'app://other/'],
    ['a file', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,hi'],
  ])('prevent navigating to %s', (_what, url) => {
    const { contents } = guarded();

    expect(contents.navigate(url)).toBe(true);
  });

  it('send an https link that would leave the app to the system browser instead', () => {
    const { contents, openExternal } = guarded();

    expect(contents.navigate('https://vanban.chinhphu.vn/doc/1')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://vanban.chinhphu.vn/doc/1');
  });

  it('follow the server when its URL changes', () => {
    let origins = ['app://bundle', 'http://localhost:8080'];
    const contents = new FakeWebContents();
    attachNavigationGuards(contents, {
      allowedOrigins: () => origins,
      openExternal: () => false,
      log: silentLogger,
    });

    origins = ['app://bundle', 'https://icabinet.hanoi.gov.vn'];

    expect(contents.navigate('https://icabinet.hanoi.gov.vn/')).toBe(false);
    expect(contents.navigate('http://localhost:8080/')).toBe(true);
  });

  it('deny every window.open, even to the app itself', () => {
    const { contents } = guarded();

    expect(contents.openWindow('http://localhost:8080/meetings/42')).toEqual({ action: 'deny' });
    expect(contents.openWindow('about:blank')).toEqual({ action: 'deny' });
  });

  it('route a vetted https window.open to the system browser and deny the window', () => {
    const { contents, openExternal } = guarded();

    expect(contents.openWindow('https://example.vn/report.pdf')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.vn/report.pdf');
    expect(openExternal).toHaveReturnedWith(true);
  });

  it('do not open a javascript: window.open anywhere', () => {
    const { contents, openExternal } = guarded();

    expect(contents.openWindow('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveReturnedWith(false);
  });

  it('hold a server redirect to the same origins, without opening it outside', () => {
    const { contents, openExternal } = guarded();

    expect(contents.redirect('http://localhost:8080/login')).toBe(false);
    expect(contents.redirect('https://evil.example/phish')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('keep every iframe within the app, and leave the top frame to will-navigate', () => {
    const { contents, openExternal } = guarded();

    expect(contents.frameNavigate('https://evil.example/', false)).toBe(true);
    expect(contents.frameNavigate('http://localhost:8080/documents/1', false)).toBe(false);
    expect(contents.frameNavigate('https://example.vn/', true)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('refuse to attach a <webview>', () => {
    const { contents } = guarded();

    expect(contents.attachWebview()).toBe(true);
  });
});
