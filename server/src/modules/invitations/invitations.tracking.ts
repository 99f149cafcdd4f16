import {
  authorize,
  csvField,
  type Channel,
  type ResendInput,
  type Delivery,
  type Invitation,
  type InvitationCounts,
  type InvitationFigures,
  type InvitationStatus,
  type MeetingStatus,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { InvitationRecord } from '../../store/invitations.port.js';
import { formatViDateTime } from './templates.js';
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

  async csv(actor: Actor, meetingId: string): Promise<{ filename: string; body: string }> {
    const meeting = await requireEditor(this.deps.store, actor, meetingId);
    const items = await this.deps.invitations.listByMeeting(meetingId);
    const attendance = (await this.deps.store.room.get(meetingId))?.state.attendance ?? {};
    const header = [
      'Họ và tên',
      'Chức vụ',
      'Thư điện tử',
      'Điện thoại',
      'Trả lời',
      'Lý do',
      'Người dự thay',
      'Trong ứng dụng',
      'Thư điện tử (gửi)',
      'SMS/Zalo',
      'Đã mở đường dẫn',
      'Thời điểm trả lời',
      'Có mặt (điểm danh)',
    ];
    // Quote everything; shared's writer neutralises spreadsheet formulas (CSV injection).
    const cell = (v: string | null | undefined) => csvField(v, { quoteAll: true });
    const delivery = (i: InvitationRecord, c: Channel) => {
      const d = i.deliveries.find((x) => x.channel === c);
      return d
        ? `${DELIVERY_VI[d.status]}${d.lastError && d.status === 'failed' ? ` (${d.lastError})` : ''}`
        : '—';
    };
    const rows = items.map((i) =>
      [
        i.recipientName,
        i.recipientTitle,
        i.email,
        i.phone,
        STATUS_VI[i.status],
        i.reason,
        i.deputy ? [i.deputy.fullName, i.deputy.title].filter(Boolean).join(', ') : null,
        delivery(i, 'in_app'),
        delivery(i, 'email'),
        delivery(i, 'webhook'),
        i.openedAt ? formatViDateTime(i.openedAt) : 'Chưa',
        i.repliedAt ? formatViDateTime(i.repliedAt) : null,
        attendance[i.participantId]?.arrivedAt
          ? formatViDateTime(attendance[i.participantId]!.arrivedAt!)
          : 'Chưa',
      ]
        .map(cell)
        .join(','),
    );
    const slug = meeting.startsAt.slice(0, 10);
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
      filename: `giay-moi-${slug}.csv`,
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
    const unitCostVnd = this.deps.settings.unitCostVnd;
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

const STATUS_VI: Record<InvitationStatus, string> = {
  pending: 'Chưa trả lời',
  attending: 'Tham dự',
  declined: 'Vắng',
  deputy_pending: 'Cử người dự thay (chờ duyệt)',
  deputy_approved: 'Cử người dự thay (đã duyệt)',
  deputy_rejected: 'Người dự thay không được duyệt',
};

const DELIVERY_VI: Record<Delivery['status'], string> = {
  queued: 'Đang chờ gửi',
  sent: 'Đã gửi',
  delivered: 'Đã nhận',
  failed: 'Gửi lỗi',
};

/** Meeting statuses in which invitations are no longer sent again. */
const RESEND_CLOSED: readonly MeetingStatus[] = ['ended', 'closed', 'cancelled'];
