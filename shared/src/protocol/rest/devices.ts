import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import {
  DevicePairInput,
  PairingClaimInput,
  PinLoginInput,
  PinSetInput,
  type Device,
  type DeviceHome,
  type PairingClaim,
  type PairingStarted,
} from '../../schemas/device.js';
import type { Me } from '../../schemas/session.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });

/**
 * Meeting-room tablets: a tablet asks for a pairing code and polls until the secretariat pairs it
 * (both without an account, throttled per address); the fleet page (secretariat, administrators)
 * pairs, lists and revokes; a paired tablet reads its room and signs its seat's delegate in with a
 * PIN (its credential in the `X-Device-Token` header).
 */
export const devicesContract = {
  startPairing: endpoint<PairingStarted>()({
    method: 'POST',
    path: '/devices/pairings',
    summary:
      'A tablet asks for a short pairing code (valid 10 minutes, single-use) and a secret to claim it with.',
    status: 201,
    auth: false,
  }),
  claimPairing: endpoint<PairingClaim>()({
    method: 'POST',
    path: '/devices/pairings/claim',
    summary: "The tablet's poll: waiting, or paired with its device credential (told once).",
    body: PairingClaimInput,
    auth: false,
    errors: ['not_found', 'invalid_state'],
  }),
  list: endpoint<{ items: Device[] }>()({
    method: 'GET',
    path: '/devices',
    summary: 'Every paired tablet with its seat, last contact and reported state (the fleet page).',
    errors: ['forbidden'],
  }),
  pair: endpoint<{ device: Device }>()({
    method: 'POST',
    path: '/devices',
    summary: 'Pairs the tablet showing a code to a room (meeting location) and a seat label.',
    body: DevicePairInput,
    status: 201,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  revoke: endpoint<{ device: Device }>()({
    method: 'DELETE',
    path: '/devices/:id',
    summary: "Revokes a tablet's credential: its sockets and PIN sessions end at once.",
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  home: endpoint<DeviceHome>()({
    method: 'GET',
    path: '/device/home',
    summary: "A paired tablet's place, its room's current meeting and the delegate seated there.",
    auth: false,
    errors: ['unauthorized'],
  }),
  pinLogin: endpoint<Me>()({
    method: 'POST',
    path: '/device/pin-login',
    summary: "Quick sign-in of the seat's delegate with their PIN on a paired tablet (throttled, audited).",
    body: PinLoginInput,
    auth: false,
    errors: ['forbidden', 'invalid_state'],
  }),
  setPin: endpoint<void>()({
    method: 'PUT',
    path: '/me/pin',
    summary: 'Sets my quick sign-in PIN for meeting-room tablets (my password confirms it).',
    body: PinSetInput,
    status: 204,
  }),
  clearPin: endpoint<void>()({
    method: 'DELETE',
    path: '/me/pin',
    summary: 'Removes my PIN: meeting-room tablets then need my password.',
    status: 204,
  }),
} as const;
