import { formatDateTime, formatTime, type Participant, type Vote } from '@icabinet/shared';
import { depthFirst } from '../../store/agenda-order.js';
import type { InvitationRecord } from '../../store/invitations.port.js';
import type { AgendaItemRecord, MeetingRecord, Store } from '../../store/port.js';
import { t } from '../../i18n/messages.js';
import type { Block, Inline } from './minutes.blocks.js';

/** The store the prefill reads: the room's record of the meeting. */
export type RecordStore = Pick<
  Store,
  'meetings' | 'participants' | 'users' | 'invitations' | 'room' | 'agenda' | 'votes'
>;

const at = (iso: string | null | undefined): string => (iso ? formatDateTime(iso, 'vi') : '—');
const clock = (iso: string | null | undefined): string => (iso ? formatTime(iso, 'vi') : '—');

/** "5 phút 20 giây", "45 giây". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m === 0) return `${rest} giây`;
  return rest === 0 ? `${m} phút` : `${m} phút ${rest} giây`;
}

const minutesBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

interface Person {
  participant: Participant;
  name: string;
  title: string | null;
}

/** The vote's result as the minutes quote it: verdict, counts per option, and the rule it was held to. */
export function voteLine(vote: Vote): Inline[] {
  const result = vote.result;
  if (!result) return [vote.question];
  const counts = result.counts
    .map((c) => `${vote.options.find((o) => o.id === c.id)?.label ?? c.id}: ${c.count}`)
    .join(', ');
  const rule = t('vi', `vote_rule_${result.rule}`);
  return [
    `${vote.question} — `,
    { text: t('vi', `vote_verdict_${result.verdict}`), bold: true },
    ` (${counts}; ${result.cast}/${result.members} thành viên đã biểu quyết; quy tắc: ${rule.toLowerCase()}, cần ${result.required} phiếu).`,
  ];
}

