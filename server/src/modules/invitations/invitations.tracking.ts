import {
  authorize,
  csvField,
  formatLongDateTime,
  type Channel,
  type ResendInput,
  type Invitation,
  type InvitationCounts,
  type InvitationFigures,
  type MeetingStatus,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { InvitationRecord } from '../../store/invitations.port.js';
import { t, type Lang, type MessageKey } from '../../i18n/messages.js';
import { smsInvitationCost } from '../reports/unit-costs.js';
import type { InvitationDelivery } from './invitations.delivery.js';
import { countsOf, present, requireEditor, type InvitationsDeps } from './invitations.shared.js';

/** The secretariat's tracking view: who replied, how each delivery went, resends, CSV, figures. */
export class InvitationTracking {
  constructor(
    private readonly deps: InvitationsDeps,
    private readonly delivery: InvitationDelivery,
  ) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  async listForMeeting(
    actor: Actor,
    meetingId: string,
  ): Promise<{ items: Invitation[]; counts: InvitationCounts }> {
    await requireEditor(this.deps.store, actor, meetingId);
    // Reconciled with the room's attendance: someone who checked in came, whatever they replied.
    const attendance = (await this.deps.store.room.get(meetingId))?.state.attendance ?? {};
    const items = (await this.deps.invitations.listByMeeting(meetingId))
      .map((i) => ({ ...present(i), arrivedAt: attendance[i.participantId]?.arrivedAt ?? null }))
      .sort((a, b) => NAME_ORDER.compare(a.recipientName, b.recipientName));
    return { items, counts: countsOf(items) };
  }

  /**
   * Sends the invitation again (a new delivery, same link) on every channel, or with
   * `only: 'failed'` on the channels whose delivery failed; 409 when none did.
   */
  async resend(
    actor: Actor,
    meetingId: string,
    invitationId: string,
    input: ResendInput = {},
  ): Promise<Invitation> {
    const meeting = await requireEditor(this.deps.store, actor, meetingId);
    const inv = await this.deps.invitations.getById(invitationId);
    if (!inv || inv.meetingId !== meetingId) throw errors.notFound('invitation_not_found');
    // An invitation to a meeting that is over (or called off) has nothing left to invite to.
    if (RESEND_CLOSED.includes(meeting.status))
      throw errors.invalidState('invitation_meeting_over', { status: meeting.status });
    const failed = new Set(inv.deliveries.filter((d) => d.status === 'failed').map((d) => d.channel));
    if (input.only === 'failed' && failed.size === 0) throw errors.invalidState('invitation_nothing_failed');
    const only = input.only === 'failed' ? (c: Channel) => failed.has(c) : undefined;
    await this.delivery.enqueueAll(inv, 'invitation', inv.sequence, [], null, `:resend:${this.now()}`, only);
    return present((await this.deps.invitations.getById(invitationId)) ?? inv);
  }

  /** The list as a spreadsheet, in the language of the request (Vietnamese by default). */
  async csv(actor: Actor, meetingId: string, lang: Lang = 'vi'): Promise<{ filename: string; body: string }> {
    const meeting = await requireEditor(this.deps.store, actor, meetingId);
    const items = await this.deps.invitations.listByMeeting(meetingId);
    const attendance = (await this.deps.store.room.get(meetingId))?.state.attendance ?? {};
    const header = CSV_COLUMNS.map((key) => t(lang, key));
    // Quote everything; shared's writer neutralises spreadsheet formulas (CSV injection).
    const cell = (v: string | null | undefined) => csvField(v, { quoteAll: true });
    const when = (at: string | null | undefined) => (at ? formatLongDateTime(at, lang) : null);
    const notYet = t(lang, 'invitation_csv_not_yet');
    const delivery = (i: InvitationRecord, c: Channel) => {
      const d = i.deliveries.find((x) => x.channel === c);
      if (!d) return '—';
      const state = t(lang, `invitation_csv_delivery_${d.status}`);
      return d.lastError && d.status === 'failed' ? `${state} (${d.lastError})` : state;
    };
    const rows = items.map((i) =>
      [
        i.recipientName,
        i.recipientTitle,
        i.email,
        i.phone,
        t(lang, `invitation_csv_status_${i.status}`),
        i.reason,
        i.deputy ? [i.deputy.fullName, i.deputy.title].filter(Boolean).join(', ') : null,
        delivery(i, 'in_app'),
        delivery(i, 'email'),
        delivery(i, 'webhook'),
        when(i.openedAt) ?? notYet,
        when(i.repliedAt),
        when(attendance[i.participantId]?.arrivedAt) ?? notYet,
      ]
        .map(cell)
        .join(','),
    );
    // Personal data (names, e-mail, phone) leaves the system: the export itself is audited.
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'export.invitations_csv',
      targetType: 'meeting',
      targetId: meetingId,
      data: { rows: rows.length },
      ip: actor.ip ?? null,
    });
    // UTF-8 with BOM and CRLF: Excel then shows Vietnamese names correctly.
    return {
      filename: t(lang, 'invitation_csv_filename', { date: meeting.startsAt.slice(0, 10) }),
      body: '\uFEFF' + [header.map(cell).join(','), ...rows].join('\r\n') + '\r\n',
    };
  }

  async figures(actor: Actor, from: string | null, to: string | null): Promise<InvitationFigures> {
    if (!authorize({ systemRole: actor.user.systemRole }, 'meeting:create')) throw errors.forbidden();
    const { invitations, meetings } = await this.deps.invitations.countDelivered(
      ['email', 'webhook', 'in_app'],
      from,
      to,
    );
    // The administrator's unit cost (Cài đặt → Đơn giá) wins over the environment's.
    const unitCostVnd = await smsInvitationCost(this.deps.store, this.deps.settings.unitCostVnd);
    return {
      from,
      to,
      meetings,
      invitations,
      deliveredDigitally: invitations,
      unitCostVnd,
      savedVnd: invitations * unitCostVnd,
    };
  }
}

/** People are listed in Vietnamese alphabetical order (Đ after D, not after Z). */
const NAME_ORDER = new Intl.Collator('vi');

/** The export's columns, in order. */
const CSV_COLUMNS: readonly MessageKey[] = [
  'invitation_csv_name',
  'invitation_csv_title',
  'invitation_csv_email',
  'invitation_csv_phone',
  'invitation_csv_answer',
  'invitation_csv_reason',
  'invitation_csv_deputy',
  'invitation_csv_in_app',
  'invitation_csv_email_sent',
  'invitation_csv_webhook',
  'invitation_csv_opened',
  'invitation_csv_replied',
  'invitation_csv_arrived',
];

/** Meeting statuses in which invitations are no longer sent again. */
const RESEND_CLOSED: readonly MeetingStatus[] = ['ended', 'closed', 'cancelled'];
