import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  isMinutesRoot,
  MINUTES_FRAGMENT,
  MINUTES_LIMITS,
  meetingRoom,
  type MinutesState,
  type MinutesVersion,
  type MinutesVersionKind,
  type MinutesVersionText,
  type Permission,
  type SystemRole,
} from '@icabinet/shared';
import { refusal, type MeetingStanding } from '../../access/meeting-access.js';
import { DocManager, type LayerKey } from '../../collab/doc-manager.js';
import { errors } from '../../errors.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { MinutesRecord, MinutesVersionRecord } from '../../store/minutes.port.js';
import type { LayerStanding } from '../annotations/annotations.service.js';
import type { MinutesApprovalFlow } from './minutes.approval.js';
import type { Core } from '../module.js';
import { blocksText, writeBlocks } from './minutes.blocks.js';
import { recordBlocks } from './minutes.record.js';

/** How long a socket's right to write the minutes is trusted before it is checked again. */
const STANDING_TTL_MS = 3000;

/** Who asks: the session's user, with the name versions are listed under. */
export interface MinutesCaller {
  userId: string;
  systemRole: SystemRole;
  fullName: string;
}

/** The Socket.IO room of a meeting's minutes (the `doc:*` transport's room for the `minutes` layer). */
export const minutesRoom = (meetingId: string): string => `doc:${meetingId}:minutes`;
export const minutesKey = (meetingId: string): LayerKey => ({ documentId: meetingId, layer: 'minutes' });

const REFUSALS: Partial<Record<Permission, MessageKey>> = {
  'minutes:read': 'minutes_read_forbidden',
  'minutes:write': 'minutes_write_forbidden',
  'minutes:allow-others': 'minutes_allow_forbidden',
  'minutes:lock': 'minutes_lock_forbidden',
};

/**
 * The minutes of meetings (biên bản): who may read and write them, the prefill from the room's
 * record, named versions, the lock. The text is a Yjs document in its own `DocManager` (the same
 * class, store and transport as the annotation layers, with the editor's root type allowed).
 */
export class MinutesService {
  readonly docs: DocManager;
  /** The minutes as an official document (set once the flow is built, src/compose.ts). */
  private approval: MinutesApprovalFlow | null = null;

  constructor(
    private readonly ctx: Pick<
      Core,
      'config' | 'store' | 'logger' | 'clock' | 'access' | 'io' | 'audit' | 'accessChanged'
    >,
  ) {
    this.docs = new DocManager(
      ctx.store.annotations,
      ctx.logger.child({ component: 'minutes' }),
      () => ctx.clock.now(),
      {
        isRoot: isMinutesRoot,
        compactAfterRows: ctx.config.annotations.compactAfterRows,
        compactQuietMs: ctx.config.annotations.compactQuietMs,
        idleMs: ctx.config.annotations.idleMs,
        maxDocBytes: MINUTES_LIMITS.docBytes,
        // Only annotation roots are text-checked; the minutes' text is the editor's.
        maxTextChars: MINUTES_LIMITS.docBytes,
        clustered: !!ctx.config.redisUrl,
      },
    );
  }

  /** Plugs in the approval flow, whose state `GET /meetings/:id/minutes` reports. */
  useApproval(flow: MinutesApprovalFlow): void {
    this.approval = flow;
  }

  /** The caller's standing in the meeting and the minutes' record; refuses drafts and cancelled meetings. */
  private async context(
    caller: Pick<MinutesCaller, 'userId' | 'systemRole'>,
    meetingId: string,
    need: Permission,
  ): Promise<{ standing: MeetingStanding; record: MinutesRecord | null }> {
    const standing = await this.ctx.access.standing(caller, meetingId);
    const seen = standing.decide('view');
    if (!seen.allow) throw refusal(seen);
    if (standing.meeting.status === 'draft') throw errors.invalidState('minutes_meeting_draft');
    if (standing.meeting.status === 'cancelled') throw errors.invalidState('minutes_meeting_cancelled');
    const record = await this.ctx.store.minutes.get(meetingId);
    if (!this.allows(standing, record, need)) throw errors.forbidden(REFUSALS[need] ?? 'forbidden');
    return { standing, record };
  }

  private allows(standing: MeetingStanding, record: MinutesRecord | null, p: Permission): boolean {
    return standing.allows(p, {
      minutesOthersMayEdit: record?.othersMayEdit ?? false,
      minutesLocked: !!record?.lockedAt,
    });
  }

  /** The caller's standing on the minutes' document, for the `doc:*` socket handlers. */
  async standing(caller: MinutesCaller, meetingId: string): Promise<LayerStanding> {
    const { standing, record } = await this.context(caller, meetingId, 'minutes:read');
    const locked = !!record?.lockedAt;
    const mayWrite = this.allows(standing, record, 'minutes:write');
    return {
      documentId: meetingId,
      meetingId,
      layer: 'minutes',
      key: minutesKey(meetingId),
      room: minutesRoom(meetingId),
      canWrite: mayWrite && !locked,
      writeRefusal: locked
        ? errors.invalidState('minutes_locked')
        : errors.forbidden('minutes_write_forbidden'),
      checkedAt: Date.now(),
    };
  }

