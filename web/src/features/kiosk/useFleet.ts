import { useEffect, useState } from 'react';
import type { Device } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { emitCommand } from '../../lib/socket';

/** Newest pairing first, as the server lists them. */
const byPairing = (a: Device, b: Device) => b.pairedAt.localeCompare(a.pairedAt) || a.id.localeCompare(b.id);

/**
 * Every tablet, live: asked with `fleet:watch` on each (re)connection, then kept current by
 * `fleet:changed` (paired, picked up, reported, connected, gone, revoked).
 */
export function useFleet(): {
  devices: Device[] | null;
  error: string | null;
  upsert: (device: Device) => void;
} {
  const { socket } = useConnection();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upsert = (device: Device) =>
    setDevices((list) => [...(list ?? []).filter((d) => d.id !== device.id), device].sort(byPairing));

  useEffect(() => {
    if (!socket) return undefined;
    const changed = ({ device }: { device: Device }) =>
      setDevices((list) => [...(list ?? []).filter((d) => d.id !== device.id), device].sort(byPairing));
    const watch = () => {
      void emitCommand(socket, 10_000, 'fleet:watch', {}).then(
        (res) => {
          if (res.ok) {
            setDevices([...res.data.items].sort(byPairing));
            setError(null);
          } else setError(res.error.message);
        },
        () => undefined,
      );
    };
    socket.on('fleet:changed', changed);
    socket.on('connect', watch);
    if (socket.connected) watch();
    return () => {
      socket.off('fleet:changed', changed);
      socket.off('connect', watch);
    };
  }, [socket]);
  return { devices, error, upsert };
}
