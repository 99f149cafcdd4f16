import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { ApprovalAction, ApprovalHistoryEntry, ApprovalState, AuditAction } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { MessageKey } from '../../i18n/messages.js';
import { VersionConflictError, type ConclusionNoticeRecord } from '../../store/port.js';
import type { ConclusionsDeps } from '../conclusions/conclusions.shared.js';

/** The approval record of an official document a meeting issues (the notice's and the minutes' share it). */
export type ApprovalRecord = ConclusionNoticeRecord;

/** What differs between the documents: where the record lives, its words, and whom to tell. */
export interface ApprovalRecordsSpec {
  type: 'conclusion_notice' | 'minutes';
  /** The audit action of each move. */
  audit: Readonly<Record<ApprovalAction, AuditAction>>;
  /** The audit action of a download of the document's PDF. */
  exportAudit: AuditAction;
  /** The 409 of a move made on a stale version. */
  conflict: MessageKey;
  /** The 409 of issuing what is not signed. */
  unsigned: MessageKey;
  /** The persisted job that delivers the issued document to one participant on one channel. */
  deliverJob: string;
  get(meetingId: string): Promise<ApprovalRecord | null>;
  /** Saves on the version read (VersionConflictError when stale). */
  put(next: ApprovalRecord, expected: number): Promise<ApprovalRecord>;
  /** The screens following the meeting reload (after every saved move). */
  changed(next: ApprovalRecord): Promise<void>;
  /** The library's file name of the issued document. */
  filename(number: number, symbol: string): string;
  /** Told on the bus once issued. */
  issued(meetingId: string, documentId: string): Promise<void>;
}

/**
 * The record keeping the conclusion notice's and the minutes' approval flows share (the rules of
 * each move are shared/src/domain/approval.ts; who holds which role, and what each document
 * checks before a move, stay with each flow): a move kept in the history, saved on the version
 * read and audited in one unit of work; the signed PDF taken into the blob store; the issue of
 * exactly the signed bytes (issued means signed) into the library as a read-only PDF with its
 * delivery jobs, one at a time per meeting.
 */
