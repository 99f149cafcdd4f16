import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { DEFAULT_QUORUM, type Participant } from '@icabinet/shared';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { MeetingSiteRecord, Store } from '../../store/port.js';
import { AuditService } from '../audit/audit.service.js';
import { SitesService } from './sites.service.js';

export const DEMO_BRIEFING_TITLE =
  'Hội nghị trực tuyến triển khai nhiệm vụ phát triển kinh tế - xã hội tháng 12';

/**
 * ---- briefing (seed:demo) ----
 * The demo's online briefing: the sites of the city (the city hall, 3 districts, 12 communes,
 * from `sites-hanoi.csv`), their operators (`site-operators.csv`, with the demo's common password
 * instead of the file's), and a draft online meeting chaired by the demo chair that links every
 * site — publishing it invites each operator. Runs once: nothing is added when the sites exist.
 */
export async function seedDemoBriefing(
  store: Store,
  clock: Clock,
  opts: {
    fixtures: string;
    passwordHash: string;
    chairUsername: string | undefined;
    secretaryUsername: string | undefined;
    start: { startsAt: string; endsAt: string };
  },
): Promise<string[]> {
  if ((await store.sites.list()).length > 0) return [];
  const admin = await store.users.getByUsername('admin');
  if (!admin) return [];
  const now = clock.now().toISOString();
  const audit = new AuditService(store, clock);
  const lines: string[] = [];

  const operators: string[][] = parseCsv(
    await readFile(path.join(opts.fixtures, 'site-operators.csv'), 'utf8'),
    {
      bom: true,
      from_line: 2,
      skip_empty_lines: true,
    },
  );
  for (const [username = '', fullName = '', title = ''] of operators) {
    if (!username || (await store.users.getByUsername(username))) continue;
    await store.users.create({
      id: newId(),
      username,
      fullName,
      title,
      unitId: null,
      email: `${username}@demo.icabinet.local`,
      phone: null,
      systemRole: 'member',
      active: true,
      mustChangePassword: false,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
      passwordHash: opts.passwordHash,
    });
    lines.push(`  ${username.padEnd(12)} ${fullName} — ${title}`);
  }

  const actor = { user: admin, sessionId: 'seed:demo', idleExpiresAt: now, expiresAt: now };
  const csv = await readFile(path.join(opts.fixtures, 'sites-hanoi.csv'), 'utf8');
  const imported = await new SitesService(store, audit, clock).importCsv(actor, csv, '127.0.0.1');

  const userId = async (username: string | undefined) =>
    username ? ((await store.users.getByUsername(username))?.id ?? null) : null;
  const chairId = await userId(opts.chairUsername);
  const secretaryId = (await userId(opts.secretaryUsername)) ?? admin.id;
  const meetingId = newId();
  await store.meetings.create({
    id: meetingId,
    title: DEMO_BRIEFING_TITLE,
    description: 'Hội nghị trực tuyến với các điểm cầu quận, huyện, xã, phường (dữ liệu mẫu).',
    agendaVersion: 0,
    seriesId: null,
    sharedAnnotationsOpen: false,
    kind: 'online',
    location: 'Điểm cầu chính: Hội trường UBND Thành phố',
    ...opts.start,
    status: 'draft',
    confidentiality: 'internal',
    chairId,
    quorumRule: DEFAULT_QUORUM,
    statusReason: null,
    createdBy: secretaryId,
    createdAt: now,
    updatedAt: now,
    version: 0,
  });
  const participants: Participant[] = [];
  const person = (userId: string, role: Participant['role'], votingRight: boolean): Participant => ({
    id: newId(),
    meetingId,
    userId,
    guest: null,
    role,
    votingRight,
    seat: null,
    deputyForId: null,
    createdAt: now,
  });
  if (chairId) participants.push(person(chairId, 'chair', true));
  if (secretaryId !== admin.id) participants.push(person(secretaryId, 'secretary', false));
  // Every site is linked; its operator follows the briefing as an observer, as linking in the app does.
  const links: MeetingSiteRecord[] = [];
  for (const site of await store.sites.list()) {
    let participantId: string | null = null;
    if (site.operatorId && !participants.some((p) => p.userId === site.operatorId)) {
      const observer = person(site.operatorId, 'observer', false);
      participants.push(observer);
      participantId = observer.id;
    }
    links.push({
      meetingId,
      siteId: site.id,
      participantId,
      linkedAt: now,
      connectedAt: null,
      lastSeenAt: null,
      disconnectedAt: null,
      report: null,
    });
  }
  await store.transaction(async () => {
    await store.participants.addMany(participants);
    await store.sites.setLinks(meetingId, links, []);
  });
  return [
    `Hội nghị trực tuyến mẫu “${DEMO_BRIEFING_TITLE}”: ${imported.imported} điểm cầu ` +
      `(${imported.byLevel.district} quận/huyện, ${imported.byLevel.commune} xã/phường); cán bộ điều hành điểm cầu:`,
    ...lines,
  ];
}
