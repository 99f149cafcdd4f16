import {
  PILOT_FIGURES,
  TIME_ZONE_OFFSET_MS,
  type AgendaTimeRow,
  type AttendanceRow,
  type MeetingReport,
  type MeetingStatus,
  type PeriodMeetingRow,
  type PeriodQuery,
  type PeriodReport,
  type PeriodTasks,
  type Savings,
  type SpeakerRow,
  type UnitCosts,
  type VoteRow,
} from '@icabinet/shared';
import { callerOfActor, type MeetingAccess } from '../../access/meeting-access.js';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { depthFirst } from '../../store/agenda-order.js';
import type { InvitationRecord } from '../../store/invitations.port.js';
import type { MeetingRecord, MeetingVisibility, Store } from '../../store/port.js';
import { meetingTasks } from './meeting-tasks.js';

/** The store a report reads: the meeting's record as the other modules keep it. */
export type ReportStore = Pick<
  Store,
  | 'meetings'
  | 'participants'
  | 'users'
  | 'units'
  | 'invitations'
  | 'room'
  | 'agenda'
  | 'votes'
  | 'documents'
  | 'settings'
  | 'tasks'
  | 'conclusions'
>;

export interface ReportsDeps {
  store: ReportStore;
  access: MeetingAccess;
  clock: Clock;
  /** The unit costs in force (the administrator's, over the environment's defaults). */
  costs: () => Promise<UnitCosts>;
  /** Figures of the tasks due in a period (days of the city's calendar, both included). */
  tasks?: (actor: Actor, from: string, to: string) => Promise<PeriodTasks | null>;
}

/** Statuses of a meeting that has been held: its report can be drawn up. */
const HELD: readonly MeetingStatus[] = ['ended', 'closed'];

const minutesBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

const delivered = (inv: InvitationRecord, channels: readonly string[]): boolean =>
  inv.deliveries.some(
    (d) => channels.includes(d.channel) && (d.status === 'sent' || d.status === 'delivered'),
  );

/** How a meeting's invitations went out: digitally (app, e-mail), through the SMS/Zalo gateway. */
export function invitationFigures(invitations: readonly InvitationRecord[]): {
  total: number;
  digital: number;
  gateway: number;
  /** Delivered digitally and not by the gateway: an SMS (and a paper invitation) saved. */
  digitalOnly: number;
} {
  let digital = 0;
  let gateway = 0;
  let digitalOnly = 0;
  for (const inv of invitations) {
    const d = delivered(inv, ['in_app', 'email']);
    const g = delivered(inv, ['webhook']);
    if (d) digital += 1;
    if (g) gateway += 1;
    if (d && !g) digitalOnly += 1;
  }
  return { total: invitations.length, digital, gateway, digitalOnly };
}

/** What was saved: invitations not sent by SMS, and pages × copies not printed, at the unit costs. */
export function savingsOf(
  input: { invitationsDigital: number; pages: number; pagesNotPrinted: number },
  costs: UnitCosts,
): Savings {
  const invitationSavedVnd = input.invitationsDigital * costs.smsInvitationVnd;
  const printSavedVnd = input.pagesNotPrinted * costs.printedPageVnd;
  return {
    invitationsDigital: input.invitationsDigital,
    invitationSavedVnd,
    pages: input.pages,
    copies: input.pages > 0 ? Math.round((input.pagesNotPrinted / input.pages) * 10) / 10 : 0,
    pagesNotPrinted: input.pagesNotPrinted,
    printSavedVnd,
    totalVnd: invitationSavedVnd + printSavedVnd,
  };
}

/** The first instant of a day of the city's calendar (UTC+7), as an ISO instant. */
export const dayStart = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - TIME_ZONE_OFFSET_MS).toISOString();

/** The first instant after the last day of a period (exclusive end). */
export const dayAfter = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000 - TIME_ZONE_OFFSET_MS).toISOString();

/**
 * The reports: one meeting's record once it has ended (for its organisers), and the figures of
 * a period (for the secretariat). They only read what the other modules stored — the live room's
 * record, the agenda, the documents, the invitations' deliveries, the votes.
 */
export class ReportsService {
  constructor(private readonly deps: ReportsDeps) {}

