import type { Device, PairingClaim, PairingStarted } from '@icabinet/shared';
import type { ApiClient, ErrorReply } from './http.js';

/** A tablet's side of pairing: asks for a code (throws unless 201). */
export async function startPairing(tablet: ApiClient): Promise<PairingStarted> {
  const res = await tablet.post<PairingStarted>('/api/devices/pairings');
  if (res.status !== 201) throw new Error(`no pairing code: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The tablet's poll. */
export const claimPairing = (tablet: ApiClient, started: Pick<PairingStarted, 'code' | 'claimSecret'>) =>
  tablet.post<PairingClaim & ErrorReply>('/api/devices/pairings/claim', {
    code: started.code,
    claimSecret: started.claimSecret,
  });

/** The fleet page pairs a code to a room and seat. */
export const pairDevice = (staff: ApiClient, code: string, room: string, seatLabel: string) =>
  staff.post<{ device: Device } & ErrorReply>('/api/devices', { code, room, seatLabel });

/** A tablet asks for a code, the secretariat pairs it, the tablet picks its credential up. */
export async function pairedTablet(
  tablet: ApiClient,
  staff: ApiClient,
  room: string,
  seatLabel: string,
): Promise<{ token: string; device: Device }> {
  const started = await startPairing(tablet);
  const paired = await pairDevice(staff, started.code, room, seatLabel);
  if (paired.status !== 201)
    throw new Error(`could not pair: ${paired.status} ${JSON.stringify(paired.body)}`);
  const claim = await claimPairing(tablet, started);
  if (claim.body.status !== 'paired') throw new Error(`not paired: ${JSON.stringify(claim.body)}`);
  return { token: claim.body.token, device: paired.body.device };
}

/** The header a paired tablet sends its credential in. */
export const deviceHeader = (token: string): Record<string, string> => ({ 'x-device-token': token });
