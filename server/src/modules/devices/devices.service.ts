import { createHash, randomInt } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import {
  DeviceStatusInput,
  DeviceToken,
  FLEET_ROOM,
  PAIRING_ALPHABET,
  PAIRING_CODE_LENGTH,
  deviceRoom,
  type Device,
  type DeviceHome,
  type DevicePairInput,
  type PairingClaim,
  type PairingClaimInput,
  type PairingStarted,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import { newId, newToken } from '../../lib/ids.js';
import type { LimiterFactory } from '../../realtime/rate-limit.js';
import type { DeviceRecord } from '../../store/devices.port.js';
import type { MeetingRecord, UserRecord } from '../../store/port.js';
import type { Core } from '../module.js';

/** How long a pairing code can be paired (and then picked up by its tablet). */
export const PAIRING_TTL_MS = 10 * 60_000;

/** SHA-256, hex: how codes, claim secrets and device credentials are stored and looked up. */
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Rooms and seat labels compare as people write them: case, accents' form and spacing aside. */
export const sameLabel = (a: string | null, b: string | null): boolean =>
  a !== null &&
  b !== null &&
  a.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi') ===
    b.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

/** A new pairing code from the unambiguous alphabet. */
function newCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}

/** Takes one point for `key`; the seconds to wait when the budget is spent, 0 otherwise. */
export async function take(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (err) {
    if (err && typeof err === 'object' && 'msBeforeNext' in err && typeof err.msBeforeNext === 'number')
      return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw err;
  }
}

export type DevicesDeps = Pick<Core, 'store' | 'clock' | 'audit' | 'io' | 'logger'> & {
  limiters: LimiterFactory;
  /** Ends the sockets of one login session. */
  endSession: (sessionId: string) => void;
  /** Ends every socket of one tablet (its device identity). */
  endDeviceSockets: (deviceId: string) => void;
  /** How long after a meeting's end its PIN sessions may still sync notes. */
  signOutGraceMs: number;
};

/** The room's meeting a tablet opens on, and the delegate whose seat label is the tablet's. */
export interface SeatOf {
  meeting: MeetingRecord | null;
  delegate: UserRecord | null;
}

/**
 * Meeting-room tablets: pairing codes, the fleet, the tablets' own credential and state. A tablet
 * without an account asks for a code and polls with a claim secret only it knows; the secretariat
 * pairs the code to a room and seat; the next poll hands the tablet its credential (once). Codes
 * expire after 10 minutes and are single-use. Only hashes of codes, secrets and credentials are stored.
 */
export class DevicesService {
  private readonly startLimit: RateLimiterAbstract;
  private readonly claimLimit: RateLimiterAbstract;

