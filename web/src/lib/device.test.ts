import { describe, expect, it } from 'vitest';
import { describeDevice } from './device';

describe('describeDevice', () => {
  it('names the browser and system of the sessions an administrator sees', () => {
    expect(
      describeDevice(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36',
      ),
    ).toEqual({ name: 'Chrome 131 · Linux', kind: 'computer' });
    expect(
      describeDevice(
        'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toMatchObject({ name: 'Safari 17 · iOS 17.5', kind: 'tablet' });
    expect(
      describeDevice(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toEqual({ name: 'Microsoft Edge 131 · Windows 10', kind: 'computer' });
    expect(
      describeDevice(
        'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      ),
    ).toMatchObject({ kind: 'phone' });
  });

  it('says nothing rather than something wrong when there is no user agent', () => {
    expect(describeDevice(null)).toEqual({ name: null, kind: 'unknown' });
    expect(describeDevice('curl/8.5.0').kind).toBe('unknown');
  });
});
