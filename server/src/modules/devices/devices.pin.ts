import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { PinLoginInput, PinSetInput } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { AppError, errors } from '../../errors.js';
import type { AuthService, ClientInfo } from '../auth/auth.service.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import type { LimiterFactory } from '../../realtime/rate-limit.js';
import type { Core } from '../module.js';
import type { DevicesService } from './devices.service.js';

/** Wrong PINs before the account's PIN sign-in locks, and for how long. */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_SECONDS = 15 * 60;

export type PinDeps = Pick<Core, 'store' | 'clock' | 'audit'> & {
  limiters: LimiterFactory;
  auth: AuthService;
  devices: DevicesService;
};

/**
 * Quick sign-in on a paired tablet: the delegate seated there (their participant seat is the
 * tablet's seat label, in the room's meeting) types the PIN they set in their account. Wrong PINs
 * are audited and counted per account (on every process with Redis); after five the PIN is locked
 * for 15 minutes, and the answer says how long. The session is an ordinary one, remembered with
 * its tablet and meeting so that it ends when the meeting does.
 */
export class PinService {
  private readonly failures: RateLimiterAbstract;

  constructor(private readonly deps: PinDeps) {
    this.failures = deps.limiters('pin:u', PIN_MAX_FAILURES, PIN_LOCK_SECONDS);
  }

  /** `PUT /api/me/pin`: sets (or replaces) my PIN; my password confirms it. */
  async set(actor: Actor, input: PinSetInput, ip: string): Promise<void> {
    if (!(await verifyPassword(actor.user.passwordHash, input.currentPassword)))
      throw errors.invalid(
        [{ path: 'currentPassword', key: 'wrong_current_password' }],
        'wrong_current_password',
      );
    await this.deps.store.devices.setPin(
      actor.user.id,
      await hashPassword(input.pin),
      this.deps.clock.now().toISOString(),
    );
    await this.failures.delete(actor.user.id);
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'device.pin_set',
      targetType: 'user',
      targetId: actor.user.id,
      ip,
    });
  }

  /** `DELETE /api/me/pin`. */
  async clear(actor: Actor, ip: string): Promise<void> {
    await this.deps.store.devices.deletePin(actor.user.id);
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'device.pin_cleared',
      targetType: 'user',
      targetId: actor.user.id,
      ip,
    });
  }

  /** Seconds until the user's PIN opens again, 0 when it is not locked. */
  private async lockedFor(userId: string): Promise<number> {
    const res = await this.failures.get(userId);
    if (!res || res.consumedPoints < PIN_MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  }

  private locked(seconds: number) {
    return errors.rateLimited(seconds, 'pin_locked', {
      minutes: String(Math.max(1, Math.ceil(seconds / 60))),
    });
  }

  /** `POST /api/device/pin-login`: the tablet's credential, the seat's delegate and their PIN. */
  async login(
    deviceToken: unknown,
    input: PinLoginInput,
    client: ClientInfo,
    previousToken: string | undefined,
  ) {
    const device = await this.deps.devices.authenticate(deviceToken);
    const { meeting, delegate } = await this.deps.devices.seatOf(device.room, device.seatLabel);
    if (!meeting) throw errors.invalidState('device_no_meeting');
    const fail = (reason: string, userId: string | null) =>
      this.deps.audit.record({
        actorId: null,
        action: 'device.pin_failed',
        targetType: 'user',
        targetId: userId,
        data: {
          deviceId: device.id,
          room: device.room,
          seat: device.seatLabel,
          meetingId: meeting.id,
          reason,
        },
        ip: client.ip,
      });
    if (delegate?.id !== input.userId) {
      await fail('not_their_seat', input.userId);
      throw errors.forbidden('pin_not_your_seat');
    }
    const wait = await this.lockedFor(delegate.id);
    if (wait > 0) throw this.locked(wait);
    const pinHash = await this.deps.store.devices.getPin(delegate.id);
    if (!pinHash) throw errors.invalidState('pin_not_set');
    if (!(await verifyPassword(pinHash, input.pin))) {
      await this.failures.penalty(delegate.id);
      await fail('wrong_pin', delegate.id);
      const lockedNow = await this.lockedFor(delegate.id);
      if (lockedNow > 0) throw this.locked(lockedNow);
      const used = (await this.failures.get(delegate.id))?.consumedPoints ?? 0;
      throw new AppError('unauthorized', 'pin_wrong', { left: String(Math.max(1, PIN_MAX_FAILURES - used)) });
    }
    await this.failures.delete(delegate.id);
    const opened = await this.deps.auth.openCheckedSession(delegate, client, previousToken, {
      via: 'pin',
      deviceId: device.id,
      meetingId: meeting.id,
    });
    await this.deps.store.devices.addSession({
      sessionId: opened.actor.sessionId,
      deviceId: device.id,
      userId: delegate.id,
      meetingId: meeting.id,
      createdAt: this.deps.clock.now().toISOString(),
    });
    return opened;
  }
}
