import { FLEET_ROOM, authorize, deviceRoom } from '@icabinet/shared';
import { errors } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SocketModule } from '../../realtime/gateway.js';
import { withAck } from '../../realtime/with-ack.js';
import type { DevicesService } from './devices.service.js';

/**
 * A paired tablet's own socket joins `device:<id>` (its room's end reaches it there) and reports
 * its state with `device:status`; the fleet page follows every tablet with `fleet:watch`.
 */
export function devicesSocket(deps: { devices: DevicesService; logger: Logger }): SocketModule {
  const { devices } = deps;
  const log = deps.logger.child({ component: 'devices' });
  const seen = (deviceId: string) =>
    devices.seen(deviceId).catch((err: unknown) => log.error({ err, deviceId }, 'could not record a tablet'));
  return {
    onConnection(socket, ack) {
      const device = socket.data.device;
      if (device) {
        void socket.join(deviceRoom(device.deviceId));
        void seen(device.deviceId);
        socket.on('disconnect', () => void seen(device.deviceId));
      }
      socket.on(
        'device:status',
        withAck(ack, socket, 'device:status', async (_ctx, status) => {
          const own = socket.data.device;
          if (!own) throw errors.forbidden('device_only');
          await devices.report(own.deviceId, status);
          return null;
        }),
      );
      socket.on(
        'fleet:watch',
        withAck(ack, socket, 'fleet:watch', async () => {
          if (!authorize({ systemRole: socket.data.systemRole }, 'devices:manage')) throw errors.forbidden();
          await socket.join(FLEET_ROOM);
          return devices.list();
        }),
      );
    },
  };
}
