import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_QUORUM, MeetingRole } from '@icabinet/shared';
import { loadConfig } from './config/config.js';
import { openStore } from './store/index.js';
import { DuplicateKeyError, type Store } from './store/port.js';
import { systemClock } from './lib/clock.js';
import { newId, temporaryPassword } from './lib/ids.js';
import { AuditService } from './modules/audit/audit.service.js';
import { hashPassword } from './modules/auth/password.js';
import { ADMIN_PASSWORD_IGNORED, ensureAdmin } from './bootstrap.js';
import { createLogger } from './logger.js';
import { seedDemoDocuments } from './modules/documents/documents.seed.js';
import { seedDemoVotes } from './modules/votes/votes.seed.js';
import { seedDemoBriefing } from './modules/sites/sites.seed.js';
import { seedDemoFollowUp } from './modules/tasks/tasks.seed.js';
import { here } from './version.js';

const Demo = z.object({
  units: z.array(z.object({ code: z.string(), name: z.string() })),
  people: z.array(
    z.object({
      username: z.string(),
      fullName: z.string(),
      title: z.string().nullable(),
      unit: z.string().nullable(),
      role: MeetingRole,
      external: z.boolean().optional(),
      email: z.string().optional(),
    }),
  ),
  meeting: z.object({
    title: z.string(),
    kind: z.string(),
    location: z.string(),
    start: z.string(),
    end: z.string(),
    confidentiality: z.enum(['public', 'internal', 'confidential']),
    agenda: z
      .array(
        z.object({
          title: z.string(),
          presenter: z.string().nullish(),
          minutes: z.number().int().min(0),
          vote: z
            .object({
              question: z.string(),
              options: z.array(z.string()).min(2),
              secret: z.boolean(),
              majority: z.string(),
            })
            .nullish(),
        }),
      )
      .default([]),
  }),
});
type Demo = z.infer<typeof Demo>;

/**
 * The demo meeting is dated in the past in the fixture; move it to the next weekday at the same
 * local time so that a new user sees an upcoming meeting.
 */
function upcoming(startIso: string, endIso: string, now: Date): { startsAt: string; endsAt: string } {
  const start = new Date(startIso);
  const duration = new Date(endIso).getTime() - start.getTime();
  const day = 86_400_000;
  let next = start.getTime() + Math.ceil((now.getTime() - start.getTime()) / day) * day + day;
  // Asia/Ho_Chi_Minh has no DST: UTC+7 all year.
  while ([0, 6].includes(new Date(next + 7 * 3_600_000).getUTCDay())) next += day;
  return { startsAt: new Date(next).toISOString(), endsAt: new Date(next + duration).toISOString() };
}

