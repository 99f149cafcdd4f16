import Bowser from 'bowser';

export interface DeviceLabel {
  /** "Chrome 131 · Windows 10", or null when the user agent says nothing readable. */
  name: string | null;
  kind: 'phone' | 'tablet' | 'computer' | 'unknown';
}

/** A person-readable name for the device behind a session's user agent string. */
export function describeDevice(userAgent: string | null): DeviceLabel {
  if (!userAgent) return { name: null, kind: 'unknown' };
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(' ');
  const name = [browser, os].filter(Boolean).join(' · ') || null;
  const platform = parsed.platform.type;
  const kind =
    platform === 'mobile'
      ? 'phone'
      : platform === 'tablet'
        ? 'tablet'
        : platform === 'desktop'
          ? 'computer'
          : 'unknown';
  return { name, kind };
}
