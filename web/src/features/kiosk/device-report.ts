import type { DeviceStatusInput, PackReadiness } from '@icabinet/shared';
import type { PackStatus } from '../offline/pack-sync';

/** What the browser says of the battery (the Battery Status API, where there is one). */
export interface BatteryReading {
  level: number;
  charging: boolean;
}

/** A connection type as the report carries it: `wifi`, `ethernet`, `4g`…; null when unknown. */
export function networkType(
  connection: { type?: unknown; effectiveType?: unknown } | undefined,
): string | null {
  const raw = connection?.type ?? connection?.effectiveType;
  if (typeof raw !== 'string') return null;
  const clean = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, 20);
  return clean === '' || clean === 'unknown' ? null : clean;
}

/** The pack of the tablet's meeting, as the fleet page shows it. */
export function packReadiness(meetingId: string | null, status: PackStatus): DeviceStatusInput['pack'] {
  if (meetingId === null) return { meetingId: null, state: 'none', progress: null };
  const state: PackReadiness = status.state;
  const progress =
    status.state === 'downloading'
      ? status.total > 0
        ? Math.min(1, status.done / status.total)
        : 0
      : status.state === 'ready'
        ? 1
        : null;
  return { meetingId, state, progress };
}

/** One report of a tablet's state. */
export function deviceReport(input: {
  appVersion: string;
  battery: BatteryReading | null;
  online: boolean;
  connection: { type?: unknown; effectiveType?: unknown } | undefined;
  meetingId: string | null;
  pack: PackStatus;
}): DeviceStatusInput {
  return {
    appVersion: input.appVersion.slice(0, 40) || 'web',
    battery: input.battery
      ? { level: Math.min(1, Math.max(0, input.battery.level)), charging: input.battery.charging }
      : null,
    network: { online: input.online, type: networkType(input.connection) },
    pack: packReadiness(input.meetingId, input.pack),
  };
}