async function seed(store: Store, demo: Demo, password: string): Promise<string[]> {
  const clock = systemClock;
  const now = clock.now().toISOString();
  const audit = new AuditService(store, clock);
  const lines: string[] = [];
  const unitIds = new Map<string, string>();
  for (const u of demo.units) {
    const existing = await store.units.getByCode(u.code);
    if (existing) {
      unitIds.set(u.code, existing.id);
      continue;
    }
    const id = newId();
    await store.units.create({
      id,
      code: u.code,
      name: u.name,
      parentId: null,
      active: true,
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
    unitIds.set(u.code, id);
  }
  const passwordHash = await hashPassword(password);
  const userIds = new Map<string, string>();
  for (const p of demo.people.filter((p) => !p.external)) {
    const existing = await store.users.getByUsername(p.username);
    if (existing) {
      userIds.set(p.username, existing.id);
      continue;
    }
    const id = newId();
    const systemRole = p.role === 'secretary' ? 'secretary' : 'member';
    try {
      await store.users.create({
        id,
        username: p.username,
        fullName: p.fullName,
        title: p.title,
        unitId: p.unit ? (unitIds.get(p.unit) ?? null) : null,
        // Demo addresses, so publishing the demo meeting shows the e-mail channel (in the outbox).
        email: p.email ?? `${p.username}@demo.icabinet.local`,
        phone: null,
        systemRole,
        active: true,
        mustChangePassword: false,
        lastLoginAt: null,
        createdAt: now,
        updatedAt: now,
        version: 0,
        passwordHash,
      });
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
    }
    userIds.set(p.username, id);
    await audit.record({
      actorId: null,
      action: 'user.created',
      targetType: 'user',
      targetId: id,
      data: { username: p.username, source: 'seed:demo' },
    });
    lines.push(`  ${p.username.padEnd(10)} ${p.fullName} — ${p.title ?? ''}`);
  }

  const { items } = await store.meetings.list({ limit: 500, offset: 0 });
  const existing = items.find((m) => m.title === demo.meeting.title);
  if (existing) {
    await seedDemoAgenda(store, demo, existing.id);
  } else {
    const meetingId = newId();
    const chair = demo.people.find((p) => p.role === 'chair');
    const secretary = demo.people.find((p) => p.role === 'secretary');
    await store.meetings.create({
      id: meetingId,
      title: demo.meeting.title,
      description: null,
      agendaVersion: 0,
      seriesId: null,
      sharedAnnotationsOpen: false,
      kind: 'regular',
      location: demo.meeting.location,
      ...upcoming(demo.meeting.start, demo.meeting.end, new Date()),
      // A draft: the secretary publishes it, which sends the invitations (the demo of issue 4).
      status: 'draft',
      confidentiality: demo.meeting.confidentiality,
      chairId: chair ? (userIds.get(chair.username) ?? null) : null,
      quorumRule: DEFAULT_QUORUM,
      statusReason: null,
      createdBy: (secretary && userIds.get(secretary.username)) ?? [...userIds.values()][0] ?? newId(),
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
    for (const [seat, p] of demo.people.entries()) {
      await store.participants.add({
        id: newId(),
        meetingId,
        userId: p.external ? null : (userIds.get(p.username) ?? null),
        guest: p.external
          ? { fullName: p.fullName, title: p.title, organisation: null, email: p.email ?? null, phone: null }
          : null,
        role: p.role,
        votingRight: p.role === 'chair' || p.role === 'delegate',
        seat: String(seat + 1),
        deputyForId: null,
        createdAt: now,
      });
    }
    await seedDemoAgenda(store, demo, meetingId);
  }
  const seeded = (await store.meetings.list({ limit: 500, offset: 0 })).items.find(
    (m) => m.title === demo.meeting.title,
  );
  if (seeded) await seedDemoFollowUp(store, seeded.id, demo.people);
  return lines;
}

/**
 * ---- agenda (helper M) ----
 * Gives the demo meeting its agenda (presenters matched to participants by username) and puts
 * the meeting and its items in the search index. Does nothing when the meeting already has an
 * agenda. The documents seed (helper D, below in main) runs after it and links each PDF to the
 * agenda item with the same title.
 */
async function seedDemoAgenda(store: Store, demo: Demo, meetingId: string): Promise<void> {
  const meeting = await store.meetings.getById(meetingId);
  if (!meeting || (await store.agenda.list(meetingId)).length > 0) return;
  const now = systemClock.now().toISOString();
  const participants = await store.participants.listByMeeting(meetingId);
  const presenterOf = async (username: string | null | undefined) => {
    if (!username) return { presenterId: null, presenterName: null };
    const user = await store.users.getByUsername(username);
    const participant = user ? participants.find((p) => p.userId === user.id) : undefined;
    return {
      presenterId: participant?.id ?? null,
      presenterName: participant ? null : (user?.fullName ?? null),
    };
  };
  const items = [];
  for (const [order, a] of demo.meeting.agenda.entries()) {
    items.push({
      id: newId(),
      meetingId,
      parentId: null,
      order,
      title: a.title,
      description: null,
      ...(await presenterOf(a.presenter)),
      plannedMinutes: a.minutes,
      actualStart: null,
      actualEnd: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  if (items.length > 0) await store.agenda.apply(meetingId, meeting.agendaVersion, { upsert: items }, null);
  await store.search.upsert({
    kind: 'meeting',
    id: meetingId,
    meetingId,
    title: meeting.title,
    text: [meeting.location ?? '', meeting.description ?? ''].filter(Boolean).join('\n'),
  });
  for (const item of items) {
    await store.search.upsert({ kind: 'agenda_item', id: item.id, meetingId, title: item.title, text: '' });
  }
  // The prepared votes (biểu quyết) of the items that have one.
  await seedDemoVotes(store, meetingId, meeting.createdBy, demo.meeting.agenda, now);
}

/** `npm run seed:demo [path/to/demo-meeting.json]`: loads the demo People's Committee meeting. */
async function main(): Promise<void> {
  const file = path.resolve(
    process.argv[2] ?? path.join(here, '..', '..', 'test', 'fixtures', 'demo-meeting.json'),
  );
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const demo = Demo.parse(raw);
  const config = loadConfig(process.env);
  const store = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri });
  try {
    const admin = await ensureAdmin(
      store,
      new AuditService(store, systemClock),
      systemClock,
      config.adminPassword,
    );
    const password = `Demo-${temporaryPassword()}`;
    const lines = await seed(store, demo, password);
    const out = [`Đã nạp dữ liệu mẫu từ ${file} vào ${store.location}.`];
    if (admin.generatedPassword) out.push(`Quản trị: admin / ${admin.generatedPassword}`);
    else if (admin.created) out.push('Quản trị: admin / mật khẩu trong ICABINET_ADMIN_PASSWORD');
    else if (admin.passwordIgnored) process.stderr.write(`Cảnh báo: ${ADMIN_PASSWORD_IGNORED}\n`);
    if (lines.length > 0) out.push(`Tài khoản mẫu (mật khẩu chung: ${password}):`, ...lines);
    else out.push('Các tài khoản mẫu đã có sẵn; không tạo thêm.');
    // ---- documents (helper D): the agenda items' PDFs, through the upload pipeline ----
    const documents = await seedDemoDocuments(
      { config, store, logger: createLogger('warn'), clock: systemClock },
      raw,
      path.dirname(file),
    );
    if (documents.length > 0) out.push('Tài liệu cuộc họp:', ...documents);
    const secretary = demo.people.find((p) => p.role === 'secretary');
    // ---- briefing: the city's sites, their operators and an online meeting linking them ----
    const briefing = await seedDemoBriefing(store, systemClock, {
      fixtures: path.dirname(file),
      passwordHash: await hashPassword(password),
      chairUsername: demo.people.find((p) => p.role === 'chair')?.username,
      secretaryUsername: secretary?.username,
      start: upcoming(demo.meeting.start, demo.meeting.end, new Date(Date.now() + 86_400_000)),
    });
    if (briefing.length > 0) out.push('', ...briefing, `  (mật khẩu chung: ${password})`);
    const seeded = (await store.meetings.list({ limit: 500, offset: 0 })).items.find(
      (m) => m.title === demo.meeting.title,
    );
    if (seeded?.status === 'draft')
      out.push(
        '',
        `Cuộc họp mẫu “${demo.meeting.title}” đang là bản nháp. Thư ký${secretary ? ` (${secretary.username})` : ''} đăng nhập,`,
        'mở cuộc họp và bấm “Công bố” để gửi giấy mời (không có SMTP_URL thì thư nằm trong thư mục outbox).',
      );
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed:demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
