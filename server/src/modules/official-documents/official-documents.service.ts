import type { Meeting, MeetingRole } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor, type MeetingAccess } from '../../access/meeting-access.js';
import type { OfficialDocumentsConfig } from '../../config/config.js';
import { errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import {
  DuplicateKeyError,
  type OfficialDocumentRecord,
  type OfficialDocumentType,
  type Store,
} from '../../store/port.js';
import type { AuditService } from '../audit/audit.service.js';
import { documentSymbol, registerYear } from './decree30.js';
import {
  invitationPdf,
  invitationPdfWithArea,
  type InvitationContent,
  type SignatureArea,
} from './invitation.pdf.js';

export interface OfficialDocumentsDeps {
  store: Store;
  audit: AuditService;
  clock: Clock;
  access: MeetingAccess;
  logger: Pick<Logger, 'warn'>;
  settings: OfficialDocumentsConfig;
}

/** Who is listed first among those invited. */
const ROLE_ORDER: Record<MeetingRole, number> = {
  chair: 0,
  delegate: 1,
  guest: 2,
  observer: 3,
  secretary: 4,
};

/**
 * Official documents of meetings (Decree 30/2020/NĐ-CP). The invitation gets its number from the
 * register once, when the meeting is first published, and keeps it: a meeting re-published after
 * a postponement, or published while the invitation already exists, gets the same document.
 */
export class OfficialDocumentsService {
  constructor(private readonly deps: OfficialDocumentsDeps) {}

  /** The meeting's invitation, issued now (number, symbol, date) unless it already has one. */
  issueInvitation(meeting: Pick<Meeting, 'id'>, byUserId: string | null): Promise<OfficialDocumentRecord> {
    return this.issue(meeting.id, 'invitation', byUserId);
  }

  /** The meeting's document of this type, if it has been numbered. */
  numbered(meetingId: string, type: OfficialDocumentType): Promise<OfficialDocumentRecord | null> {
    return this.deps.store.officialDocuments.get(meetingId, type);
  }

  /**
   * The meeting's document of `type`, numbered now from the register (number, symbol, date)
   * unless it already has one, which it keeps.
   */
  async issue(
    meetingId: string,
    type: OfficialDocumentType,
    byUserId: string | null,
  ): Promise<OfficialDocumentRecord> {
    const { store } = this.deps;
    const existing = await store.officialDocuments.get(meetingId, type);
    if (existing) return existing;
    const issuedAt = this.deps.clock.now().toISOString();
    try {
      // The number, the document and its audit entry together: a failure keeps none of them
      // (on SQLite; MongoDB without transactions may lose a number, never give it twice).
      return await store.transaction(async () => {
        const again = await store.officialDocuments.get(meetingId, type);
        if (again) return again;
        const year = registerYear(issuedAt);
        const number = await store.officialDocuments.nextNumber(type, year);
        const record = await store.officialDocuments.create({
          meetingId,
          type,
          year,
          number,
          symbol: documentSymbol(type, this.deps.settings.issuerSymbol),
          issuedAt,
          issuedBy: byUserId,
        });
        await this.deps.audit.record({
          actorId: byUserId,
          action: 'official_document.issued',
          targetType: 'meeting',
          targetId: meetingId,
          data: { type, year, number, symbol: record.symbol },
          ip: null,
        });
        return record;
      });
    } catch (e) {
      // Another process issued it meanwhile: theirs is the meeting's document.
      if (e instanceof DuplicateKeyError && e.field === 'meeting_type') {
        const theirs = await store.officialDocuments.get(meetingId, type);
        if (theirs) return theirs;
      }
      throw e;
    }
  }

  /**
   * `GET /meetings/:id/invitation.pdf` for whoever may see the meeting. A draft has no invitation
   * yet (409); a meeting published before registers existed gets its number now.
   */
  async invitationForCaller(
    actor: Actor,
    meetingId: string,
  ): Promise<{ filename: string; bytes: Uint8Array }> {
    const { meeting } = await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    const doc = await this.invitationRecord(meeting);
    const bytes = await this.render(meeting, doc);
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'export.invitation_pdf',
      targetType: 'meeting',
      targetId: meeting.id,
      data: { number: doc.number, symbol: doc.symbol, year: doc.year },
      ip: actor.ip ?? null,
    });
    return { filename: invitationFilename(doc), bytes };
  }

  /** The PDF for the invitation e-mail, or null while the meeting has no number (never published). */
  async invitationAttachment(meeting: Meeting): Promise<{ filename: string; bytes: Uint8Array } | null> {
    const doc = await this.deps.store.officialDocuments.get(meeting.id, 'invitation');
    if (!doc) return null;
    return { filename: invitationFilename(doc), bytes: await this.render(meeting, doc) };
  }

  /**
   * The issued invitation to be signed digitally: its PDF and the place of the signature block.
   * The caller (modules/signatures) checks who may sign; a draft has no invitation (409).
   */
  async invitationForSigning(
    meeting: Meeting,
  ): Promise<{ filename: string; bytes: Uint8Array; signatureArea: SignatureArea }> {
    const doc = await this.invitationRecord(meeting);
    const { bytes, signatureArea } = await invitationPdfWithArea(await this.content(meeting, doc));
    return { filename: invitationFilename(doc), bytes, signatureArea };
  }

  private async invitationRecord(meeting: Meeting): Promise<OfficialDocumentRecord> {
    const doc = await this.deps.store.officialDocuments.get(meeting.id, 'invitation');
    if (doc) return doc;
    if (meeting.status === 'draft' || meeting.status === 'cancelled') {
      throw errors.invalidState('invitation_not_issued');
    }
    return this.issueInvitation(meeting, null);
  }

  /** Lays the invitation out. */
  private async render(meeting: Meeting, doc: OfficialDocumentRecord): Promise<Uint8Array> {
    return invitationPdf(await this.content(meeting, doc));
  }

  /** Looks up what the invitation prints (chair, participants, agenda). */
  private async content(meeting: Meeting, doc: OfficialDocumentRecord): Promise<InvitationContent> {
    const { store, settings } = this.deps;
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
    const nameOf = (p: (typeof participants)[number]): string | null => {
      const u = p.userId ? users.get(p.userId) : undefined;
      const name = u?.fullName ?? p.guest?.fullName;
      if (!name) return null;
      const title = u ? u.title : [p.guest?.title, p.guest?.organisation].filter(Boolean).join(', ');
      return title ? `${name}, ${title}` : name;
    };
    const chairParticipant = participants.find((p) => p.role === 'chair');
    const chair = chairParticipant ? nameOf(chairParticipant) : null;
    const invitees = participants
      .filter((p) => p.role !== 'chair')
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role])
      .flatMap((p) => {
        const n = nameOf(p);
        return n ? [`Đồng chí ${n}`] : [];
      });
    const labels = new Map<string, string>();
    const counters = new Map<string | null, number>();
    const agenda = items.map((item) => {
      const n = (counters.get(item.parentId) ?? 0) + 1;
      counters.set(item.parentId, n);
      const parent = item.parentId ? labels.get(item.parentId) : undefined;
      const label = parent ? `${parent}.${n}` : String(n);
      labels.set(item.id, label);
      const presenterP = item.presenterId ? participants.find((p) => p.id === item.presenterId) : undefined;
      const presenter = item.presenterName ?? (presenterP ? nameOf(presenterP) : null);
      return { label, title: item.title, presenter, depth: parent ? label.split('.').length - 1 : 0 };
    });
    const content: InvitationContent = {
      issuer: settings.issuer,
      place: settings.place,
      signer: settings.signer,
      number: doc.number,
      symbol: doc.symbol,
      issuedAt: doc.issuedAt,
      meeting: {
        title: meeting.title,
        startsAt: meeting.startsAt,
        location: meeting.location,
        online: meeting.kind === 'online',
      },
      chair: chair ? `đồng chí ${chair}` : null,
      invitees,
      agenda,
    };
    return content;
  }
}

/** "Giay moi so 15-GM-UBND.pdf": ASCII, no slash. */
export const invitationFilename = (doc: OfficialDocumentRecord): string =>
  `Giay moi so ${doc.number}-${doc.symbol}.pdf`;