  /** The report of a meeting that has been held; 409 before it ends. */
  async meeting(actor: Actor, meetingId: string): Promise<MeetingReport> {
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'organise');
    const meeting = standing.meeting;
    if (!HELD.includes(meeting.status))
      throw errors.invalidState('report_meeting_not_ended', { status: meeting.status });
    return this.build(actor, meeting);
  }

  private async build(actor: Actor, meeting: MeetingRecord): Promise<MeetingReport> {
    const { store } = this.deps;
    const [participants, invitations, room, items, votes, documents, units, costs] = await Promise.all([
      store.participants.listByMeeting(meeting.id),
      store.invitations.listByMeeting(meeting.id),
      store.room.get(meeting.id),
      store.agenda.list(meeting.id),
      store.votes.listByMeeting(meeting.id),
      store.documents.listByMeeting(meeting.id),
      store.units.list(),
      this.deps.costs(),
    ]);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const state = room?.state ?? null;

    // People: names, titles and units, the way the minutes name them.
    const people = await Promise.all(
      participants.map(async (p) => {
        const user = p.userId ? await store.users.getById(p.userId) : null;
        return {
          p,
          name: user?.fullName ?? p.guest?.fullName ?? '—',
          title: user?.title ?? p.guest?.title ?? null,
          unitName: user?.unitId ? (unitName.get(user.unitId) ?? null) : (p.guest?.organisation ?? null),
        };
      }),
    );
    const nameOf = new Map(people.map((x) => [x.p.id, x.name]));
    const invitationOf = new Map<string, InvitationRecord>();
    for (const inv of invitations) if (!inv.deputyForInvitationId) invitationOf.set(inv.participantId, inv);
    const attended = (id: string) => {
      const r = state?.attendance[id];
      return !!r && (r.present || r.arrivedAt !== null);
    };

    const rows: AttendanceRow[] = people.map(({ p, name, title, unitName: unit }): AttendanceRow => {
      const record = state?.attendance[p.id];
      const inv = invitationOf.get(p.id);
      const deputy = people.find((d) => d.p.deputyForId === p.id);
      const proposed = inv?.deputy && inv.status !== 'deputy_rejected' ? inv.deputy.fullName : null;
      const deputyName = deputy?.name ?? proposed;
      const present = attended(p.id);
      const deputyCame = deputy ? attended(deputy.p.id) : proposed !== null;
      return {
        participantId: p.id,
        name,
        title,
        unitName: unit,
        role: p.role,
        votingRight: p.votingRight,
        attendance: present ? 'present' : deputyName && deputyCame ? 'deputy' : 'absent',
        arrivedAt: record?.arrivedAt ?? null,
        leftAt: record?.leftAt ?? null,
        reply: inv?.status ?? null,
        reason: inv?.reason ?? null,
        deputyName: present ? null : (deputyName ?? null),
        deputyFor: p.deputyForId ? (nameOf.get(p.deputyForId) ?? null) : null,
      };
    });
    const principals = rows.filter((r) => r.deputyFor === null);

    // Agenda: planned against actual, numbered as the agenda shows it.
    const ordered = depthFirst(items);
    const numbers = new Map<string, string>();
    let top = 0;
    const childCount = new Map<string, number>();
    for (const item of ordered) {
      if (item.parentId === null) numbers.set(item.id, String(++top));
      else {
        const n = (childCount.get(item.parentId) ?? 0) + 1;
        childCount.set(item.parentId, n);
        numbers.set(item.id, `${numbers.get(item.parentId) ?? '?'}.${n}`);
      }
    }
    const titleOf = new Map(items.map((i) => [i.id, i.title]));
    const agendaRows: AgendaTimeRow[] = ordered.map((item) => {
      const times = state?.itemTimes[item.id];
      const start = times?.actualStart ?? item.actualStart ?? null;
      const end = times?.actualEnd ?? item.actualEnd ?? null;
      return {
        itemId: item.id,
        number: numbers.get(item.id) ?? '',
        title: item.title,
        presenter: item.presenterId ? (nameOf.get(item.presenterId) ?? null) : (item.presenterName ?? null),
        plannedMinutes: item.plannedMinutes,
        actualStart: start,
        actualEnd: end,
        actualMinutes: start && end ? minutesBetween(start, end) : null,
      };
    });
    // Sub-items share their parent's time: only top-level items add up.
    const topRows = agendaRows.filter((r) => !r.number.includes('.'));
    const startedAt = state?.startedAt ?? meeting.startedAt ?? null;
    const endedAt = state?.endedAt ?? meeting.endedAt ?? null;

    // Speaking time per person, longest first.
    const speakers = new Map<string, SpeakerRow>();
    for (const s of state?.speeches ?? []) {
      const row = speakers.get(s.participantId) ?? {
        participantId: s.participantId,
        name: nameOf.get(s.participantId) ?? s.name,
        speeches: 0,
        seconds: 0,
        plannedSeconds: 0,
        overruns: 0,
      };
      row.speeches += 1;
      row.seconds += Math.max(0, Math.round(s.spokenSeconds));
      row.plannedSeconds += s.plannedSeconds;
      if (s.spokenSeconds > s.plannedSeconds) row.overruns += 1;
      speakers.set(s.participantId, row);
    }

    const documentRows = documents.map((d) => ({
      id: d.id,
      name: d.name,
      pages: d.pages,
      versionNo: d.versionNo,
      agendaItem: d.agendaItemId ? (titleOf.get(d.agendaItemId) ?? null) : null,
    }));
    const pages = documentRows.reduce((sum, d) => sum + d.pages, 0);

    const voteRows: VoteRow[] = votes
      .filter((v) => v.state !== 'prepared')
      .map((v): VoteRow => ({
        id: v.id,
        question: v.question,
        agendaItem: v.agendaItemId ? (titleOf.get(v.agendaItemId) ?? null) : null,
        kind: v.kind,
        state: v.state,
        rule: v.rule,
        verdict: v.state === 'closed' ? (v.result?.verdict ?? null) : null,
        counts: (v.result?.counts ?? []).map((c) => ({
          label: v.options.find((o) => o.id === c.id)?.label ?? c.id,
          count: c.count,
        })),
        cast: v.result?.cast ?? null,
        members: v.result?.members ?? v.members,
        required: v.result?.required ?? null,
        closedAt: v.closedAt,
      }));

    // The follow-up: the tasks made from the conclusions, as far as this reader may see them.
    const tasks = await meetingTasks(
      store,
      actor,
      meeting.id,
      { numbers, order: ordered.map((i) => i.id) },
      this.deps.clock.now(),
    );

    const inv = invitationFigures(invitations);
    const copies = costs.copiesPerDocument ?? participants.length;
    return {
      meeting: {
        id: meeting.id,
        title: meeting.title,
        kind: meeting.kind,
        status: meeting.status,
        location: meeting.location,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        startedAt,
        endedAt,
        chair: people.find((x) => x.p.role === 'chair')?.name ?? null,
      },
      attendance: {
        rows,
        invited: principals.length,
        present: principals.filter((r) => r.attendance === 'present').length,
        deputised: principals.filter((r) => r.attendance === 'deputy').length,
        absent: principals.filter((r) => r.attendance === 'absent').length,
      },
      agenda: {
        rows: agendaRows,
        plannedMinutes: topRows.reduce((sum, r) => sum + r.plannedMinutes, 0),
        actualMinutes: topRows.reduce((sum, r) => sum + (r.actualMinutes ?? 0), 0),
        meetingMinutes: startedAt && endedAt ? minutesBetween(startedAt, endedAt) : null,
      },
      speakers: [...speakers.values()].sort(
        (a, b) => b.seconds - a.seconds || a.name.localeCompare(b.name, 'vi'),
      ),
      documents: { rows: documentRows, pages },
      votes: voteRows,
      tasks,
      invitations: { total: inv.total, digital: inv.digital, gateway: inv.gateway },
      savings: savingsOf(
        { invitationsDigital: inv.digitalOnly, pages, pagesNotPrinted: pages * copies },
        costs,
      ),
      costs,
      generatedAt: this.deps.clock.now().toISOString(),
    };
  }

  /** Which meetings the caller may count: every one for administrators, else what they may see. */
  private visibility(actor: Actor): MeetingVisibility | undefined {
    if (actor.user.systemRole === 'admin') return undefined;
    return { userId: actor.user.id, nonConfidential: actor.user.systemRole === 'secretary' };
  }

  /**
   * The figures of the meetings that started in a period (days of the city's calendar, both
   * included): the secretariat and administrators only.
   */
  async period(actor: Actor, query: PeriodQuery): Promise<PeriodReport> {
    if (actor.user.systemRole === 'member') throw errors.forbidden('report_forbidden');
    const { store } = this.deps;
    const from = dayStart(query.from);
    const to = dayAfter(query.to);
    const costs = await this.deps.costs();
    const meetings: MeetingRecord[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await store.meetings.list({
        from,
        to,
        visibleTo: this.visibility(actor),
        order: 'asc',
        limit: 500,
        offset,
      });
      meetings.push(...page.items);
      if (page.items.length < 500 || meetings.length >= page.total) break;
    }
    const inPeriod = meetings.filter((m) => m.startsAt >= from && m.startsAt < to);
    const held = inPeriod.filter((m) => HELD.includes(m.status));
    const counts = await store.participants.countByMeetings(held.map((m) => m.id));

    const rows: PeriodMeetingRow[] = [];
    let plannedMinutes = 0;
    let actualMinutes = 0;
    const invitations = { total: 0, digital: 0, gateway: 0, digitalOnly: 0 };
    let documentCount = 0;
    let pages = 0;
    let pagesNotPrinted = 0;
    for (const m of held) {
      const [docs, invs, room, items] = await Promise.all([
        store.documents.listByMeeting(m.id),
        store.invitations.listByMeeting(m.id),
        store.room.get(m.id),
        store.agenda.list(m.id),
      ]);
      const participants = counts.get(m.id) ?? 0;
      const state = room?.state;
      const started = state?.startedAt ?? m.startedAt;
      const ended = state?.endedAt ?? m.endedAt;
      plannedMinutes += items.filter((i) => i.parentId === null).reduce((s, i) => s + i.plannedMinutes, 0);
      if (started && ended) actualMinutes += minutesBetween(started, ended);
      const inv = invitationFigures(invs);
      invitations.total += inv.total;
      invitations.digital += inv.digital;
      invitations.gateway += inv.gateway;
      invitations.digitalOnly += inv.digitalOnly;
      const meetingPages = docs.reduce((s, d) => s + d.pages, 0);
      const copies = costs.copiesPerDocument ?? participants;
      documentCount += docs.length;
      pages += meetingPages;
      pagesNotPrinted += meetingPages * copies;
      const present = Object.values(state?.attendance ?? {}).filter((a) => a.present || a.arrivedAt).length;
      rows.push({
        id: m.id,
        title: m.title,
        startsAt: m.startsAt,
        status: m.status,
        participants,
        present,
        documents: docs.length,
        pages: meetingPages,
        invitations: inv.total,
        invitationsDigital: inv.digitalOnly,
        savedVnd: savingsOf(
          {
            invitationsDigital: inv.digitalOnly,
            pages: meetingPages,
            pagesNotPrinted: meetingPages * copies,
          },
          costs,
        ).totalVnd,
      });
    }
    const savings = savingsOf({ invitationsDigital: invitations.digitalOnly, pages, pagesNotPrinted }, costs);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    const perMonth = (n: number) => Math.round((n * 30) / days);
    return {
      from: query.from,
      to: query.to,
      meetings: {
        held: held.length,
        cancelled: inPeriod.filter((m) => m.status === 'cancelled').length,
        plannedMinutes,
        actualMinutes,
      },
      rows,
      invitations: { total: invitations.total, digital: invitations.digital, gateway: invitations.gateway },
      documents: { count: documentCount, pages },
      savings,
      monthly: {
        invitationsDigital: perMonth(invitations.digitalOnly),
        documents: perMonth(documentCount),
        savedVnd: perMonth(savings.totalVnd),
      },
      pilot: PILOT_FIGURES,
      tasks: this.deps.tasks ? await this.deps.tasks(actor, query.from, query.to) : null,
      costs,
      generatedAt: this.deps.clock.now().toISOString(),
    };
  }
}