/** What the minutes start from: the meeting's details and the room's record, as blocks. */
export async function recordBlocks(store: RecordStore, meeting: MeetingRecord): Promise<Block[]> {
  const [participants, invitations, room, items, votes] = await Promise.all([
    store.participants.listByMeeting(meeting.id),
    store.invitations.listByMeeting(meeting.id),
    store.room.get(meeting.id),
    store.agenda.list(meeting.id),
    store.votes.listByMeeting(meeting.id),
  ]);
  const people: Person[] = [];
  for (const p of participants) {
    const user = p.userId ? await store.users.getById(p.userId) : null;
    people.push({
      participant: p,
      name: user?.fullName ?? p.guest?.fullName ?? '—',
      title: user?.title ?? p.guest?.title ?? null,
    });
  }
  const byId = new Map(people.map((p) => [p.participant.id, p]));
  const invitationOf = new Map<string, InvitationRecord>();
  for (const inv of invitations) if (!inv.deputyForInvitationId) invitationOf.set(inv.participantId, inv);
  const state = room?.state ?? null;
  const label = (p: Person) => (p.title ? `${p.name}, ${p.title}` : p.name);

  const blocks: Block[] = [
    { type: 'heading', level: 1, text: ['BIÊN BẢN CUỘC HỌP'] },
    { type: 'paragraph', text: [{ text: meeting.title, bold: true }] },
    { type: 'heading', level: 2, text: ['I. Thời gian, địa điểm'] },
    {
      type: 'bulletList',
      items: [
        [`Thời gian theo giấy mời: ${at(meeting.startsAt)} – ${clock(meeting.endsAt)}`],
        [
          `Thời gian thực tế: bắt đầu ${at(state?.startedAt ?? meeting.startedAt)}, kết thúc ${at(state?.endedAt ?? meeting.endedAt)}`,
        ],
        [`Địa điểm: ${meeting.location ?? '—'}`],
      ],
    },
    { type: 'heading', level: 2, text: ['II. Thành phần'] },
  ];
  const chairs = people.filter((p) => p.participant.role === 'chair');
  const secretaries = people.filter((p) => p.participant.role === 'secretary');
  blocks.push({
    type: 'bulletList',
    items: [
      [{ text: 'Chủ trì: ', bold: true }, chairs.map(label).join('; ') || '—'],
      [{ text: 'Thư ký: ', bold: true }, secretaries.map(label).join('; ') || '—'],
    ],
  });

  const present: Inline[][] = [];
  const absent: Inline[][] = [];
  for (const p of people) {
    const record = state?.attendance[p.participant.id];
    const attended = !!record && (record.present || record.arrivedAt !== null);
    const principal = p.participant.deputyForId ? byId.get(p.participant.deputyForId) : undefined;
    if (attended) {
      const arrived = record.arrivedAt ? ` (có mặt lúc ${clock(record.arrivedAt)})` : '';
      present.push([label(p) + (principal ? ` — dự thay ${principal.name}` : '') + arrived]);
      continue;
    }
    if (principal) continue;
    const inv = invitationOf.get(p.participant.id);
    const deputy = people.find((d) => d.participant.deputyForId === p.participant.id);
    let why = 'không rõ lý do';
    if (deputy) why = `cử ${deputy.name} dự thay`;
    else if (inv?.status === 'declined') why = `lý do: ${inv.reason ?? 'không nêu'}`;
    else if (inv?.deputy && inv.status !== 'deputy_rejected') why = `cử ${inv.deputy.fullName} dự thay`;
    absent.push([label(p) + ` — ${why}`]);
  }
  blocks.push({ type: 'heading', level: 3, text: [`Có mặt (${present.length})`] });
  blocks.push(present.length ? { type: 'bulletList', items: present } : { type: 'paragraph', text: ['—'] });
  blocks.push({ type: 'heading', level: 3, text: [`Vắng mặt (${absent.length})`] });
  blocks.push(absent.length ? { type: 'bulletList', items: absent } : { type: 'paragraph', text: ['—'] });

  blocks.push({ type: 'heading', level: 2, text: ['III. Nội dung'] });
  const ordered = depthFirst(items);
  const times = (item: AgendaItemRecord) => {
    const t = state?.itemTimes[item.id];
    return { start: t?.actualStart ?? item.actualStart, end: t?.actualEnd ?? item.actualEnd };
  };
  if (ordered.length) {
    blocks.push({
      type: 'table',
      header: ['Nội dung', 'Dự kiến', 'Thực tế'],
      rows: ordered.map((item, i) => {
        const { start, end } = times(item);
        const actual = start
          ? `${clock(start)}–${end ? clock(end) : '…'}${end ? ` (${minutesBetween(start, end)} phút)` : ''}`
          : 'Chưa thảo luận';
        return [`${i + 1}. ${item.title}`, `${item.plannedMinutes} phút`, actual];
      }),
    });
  }
  const speeches = state?.speeches ?? [];
  const closed = votes.filter((v) => v.state === 'closed' && v.result);
  const discussion = (itemId: string | null): Block[] => {
    const out: Block[] = [];
    const spoken = speeches.filter((s) => s.agendaItemId === itemId);
    if (spoken.length) {
      out.push({ type: 'paragraph', text: [{ text: 'Ý kiến phát biểu:', italic: true }] });
      out.push({
        type: 'bulletList',
        items: spoken.map((s) => [
          `${s.name} — ${duration(s.spokenSeconds)} (${clock(s.startedAt)}–${clock(s.endedAt)})${
            s.kind === 'point_of_order' ? ', kiến nghị về thủ tục' : ''
          }`,
        ]),
      });
    }
    const held = closed.filter((v) => v.agendaItemId === itemId);
    if (held.length) {
      out.push({ type: 'paragraph', text: [{ text: 'Biểu quyết:', italic: true }] });
      out.push({ type: 'bulletList', items: held.map(voteLine) });
    }
    return out;
  };
  ordered.forEach((item, i) => {
    const { start, end } = times(item);
    const presenter = item.presenterId ? byId.get(item.presenterId)?.name : item.presenterName;
    blocks.push({ type: 'heading', level: 3, text: [`${i + 1}. ${item.title}`] });
    const planned = `Dự kiến ${item.plannedMinutes} phút`;
    const actual = start
      ? `; thực tế ${clock(start)}–${end ? clock(end) : '…'}${end ? ` (${minutesBetween(start, end)} phút)` : ''}`
      : '; chưa thảo luận';
    blocks.push({
      type: 'paragraph',
      text: [presenter ? `Trình bày: ${presenter}. ` : '', `${planned}${actual}.`],
    });
    blocks.push(...discussion(item.id));
    blocks.push({ type: 'paragraph', text: [''] });
  });
  const other = discussion(null);
  if (other.length) {
    blocks.push({ type: 'heading', level: 3, text: ['Ý kiến và biểu quyết khác'] });
    blocks.push(...other);
  }
  blocks.push({ type: 'heading', level: 2, text: ['IV. Kết luận'] });
  blocks.push({ type: 'paragraph', text: [''] });
  blocks.push({
    type: 'paragraph',
    text: [{ text: `Cuộc họp kết thúc lúc ${at(state?.endedAt ?? meeting.endedAt)}.`, italic: true }],
  });
  return blocks;
}