  /** The standing again when the one held is older than a few seconds. */
  refresh(caller: MinutesCaller, s: LayerStanding): Promise<LayerStanding> | LayerStanding {
    if (Date.now() - s.checkedAt < STANDING_TTL_MS) return s;
    return this.standing(caller, s.meetingId);
  }

  /** Refuses a write to locked minutes; runs in the document's write step (see DocManager.apply). */
  guard(meetingId: string): () => Promise<void> {
    return async () => {
      const record = await this.ctx.store.minutes.get(meetingId);
      if (record?.lockedAt) throw errors.invalidState('minutes_locked');
    };
  }

  /**
   * Writes the room's record into the minutes the first time they are opened, exactly once: the
   * store's claim decides between processes, the document's write step between sockets of one
   * process, and minutes someone already wrote in are never prefilled. `afterStored` passes the
   * stored update on (to the sockets following the minutes and to the other processes).
   */
  async prefill(meetingId: string, afterStored: (update: Uint8Array) => void): Promise<void> {
    const { store, clock } = this.ctx;
    const known = await store.minutes.get(meetingId);
    if (known?.prefilledAt) return;
    let claimed = false;
    try {
      await this.docs.seed(
        minutesKey(meetingId),
        async (doc) => {
          const at = clock.now().toISOString();
          if (doc.getXmlFragment(MINUTES_FRAGMENT).length > 0) {
            await store.minutes.claimPrefill(meetingId, at);
            return null;
          }
          if (!(await store.minutes.claimPrefill(meetingId, at))) return null;
          claimed = true;
          const meeting = await store.meetings.getById(meetingId);
          if (!meeting) return null;
          const blocks = await recordBlocks(store, meeting);
          // Written on a copy, so the live document only ever changes through the checked write path.
          const scratch = new Y.Doc();
          Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
          let out: Uint8Array | null = null;
          scratch.on('update', (u: Uint8Array) => (out = u));
          scratch.transact(() => writeBlocks(scratch.getXmlFragment(MINUTES_FRAGMENT), blocks));
          scratch.destroy();
          return out;
        },
        afterStored,
      );
    } catch (err) {
      if (claimed) await store.minutes.releasePrefill(meetingId).catch(() => undefined);
      throw err;
    }
  }

  /** `GET /meetings/:id/minutes`. */
  async state(caller: MinutesCaller, meetingId: string): Promise<MinutesState> {
    const { standing, record } = await this.context(caller, meetingId, 'minutes:read');
    return this.present(standing, record);
  }

  private async present(standing: MeetingStanding, record: MinutesRecord | null): Promise<MinutesState> {
    const meetingId = standing.meeting.id;
    const locked = !!record?.lockedAt;
    return {
      meetingId,
      prefilledAt: record?.prefilledAt ?? null,
      othersMayEdit: record?.othersMayEdit ?? false,
      locked,
      lockedAt: record?.lockedAt ?? null,
      lockedByName: record?.lockedByName ?? null,
      lockedVersionId: record?.lockedVersionId ?? null,
      versions: await this.ctx.store.minutes.listVersions(meetingId),
      canWrite: !locked && this.allows(standing, record, 'minutes:write'),
      canAllowOthers: this.allows(standing, record, 'minutes:allow-others'),
      canLock: this.allows(standing, record, 'minutes:lock'),
      approval: this.approval
        ? await this.approval.present(standing)
        : {
            state: 'draft',
            version: 0,
            number: null,
            symbol: null,
            signatures: [],
            signed: null,
            documentId: null,
            issuedAt: null,
            history: [],
            actions: [],
            issueBlocked: null,
          },
    };
  }

  /** `PUT /meetings/:id/minutes/settings`: the chair's toggle. */
  async setOthersMayEdit(
    caller: MinutesCaller,
    meetingId: string,
    value: boolean,
    ip: string | null,
  ): Promise<MinutesState> {
    const { standing } = await this.context(caller, meetingId, 'minutes:allow-others');
    const record = await this.ctx.store.minutes.setOthersMayEdit(
      meetingId,
      value,
      this.ctx.clock.now().toISOString(),
    );
    await this.ctx.audit.record({
      actorId: caller.userId,
      action: 'minutes.others_allowed',
      targetType: 'meeting',
      targetId: meetingId,
      data: { othersMayEdit: value },
      ip,
    });
    await this.changed(record);
    return this.present(standing, record);
  }

