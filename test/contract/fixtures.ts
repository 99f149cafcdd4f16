import { randomUUID } from 'node:crypto';
import type { AuditEntry, Participant, Unit } from '@icabinet/shared';
import type { MeetingRecord, SessionRecord, UserRecord } from './store-under-test.js';

/** 08:00 on 28 November 2025 in Hà Nội, the clock every fixture counts from. */
const BASE_MS = Date.UTC(2025, 10, 28, 1, 0, 0);

/** An ISO timestamp `minutes` after the fixture clock's start (negative for before). */
export const at = (minutes: number): string => new Date(BASE_MS + minutes * 60_000).toISOString();

let clock = 0;
/** A fresh, strictly increasing timestamp, so "in the order added" is well defined. */
const tick = (): string => at(++clock);

/** A user record with a Vietnamese name; override what the test is about. */
export function makeUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const id = randomUUID();
  const created = tick();
  return {
    id,
    username: `user.${id.slice(0, 8)}`,
    fullName: 'Nguyễn Văn An',
    title: 'Chuyên viên',
    unitId: null,
    email: null,
    phone: null,
    systemRole: 'member',
    active: true,
    mustChangePassword: false,
    lastLoginAt: null,
    createdAt: created,
    updatedAt: created,
    version: 0,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    ...overrides,
  };
}

/** A unit; override what the test is about. */
export function makeUnit(overrides: Partial<Unit> = {}): Unit {
  const id = randomUUID();
  const created = tick();
  return {
    id,
    code: `U${id.slice(0, 6).toUpperCase()}`,
    name: 'Sở Tài nguyên và Môi trường',
    parentId: null,
    active: true,
    headUserId: null,
    createdAt: created,
    updatedAt: created,
    version: 0,
    ...overrides,
  };
}

/** A session of `userId` that started at the fixture clock and lasts twelve hours. */
export function makeSession(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, ''),
    userId,
    createdAt: at(0),
    lastSeenAt: at(0),
    expiresAt: at(12 * 60),
    ip: '10.0.0.7',
    userAgent: 'I-Cabinet Desktop/1.0',
    ...overrides,
  };
}

/** Audit entry number `seq`, chained to a made-up previous hash. */
export function makeAudit(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: at(seq),
    actorId: randomUUID(),
    action: 'user.updated',
    targetType: 'user',
    targetId: randomUUID(),
    data: { fullName: { from: 'Nguyen Van An', to: 'Nguyễn Văn An' }, fields: ['fullName'] },
    ip: '10.0.0.7',
    prevHash: `prev-${seq}`,
    hash: `hash-${seq}`,
    ...overrides,
  };
}

/** A two-hour published meeting starting `startMinutes` after the fixture clock's start. */
export function makeMeeting(startMinutes = 0, overrides: Partial<MeetingRecord> = {}): MeetingRecord {
  const created = tick();
  return {
    id: randomUUID(),
    title: 'Họp UBND Thành phố thường kỳ tháng 11',
    description: null,
    agendaVersion: 0,
    seriesId: null,
    sharedAnnotationsOpen: false,
    deputiesMayVote: false,
    startedAt: null,
    endedAt: null,
    kind: 'regular',
    location: 'Phòng họp số 1, tầng 3',
    startsAt: at(startMinutes),
    endsAt: at(startMinutes + 120),
    status: 'published',
    confidentiality: 'internal',
    chairId: null,
    quorumRule: { numerator: 2, denominator: 3, comparison: 'gte' },
    statusReason: null,
    createdBy: randomUUID(),
    createdAt: created,
    updatedAt: created,
    version: 0,
    ...overrides,
  };
}

/** A delegate of `meetingId`: the user `userId`, or a guest when `userId` is null. */
export function makeParticipant(
  meetingId: string,
  userId: string | null,
  overrides: Partial<Participant> = {},
): Participant {
  return {
    id: randomUUID(),
    meetingId,
    userId,
    guest:
      userId === null
        ? {
            fullName: 'Lê Thị Hồng',
            title: 'Giám đốc',
            organisation: 'Công ty Cổ phần Đầu tư Đô thị',
            email: null,
            phone: null,
          }
        : null,
    role: userId === null ? 'guest' : 'delegate',
    votingRight: userId !== null,
    seat: null,
    deputyForId: null,
    createdAt: tick(),
    ...overrides,
  };
}