  constructor(private readonly deps: DevicesDeps) {
    // A tablet asks for a code every 10 minutes at most when nobody pairs it; 20 per 10 minutes
    // per address leaves room for a room full of tablets behind one router.
    this.startLimit = deps.limiters('pair:start', 60, 600);
    // Polls every 2 seconds: 300 per 10 minutes per tablet, several tablets per address.
    this.claimLimit = deps.limiters('pair:claim', 3000, 600);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** `POST /api/devices/pairings`: a new code for a tablet (throttled per address). */
  async startPairing(ip: string): Promise<PairingStarted> {
    const wait = await take(this.startLimit, ip);
    if (wait > 0)
      throw errors.rateLimited(wait, 'pairing_too_many', { minutes: String(Math.ceil(wait / 60)) });
    const now = this.deps.clock.now();
    await this.deps.store.devices.deleteExpiredPairings(now.toISOString());
    const claimSecret = newToken();
    const expiresAt = new Date(now.getTime() + PAIRING_TTL_MS).toISOString();
    for (;;) {
      const code = newCode();
      // A code still waiting (or used) is never handed out twice.
      if (await this.deps.store.devices.getPairing(sha256(code))) continue;
      await this.deps.store.devices.createPairing({
        codeHash: sha256(code),
        claimHash: sha256(claimSecret),
        createdAt: now.toISOString(),
        expiresAt,
        deviceId: null,
        claimedAt: null,
      });
      return { code, claimSecret, expiresAt };
    }
  }

  /** `POST /api/devices/pairings/claim`: the tablet's poll; its credential once paired. */
  async claimPairing(input: PairingClaimInput, ip: string): Promise<PairingClaim> {
    const wait = await take(this.claimLimit, ip);
    if (wait > 0) throw errors.rateLimited(wait);
    const codeHash = sha256(input.code);
    const pairing = await this.deps.store.devices.getPairing(codeHash);
    // Without its secret a code tells nothing, as if there were none.
    if (pairing?.claimHash !== sha256(input.claimSecret)) throw errors.notFound('pairing_code_unknown');
    if (pairing.claimedAt) throw errors.invalidState('pairing_code_used');
    if (!pairing.deviceId) {
      if (Date.parse(pairing.expiresAt) <= this.deps.clock.now().getTime())
        throw errors.invalidState('pairing_code_expired');
      return { status: 'waiting', expiresAt: pairing.expiresAt };
    }
    const device = await this.deps.store.devices.getById(pairing.deviceId);
    if (!device || device.revokedAt) throw errors.invalidState('pairing_code_used');
    const token = newToken();
    const at = this.now();
    const claimed = await this.deps.store.transaction(async () => {
      if (!(await this.deps.store.devices.claimPairing(codeHash, at))) return false;
      await this.deps.store.devices.setToken(device.id, sha256(token), at);
      return true;
    });
    if (!claimed) throw errors.invalidState('pairing_code_used');
    await this.changed(device.id);
    return {
      status: 'paired',
      token,
      device: { id: device.id, room: device.room, seatLabel: device.seatLabel },
    };
  }

  /** `POST /api/devices`: the fleet page pairs the tablet showing `code` to a room and seat. */
  async pair(actor: Actor, input: DevicePairInput, ip: string): Promise<{ device: Device }> {
    const codeHash = sha256(input.code);
    const pairing = await this.deps.store.devices.getPairing(codeHash);
    if (!pairing) throw errors.notFound('pairing_code_unknown');
    if (pairing.deviceId) throw errors.invalidState('pairing_code_used');
    if (Date.parse(pairing.expiresAt) <= this.deps.clock.now().getTime())
      throw errors.invalidState('pairing_code_expired');
    const record: DeviceRecord = {
      id: newId(),
      tokenHash: null,
      room: input.room,
      seatLabel: input.seatLabel,
      pairedBy: actor.user.id,
      pairedAt: this.now(),
      claimedAt: null,
      revokedAt: null,
      lastSeenAt: null,
      status: null,
    };
    const bound = await this.deps.store.transaction(async () => {
      await this.deps.store.devices.create(record);
      // Two secretaries typing the same code: the second finds it used, and no device is kept.
      if (!(await this.deps.store.devices.bindPairing(codeHash, record.id)))
        throw errors.invalidState('pairing_code_used');
      await this.deps.audit.record({
        actorId: actor.user.id,
        action: 'device.paired',
        targetType: 'device',
        targetId: record.id,
        data: { room: record.room, seat: record.seatLabel },
        ip,
      });
      return record;
    });
    const device = await this.present(bound);
    this.deps.io.to(FLEET_ROOM).emit('fleet:changed', { device });
    return { device };
  }

  /** `GET /api/devices`: every tablet for the fleet page. */
  async list(): Promise<{ items: Device[] }> {
    const all = await this.deps.store.devices.list();
    const seats = new Map<string, Promise<SeatOf>>();
    return { items: await Promise.all(all.map((d) => this.present(d, seats))) };
  }

  /** `DELETE /api/devices/:id`: the credential stops working; its sockets and PIN sessions end now. */
  async revoke(actor: Actor, id: string, ip: string): Promise<{ device: Device }> {
    const found = await this.deps.store.devices.getById(id);
    if (!found) throw errors.notFound('device_not_found');
    if (!found.revokedAt) {
      const sessions = await this.deps.store.devices.sessionsOfDevice(id);
      await this.deps.store.transaction(async () => {
        await this.deps.store.devices.revoke(id, this.now());
        for (const s of sessions) {
          await this.deps.store.sessions.delete(s.sessionId);
          await this.deps.store.devices.deleteSession(s.sessionId);
        }
        await this.deps.audit.record({
          actorId: actor.user.id,
          action: 'device.revoked',
          targetType: 'device',
          targetId: id,
          data: { room: found.room, seat: found.seatLabel, sessionsEnded: sessions.length },
          ip,
        });
      });
      for (const s of sessions) this.deps.endSession(s.sessionId);
      this.deps.endDeviceSockets(id);
    }
    const device = await this.present((await this.deps.store.devices.getById(id)) ?? found);
    this.deps.io.to(FLEET_ROOM).emit('fleet:changed', { device });
    return { device };
  }

  /** The tablet behind a credential; `device_unknown` or `device_revoked` otherwise. */
  async authenticate(token: unknown): Promise<DeviceRecord> {
    const parsed = DeviceToken.safeParse(token);
    if (!parsed.success) throw errors.unauthorized('device_unknown');
    const device = await this.deps.store.devices.getByTokenHash(sha256(parsed.data));
    if (!device) throw errors.unauthorized('device_unknown');
    if (device.revokedAt) throw errors.unauthorized('device_revoked');
    return device;
  }

  /** Whether a tablet's credential still works (the gateway's periodic check of its sockets). */
  async alive(deviceId: string): Promise<boolean> {
    const device = await this.deps.store.devices.getById(deviceId);
    return !!device && !device.revokedAt && device.tokenHash !== null;
  }

  /**
   * The meeting a room's tablets open on: the one running there, else the next one published
   * there that has not ended.
   */
  async meetingOf(room: string): Promise<MeetingRecord | null> {
    const { items } = await this.deps.store.meetings.list({
      status: ['published', 'in_progress'],
      timeline: { kind: 'upcoming', now: this.now() },
      order: 'asc',
      limit: 200,
      offset: 0,
    });
    const here = items.filter((m) => sameLabel(m.location, room));
    return here.find((m) => m.status === 'in_progress') ?? here[0] ?? null;
  }

  /** The room's meeting and the participant (a user) whose seat label is `seatLabel` there. */
  async seatOf(room: string, seatLabel: string): Promise<SeatOf> {
    const meeting = await this.meetingOf(room);
    if (!meeting) return { meeting: null, delegate: null };
    const participants = await this.deps.store.participants.listByMeeting(meeting.id);
    const seated = participants.find((p) => p.userId !== null && sameLabel(p.seat, seatLabel));
    const delegate = seated?.userId ? await this.deps.store.users.getById(seated.userId) : null;
    return { meeting, delegate: delegate?.active ? delegate : null };
  }

  /** `GET /api/device/home`: what a paired tablet opens on. */
  async home(token: unknown): Promise<DeviceHome> {
    const device = await this.authenticate(token);
    const { meeting, delegate } = await this.seatOf(device.room, device.seatLabel);
    return {
      device: { id: device.id, room: device.room, seatLabel: device.seatLabel },
      meeting: meeting
        ? {
            id: meeting.id,
            title: meeting.title,
            startsAt: meeting.startsAt,
            endsAt: meeting.endsAt,
            status: meeting.status,
            confidentiality: meeting.confidentiality,
          }
        : null,
      delegate: delegate
        ? {
            id: delegate.id,
            fullName: delegate.fullName,
            title: delegate.title,
            hasPin: (await this.deps.store.devices.getPin(delegate.id)) !== null,
          }
        : null,
    };
  }

  /** A tablet's report over its socket: stored, then shown on the fleet pages. */
  async report(deviceId: string, status: DeviceStatusInput): Promise<void> {
    await this.deps.store.devices.touch(deviceId, this.now(), JSON.stringify(status));
    await this.changed(deviceId);
  }

  /** A tablet's socket came or went: last contact now, and the fleet pages are told. */
  async seen(deviceId: string): Promise<void> {
    await this.deps.store.devices.touch(deviceId, this.now(), null);
    await this.changed(deviceId);
  }

  private async changed(deviceId: string): Promise<void> {
    const record = await this.deps.store.devices.getById(deviceId);
    if (record) this.deps.io.to(FLEET_ROOM).emit('fleet:changed', { device: await this.present(record) });
  }

  /**
   * A meeting stopped running: the room's tablets are told at once, so each waits for its private
   * notes to sync, wipes per the meeting's policy and signs its delegate out; after the grace
   * (`DEVICE_SIGNOUT_GRACE_SECONDS`) every PIN session opened for the meeting is ended here anyway.
   */
  async meetingEnded(meeting: MeetingRecord): Promise<void> {
    const sessions = await this.deps.store.devices.sessionsOfMeeting(meeting.id);
    const devices = new Set(sessions.map((s) => s.deviceId));
    for (const d of await this.deps.store.devices.list())
      if (!d.revokedAt && sameLabel(d.room, meeting.location)) devices.add(d.id);
    const payload = { meetingId: meeting.id, confidentiality: meeting.confidentiality };
    for (const id of devices) this.deps.io.to(deviceRoom(id)).emit('device:meeting-ended', payload);
    const end = () =>
      this.endMeetingSessions(meeting.id).catch((err: unknown) =>
        this.deps.logger.error({ err, meetingId: meeting.id }, 'could not end the PIN sessions of a meeting'),
      );
    if (this.deps.signOutGraceMs <= 0) await end();
    else setTimeout(() => void end(), this.deps.signOutGraceMs).unref();
  }

  /** Ends every PIN session opened for a meeting (and closes their sockets). */
  private async endMeetingSessions(meetingId: string): Promise<void> {
    for (const s of await this.deps.store.devices.sessionsOfMeeting(meetingId)) {
      await this.deps.store.sessions.delete(s.sessionId);
      await this.deps.store.devices.deleteSession(s.sessionId);
      this.deps.endSession(s.sessionId);
    }
  }

  /**
   * At start: PIN sessions whose meeting is no longer running or ahead (the server stopped
   * during a grace) are ended now.
   */
  async endStaleSessions(): Promise<void> {
    for (const d of await this.deps.store.devices.list()) {
      for (const s of await this.deps.store.devices.sessionsOfDevice(d.id)) {
        const meeting = await this.deps.store.meetings.getById(s.meetingId);
        if (meeting?.status === 'in_progress' || meeting?.status === 'published') continue;
        await this.deps.store.sessions.delete(s.sessionId);
        await this.deps.store.devices.deleteSession(s.sessionId);
      }
    }
  }

  /** A device as the fleet page shows it. */
  async present(d: DeviceRecord, seats = new Map<string, Promise<SeatOf>>()): Promise<Device> {
    const key = `${d.room}\u0000${d.seatLabel}`;
    let seat = seats.get(key);
    if (!seat) {
      seat = this.seatOf(d.room, d.seatLabel);
      seats.set(key, seat);
    }
    const { meeting, delegate } = await seat;
    const sockets = d.revokedAt ? [] : await this.deps.io.in(deviceRoom(d.id)).fetchSockets();
    const status = d.status ? DeviceStatusInput.safeParse(JSON.parse(d.status)) : null;
    return {
      id: d.id,
      room: d.room,
      seatLabel: d.seatLabel,
      pairedAt: d.pairedAt,
      pairedBy: d.pairedBy,
      claimedAt: d.claimedAt,
      revokedAt: d.revokedAt,
      lastSeenAt: d.lastSeenAt,
      connected: sockets.length > 0,
      status: status?.success ? status.data : null,
      meeting: meeting ? { id: meeting.id, title: meeting.title } : null,
      delegate: delegate ? { id: delegate.id, fullName: delegate.fullName } : null,
    };
  }
}