  /** The document's state and text, read in its write step (nothing half-applied is seen). */
  private async snapshot(
    caller: MinutesCaller,
    meetingId: string,
    name: string,
    kind: MinutesVersionKind,
    then?: (v: MinutesVersionRecord) => Promise<void>,
  ): Promise<MinutesVersionRecord> {
    return this.docs.read(minutesKey(meetingId), async (doc) => {
      const version: MinutesVersionRecord = {
        id: randomUUID(),
        meetingId,
        name,
        kind,
        createdBy: caller.userId,
        createdByName: caller.fullName,
        createdAt: this.ctx.clock.now().toISOString(),
        state: Y.encodeStateAsUpdate(doc),
        text: blocksText(doc.getXmlFragment(MINUTES_FRAGMENT)),
      };
      // Inside the step: no update is applied between the snapshot and what `then` stores.
      if (then) await then(version);
      return version;
    });
  }

  /** `POST /meetings/:id/minutes/versions`: "Lưu phiên bản". */
  async createVersion(
    caller: MinutesCaller,
    meetingId: string,
    name: string,
    ip: string | null,
  ): Promise<MinutesVersion> {
    const { record } = await this.context(caller, meetingId, 'minutes:write');
    if (record?.lockedAt) throw errors.invalidState('minutes_locked');
    const count = (await this.ctx.store.minutes.listVersions(meetingId)).length;
    if (count >= MINUTES_LIMITS.versions)
      throw errors.invalidState('minutes_too_many_versions', { max: MINUTES_LIMITS.versions });
    const version = await this.snapshot(caller, meetingId, name, 'manual', (v) =>
      this.ctx.store.minutes.addVersion(v),
    );
    await this.ctx.audit.record({
      actorId: caller.userId,
      action: 'minutes.version_saved',
      targetType: 'meeting',
      targetId: meetingId,
      data: { versionId: version.id, name },
      ip,
    });
    return strip(version);
  }

  /** `GET /meetings/:id/minutes/versions/:versionId`: a version's text. */
  async versionText(
    caller: MinutesCaller,
    meetingId: string,
    versionId: string,
  ): Promise<MinutesVersionText> {
    await this.context(caller, meetingId, 'minutes:read');
    const v = await this.ctx.store.minutes.getVersion(meetingId, versionId);
    if (!v) throw errors.notFound('minutes_version_not_found');
    return { version: strip(v), text: v.text };
  }

  /** `POST /meetings/:id/minutes/lock`: a version of the text is kept and writes are refused from then on. */
  async lock(
    caller: MinutesCaller,
    meetingId: string,
    name: string | undefined,
    ip: string | null,
  ): Promise<MinutesState> {
    const { standing, record } = await this.context(caller, meetingId, 'minutes:lock');
    if (record?.lockedAt) throw errors.invalidState('minutes_already_locked');
    let locked = false;
    const version = await this.snapshot(caller, meetingId, name ?? 'Bản khóa để ký', 'lock', async (v) => {
      locked = await this.ctx.store.minutes.lock(v, v.createdAt);
    });
    if (!locked) throw errors.invalidState('minutes_already_locked');
    await this.ctx.audit.record({
      actorId: caller.userId,
      action: 'minutes.locked',
      targetType: 'meeting',
      targetId: meetingId,
      data: { versionId: version.id },
      ip,
    });
    const after = await this.ctx.store.minutes.get(meetingId);
    await this.changed(after);
    return this.present(standing, after);
  }

  /** `POST /meetings/:id/minutes/reopen`: writable again; the locked version stays as stored. */
  async reopen(caller: MinutesCaller, meetingId: string, ip: string | null): Promise<MinutesState> {
    const { standing } = await this.context(caller, meetingId, 'minutes:lock');
    // Submitted, approved, signed or issued minutes keep their locked text.
    const approval = await this.ctx.store.minutes.getApproval(meetingId);
    if (approval && approval.state !== 'draft' && approval.state !== 'returned')
      throw errors.invalidState('minutes_reopen_in_approval');
    if (!(await this.ctx.store.minutes.reopen(meetingId, this.ctx.clock.now().toISOString())))
      throw errors.invalidState('minutes_not_locked');
    await this.ctx.audit.record({
      actorId: caller.userId,
      action: 'minutes.reopened',
      targetType: 'meeting',
      targetId: meetingId,
      data: {},
      ip,
    });
    const after = await this.ctx.store.minutes.get(meetingId);
    await this.changed(after);
    return this.present(standing, after);
  }

  /** Tells the meeting's sockets, and re-checks every live socket's standing on every process. */
  private async changed(record: MinutesRecord | null): Promise<void> {
    if (!record) return;
    this.ctx.io.to([meetingRoom(record.meetingId), minutesRoom(record.meetingId)]).emit('minutes:changed', {
      meetingId: record.meetingId,
      locked: !!record.lockedAt,
      othersMayEdit: record.othersMayEdit,
    });
    await this.ctx.accessChanged({ kind: 'meeting', meetingId: record.meetingId });
  }
}

const strip = (v: MinutesVersionRecord): MinutesVersion => ({
  id: v.id,
  meetingId: v.meetingId,
  name: v.name,
  kind: v.kind,
  createdBy: v.createdBy,
  createdByName: v.createdByName,
  createdAt: v.createdAt,
});
