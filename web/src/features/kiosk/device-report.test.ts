import { describe, expect, it } from 'vitest';
import { DeviceStatusInput } from '@icabinet/shared';
import { deviceReport, networkType, packReadiness } from './device-report';

describe("a tablet's report", () => {
  it('names the connection type the way the server accepts it, or null', () => {
    expect(networkType({ type: 'wifi' })).toBe('wifi');
    expect(networkType({ effectiveType: '4g' })).toBe('4g');
    expect(networkType({ type: 'unknown' })).toBeNull();
    expect(networkType({ type: 'Wi Fi <script>' })).toBe('wifiscript');
    expect(networkType(undefined)).toBeNull();
  });

  it('tells how far the meeting pack is', () => {
    expect(packReadiness('m', { state: 'downloading', done: 3, total: 12 })).toEqual({
      meetingId: 'm',
      state: 'downloading',
      progress: 0.25,
    });
    expect(packReadiness(null, { state: 'none' })).toEqual({
      meetingId: null,
      state: 'none',
      progress: null,
    });
  });

  it('always builds a report the server accepts', () => {
    const report = deviceReport({
      appVersion: '',
      battery: { level: 1.4, charging: true },
      online: false,
      connection: { type: 'ethernet' },
      meetingId: '6f1c2a3b-1111-4111-8111-111111111111',
      pack: { state: 'ready', totalBytes: 10, files: 1, excluded: 0, readyAt: new Date().toISOString() },
    });
    expect(DeviceStatusInput.safeParse(report).success).toBe(true);
    expect(report.battery).toEqual({ level: 1, charging: true });
    expect(report.appVersion).toBe('web');
  });
});