export class ApprovalRecords {
  /** Issues in progress per meeting, so two clicks do not put two PDFs in the library. */
  private readonly issuing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: ConclusionsDeps,
    private readonly spec: ApprovalRecordsSpec,
  ) {}

  /**
   * The document's PDF, its download audited: once issued, the PDF in the library (exactly the
   * signed bytes); before, `preview` (which refuses whoever may not see the drafts) draws it now.
   */
  async pdf(
    actor: Actor,
    meetingId: string,
    preview: () => Promise<{ filename: string; bytes: Uint8Array }>,
  ): Promise<{ filename: string; bytes: Uint8Array }> {
    const record = await this.spec.get(meetingId);
    let out: { filename: string; bytes: Uint8Array };
    if (record?.state === 'issued' && record.documentId) {
      const doc = await this.deps.store.documents.getById(record.documentId);
      if (!doc) throw errors.notFound();
      out = { filename: doc.name, bytes: await readFile(this.deps.blobs.pathOf(doc.sha256)) };
    } else {
      out = await preview();
    }
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: this.spec.exportAudit,
      targetType: 'meeting',
      targetId: meetingId,
      data: { state: record?.state ?? 'draft', documentId: record?.documentId ?? null },
      ip: actor.ip ?? null,
    });
    return out;
  }

  /** The record after `action`, with its history entry (not saved). */
  moved(
    record: ApprovalRecord | null,
    meetingId: string,
    from: ApprovalState,
    to: ApprovalState,
    action: ApprovalAction,
    actor: Pick<Actor, 'user'>,
    comment: string | null,
  ): ApprovalRecord {
    const now = this.deps.clock.now().toISOString();
    const entry: ApprovalHistoryEntry = {
      action,
      from,
      to,
      by: actor.user.id,
      byName: actor.user.fullName,
      at: now,
      comment,
    };
    return {
      meetingId,
      state: to,
      version: (record?.version ?? 0) + 1,
      signed: record?.signed ?? null,
      documentId: record?.documentId ?? null,
      issuedAt: record?.issuedAt ?? null,
      history: [...(record?.history ?? []), entry],
      updatedAt: now,
    };
  }

  /** Saves the move on the version read with its audit entry, then tells the screens. */
  async save(
    next: ApprovalRecord,
    expected: number,
    actor: Pick<Actor, 'user' | 'ip'>,
    action: ApprovalAction,
    data: Record<string, unknown>,
  ): Promise<ApprovalRecord> {
    const { store } = this.deps;
    try {
      const written = await store.transaction(async () => {
        const saved = await this.spec.put(next, expected);
        await this.deps.audit.record({
          actorId: actor.user.id,
          action: this.spec.audit[action],
          targetType: 'meeting',
          targetId: next.meetingId,
          data: {
            action,
            from: next.history.at(-1)?.from ?? null,
            to: next.state,
            version: next.version,
            ...data,
          },
          ip: actor.ip ?? null,
        });
        return saved;
      });
      await this.spec.changed(next);
      return written;
    } catch (e) {
      if (e instanceof VersionConflictError) throw errors.conflict(this.spec.conflict);
      throw e;
    }
  }

  /**
   * The signed PDF checked by the flow, kept in the blob store (never rewritten), and the record
   * moved to `signed` by `signer`, on the version read.
   */
  async markSigned(
    record: ApprovalRecord | null,
    meetingId: string,
    signer: Actor['user'],
    signedPdf: Uint8Array,
    expectedVersion: number,
    data: Record<string, unknown> = {},
  ): Promise<ApprovalRecord> {
    const sha256 = createHash('sha256').update(signedPdf).digest('hex');
    const temp = this.deps.blobs.tempPath();
    await writeFile(temp, signedPdf, { flag: 'wx' });
    await this.deps.blobs.adopt(temp, sha256);
    const actor = { user: signer, ip: undefined } as Pick<Actor, 'user' | 'ip'>;
    const next = {
      ...this.moved(record, meetingId, record?.state ?? 'draft', 'signed', 'sign', actor, null),
      signed: { at: this.deps.clock.now().toISOString(), by: signer.id, sha256 },
    };
    return this.save(next, expectedVersion, actor, 'sign', { sha256, ...data });
  }

  /**
   * Issues the signed document, one issue at a time per meeting: re-read under the lock (a click
   * that waited behind an issue finds it done: 409), refused unless signed, numbered (a number
   * given when the PDF to sign was drawn is kept), the signed bytes filed in the library as a
   * read-only PDF, the move saved with the delivery jobs, then told on the bus. On a failure the
   * PDF just filed is taken out again.
   */
  issue(
    actor: Actor,
    meetingId: string,
    input: { version: number; comment?: string | null | undefined },
  ): Promise<ApprovalRecord> {
    return this.serialised(meetingId, async () => {
      const { store, officialDocuments, intake } = this.deps;
      const record = await this.spec.get(meetingId);
      if ((record?.version ?? 0) !== input.version) throw errors.conflict(this.spec.conflict);
      const signed = record?.signed;
      if (record?.state !== 'signed' || !signed) throw errors.invalidState(this.spec.unsigned);
      const doc = await officialDocuments.issue(meetingId, this.spec.type, actor.user.id);
      const library = await intake.importGenerated({
        meetingId,
        name: this.spec.filename(doc.number, doc.symbol),
        bytes: await readFile(this.deps.blobs.pathOf(signed.sha256)),
        uploadedBy: actor.user.id,
      });
      const next: ApprovalRecord = {
        ...this.moved(record, meetingId, record.state, 'issued', 'issue', actor, input.comment ?? null),
        documentId: library.id,
        issuedAt: this.deps.clock.now().toISOString(),
      };
      try {
        const saved = await store.transaction(async () => {
          const s = await this.save(next, input.version, actor, 'issue', {
            number: doc.number,
            symbol: doc.symbol,
            documentId: library.id,
            signed: true,
          });
          await this.deps.jobs.enqueueMany(await this.deliveryJobs(meetingId));
          return s;
        });
        await this.spec.issued(meetingId, library.id);
        return saved;
      } catch (e) {
        // Someone moved the document meanwhile: the PDF just added is not the issued one.
        await store.documents.removeChain(library.id).catch(() => undefined);
        throw e;
      }
    });
  }

  /** One delivery job per participant and channel (in the app for users, e-mail when known). */
  private async deliveryJobs(meetingId: string) {
    const participants = await this.deps.store.participants.listByMeeting(meetingId);
    const jobs = [];
    for (const p of participants) {
      const user = p.userId ? await this.deps.store.users.getById(p.userId) : null;
      const channels = [
        ...(p.userId ? ['in_app'] : []),
        ...((user?.email ?? p.guest?.email) ? ['email'] : []),
      ];
      for (const channel of channels) {
        jobs.push({
          kind: this.spec.deliverJob,
          key: `${this.spec.type}:${meetingId}:${p.id}:${channel}`,
          payload: { meetingId, participantId: p.id, channel },
          maxAttempts: channel === 'in_app' ? 3 : 6,
        });
      }
    }
    return jobs;
  }

  private async serialised<T>(meetingId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.issuing.get(meetingId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.issuing.set(meetingId, tail);
    try {
      return await run;
    } finally {
      if (this.issuing.get(meetingId) === tail) this.issuing.delete(meetingId);
    }
  }
}
