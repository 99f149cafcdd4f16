import { DEVICE_TOKEN_HEADER, devicesContract as devices, type BodyIn } from '@icabinet/shared';
import { call } from '../../lib/api';

const asDevice = (token: string) => ({ [DEVICE_TOKEN_HEADER]: token });

/** REST calls of pairing (a tablet, no account), the fleet page, PIN sign-in and one's own PIN. */
export const devicesApi = {
  startPairing: () => call(devices.startPairing, { redirectOn401: false }),
  claimPairing: (input: BodyIn<typeof devices.claimPairing>) =>
    call(devices.claimPairing, { body: input, redirectOn401: false }),
  list: (signal?: AbortSignal) => call(devices.list, { signal }),
  pair: (input: BodyIn<typeof devices.pair>) => call(devices.pair, { body: input }),
  revoke: (id: string) => call(devices.revoke, { params: { id } }),
  home: (token: string, signal?: AbortSignal) =>
    call(devices.home, { headers: asDevice(token), signal, redirectOn401: false }),
  pinLogin: (token: string, input: BodyIn<typeof devices.pinLogin>) =>
    call(devices.pinLogin, { headers: asDevice(token), body: input, redirectOn401: false }),
  setPin: (input: BodyIn<typeof devices.setPin>) => call(devices.setPin, { body: input }),
  clearPin: () => call(devices.clearPin, {}),
};
