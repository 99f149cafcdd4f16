import type { AgendaItem, MeetingRole, Participant } from '@icabinet/shared';
import type { MeetingRecord, OfficialDocumentRecord, ConclusionRecord } from '../../store/port.js';
import {
  conclusionNoticePdfWithArea,
  type ConclusionNoticeContent,
} from '../official-documents/conclusion-notice.pdf.js';
import type { SignatureArea } from '../official-documents/decree30.layout.js';
import { documentSymbol } from '../official-documents/decree30.js';
import type { ConclusionsDeps } from './conclusions.shared.js';

/** Who is listed first among those who took part. */
const ROLE_ORDER: Record<MeetingRole, number> = {
  chair: 0,
  delegate: 1,
  guest: 2,
  observer: 3,
  secretary: 4,
};

/** Agenda items depth-first, labelled "1", "1.1"… as the invitation numbers them. */
export function agendaLabels(items: Pick<AgendaItem, 'id' | 'parentId'>[]): Map<string, string> {
  const labels = new Map<string, string>();
  const counters = new Map<string | null, number>();
  for (const item of items) {
    const n = (counters.get(item.parentId) ?? 0) + 1;
    counters.set(item.parentId, n);
    const parent = item.parentId ? labels.get(item.parentId) : undefined;
    labels.set(item.id, parent ? `${parent}.${n}` : String(n));
  }
  return labels;
}

/**
 * Looks up what the notice prints (chair, those who took part, the conclusions in agenda order)
 * and lays it out; `doc` null draws the unnumbered draft the organisers preview.
 */
export async function renderNotice(
  deps: Pick<ConclusionsDeps, 'store' | 'settings' | 'clock'>,
  meeting: MeetingRecord,
  doc: OfficialDocumentRecord | null,
  conclusions: ConclusionRecord[],
): Promise<Uint8Array> {
  return (await renderNoticeWithArea(deps, meeting, doc, conclusions)).bytes;
}

/** The same, with the place of the signature (for the signature step). */
export async function renderNoticeWithArea(
  deps: Pick<ConclusionsDeps, 'store' | 'settings' | 'clock'>,
  meeting: MeetingRecord,
  doc: OfficialDocumentRecord | null,
  conclusions: ConclusionRecord[],
): Promise<{ bytes: Uint8Array; signatureArea: SignatureArea }> {
  const { store, settings } = deps;
  const [participants, items] = await Promise.all([
    store.participants.listByMeeting(meeting.id),
    store.agenda.list(meeting.id),
  ]);
  const users = new Map(
    (
      await Promise.all(
        [...new Set(participants.flatMap((p) => (p.userId ? [p.userId] : [])))].map((id) =>
          store.users.getById(id),
        ),
      )
    ).flatMap((u) => (u ? [[u.id, u] as const] : [])),
  );
  const person = (p: Participant): { name: string; title: string } | null => {
    const u = p.userId ? users.get(p.userId) : undefined;
    const name = u?.fullName ?? p.guest?.fullName;
    if (!name) return null;
    const title = u ? (u.title ?? '') : [p.guest?.title, p.guest?.organisation].filter(Boolean).join(', ');
    return { name, title };
  };
  const withTitle = (x: { name: string; title: string }) => (x.title ? `${x.name}, ${x.title}` : x.name);
  const chairP = participants.find((p) => p.role === 'chair');
  const chair = chairP ? person(chairP) : null;
  const attendees = participants
    .filter((p) => p.role !== 'chair')
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role])
    .flatMap((p) => {
      const x = person(p);
      return x ? [`đồng chí ${withTitle(x)}`] : [];
    });
  const labels = agendaLabels(items);
  const byItem = new Map(conclusions.map((c) => [c.agendaItemId, c]));
  const content: ConclusionNoticeContent = {
    issuer: settings.issuer,
    place: settings.place,
    signer: settings.signer,
    number: doc?.number ?? null,
    symbol: doc?.symbol ?? documentSymbol('conclusion_notice', settings.issuerSymbol),
    issuedAt: doc?.issuedAt ?? deps.clock.now().toISOString(),
    meeting: {
      title: meeting.title,
      heldAt: meeting.startedAt ?? meeting.startsAt,
      location: meeting.location,
    },
    chair: chair ? `đồng chí ${withTitle(chair)}` : null,
    chairTitle: chair ? [chair.title, chair.name].filter(Boolean).join(' ') : null,
    attendees,
    items: items.flatMap((item) => {
      const c = byItem.get(item.id);
      if (!c || c.points.length === 0) return [];
      return [{ label: labels.get(item.id) ?? '', title: item.title, points: c.points.map((p) => p.text) }];
    }),
  };
  return conclusionNoticePdfWithArea(content);
}
