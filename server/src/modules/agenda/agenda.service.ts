import {
  meetingRoom,
  type Agenda,
  type AgendaItem,
  type AgendaItemCreateInput,
  type AgendaItemUpdateInput,
  type AgendaReorderInput,
  type AgendaRevision,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import { t, type MessageKey } from '../../i18n/messages.js';
import { newId } from '../../lib/ids.js';
import {
  RecordNotFoundError,
  VersionConflictError,
  type AgendaItemRecord,
  type AgendaWrite,
  type MeetingRecord,
} from '../../store/port.js';
import type { Core } from '../module.js';
import { loadMeeting } from '../meetings/meeting-access.js';

/** Agenda changes are summarised in Vietnamese, the language of the meeting's record. */
const summaryLine = (key: MessageKey, params: Record<string, string> = {}): string => t('vi', key, params);

/** The presenter: a stored item without its bookkeeping, with its documents. */
const toItem = (r: AgendaItemRecord, documentIds: string[]): AgendaItem => ({
  id: r.id,
  meetingId: r.meetingId,
  parentId: r.parentId,
  order: r.order,
  title: r.title,
  description: r.description,
  presenterId: r.presenterId,
  presenterName: r.presenterName,
  plannedMinutes: r.plannedMinutes,
  documentIds,
  actualStart: r.actualStart,
  actualEnd: r.actualEnd,
});

/** Minutes between two instants, rounded down. */
const minutesBetween = (from: string, to: string): number =>
  Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));

/**
 * Planned total: each top-level item counts its own minutes, or the sum of its sub-items when
 * that is larger (sub-items usually split their parent's time).
 */
export function plannedTotal(items: Pick<AgendaItem, 'id' | 'parentId' | 'plannedMinutes'>[]): number {
  let total = 0;
  for (const parent of items.filter((i) => i.parentId === null)) {
    const children = items.filter((i) => i.parentId === parent.id).reduce((s, i) => s + i.plannedMinutes, 0);
    total += Math.max(parent.plannedMinutes, children);
  }
  return total;
}

/** The agenda builder: ordered items with one level of sub-items, versioned, revisions after publication. */
export class AgendaService {
  constructor(private readonly ctx: Pick<Core, 'store' | 'clock' | 'io' | 'bus'>) {}

  private get store() {
    return this.ctx.store;
  }

  /** `GET /meetings/:id/agenda`. */
  async get(actor: Actor, meetingId: string): Promise<Agenda> {
    const { meeting } = await loadMeeting(this.store, actor, meetingId, 'view');
    return this.agendaOf(meeting);
  }

  /** `GET /meetings/:id/agenda/revisions`: newest first. */
  async revisions(actor: Actor, meetingId: string): Promise<{ items: AgendaRevision[] }> {
    await loadMeeting(this.store, actor, meetingId, 'view');
    return { items: await this.store.agenda.revisions(meetingId) };
  }

  async create(
    actor: Actor,
    meetingId: string,
    input: AgendaItemCreateInput,
  ): Promise<{ item: AgendaItem; agendaVersion: number }> {
    const { meeting } = await loadMeeting(this.store, actor, meetingId, 'edit');
    this.checkVersion(meeting, input.agendaVersion);
    const items = await this.store.agenda.list(meetingId);
    if (input.parentId !== null) {
      const parent = items.find((i) => i.id === input.parentId);
      if (!parent)
        throw errors.invalid([{ path: 'parentId', key: 'agenda_parent_invalid' }], 'agenda_parent_invalid');
      if (parent.parentId !== null)
        throw errors.invalid([{ path: 'parentId', key: 'agenda_depth' }], 'agenda_depth');
    }
    await this.checkPresenter(meetingId, input.presenterId);
    const now = this.now();
    const item: AgendaItemRecord = {
      id: newId(),
      meetingId,
      parentId: input.parentId,
      order: items.filter((i) => i.parentId === input.parentId).length,
      title: input.title,
      description: input.description,
      presenterId: input.presenterId,
      presenterName: input.presenterName,
      plannedMinutes: input.plannedMinutes,
      actualStart: null,
      actualEnd: null,
      createdAt: now,
      updatedAt: now,
    };
    const agendaVersion = await this.apply(actor, meeting, input.agendaVersion, { upsert: [item] }, [
      summaryLine('agenda_summary_added', { title: item.title }),
    ]);
    await this.index(item);
    return { item: toItem(item, []), agendaVersion };
  }

  async update(
    actor: Actor,
    meetingId: string,
    itemId: string,
    input: AgendaItemUpdateInput,
  ): Promise<{ item: AgendaItem; agendaVersion: number }> {
    const { meeting } = await loadMeeting(this.store, actor, meetingId, 'edit');
    this.checkVersion(meeting, input.agendaVersion);
    const current = await this.itemOf(meetingId, itemId);
    if (input.presenterId !== undefined) await this.checkPresenter(meetingId, input.presenterId);
    const next: AgendaItemRecord = {
      ...current,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.presenterId !== undefined ? { presenterId: input.presenterId } : {}),
      ...(input.presenterName !== undefined ? { presenterName: input.presenterName } : {}),
      ...(input.plannedMinutes !== undefined ? { plannedMinutes: input.plannedMinutes } : {}),
      updatedAt: this.now(),
    };
    const changed: string[] = [];
    if (next.title !== current.title) changed.push(summaryLine('agenda_field_title'));
    if (next.description !== current.description) changed.push(summaryLine('agenda_field_description'));
    if (next.presenterId !== current.presenterId || next.presenterName !== current.presenterName) {
      changed.push(summaryLine('agenda_field_presenter'));
    }
    if (next.plannedMinutes !== current.plannedMinutes)
      changed.push(summaryLine('agenda_field_plannedMinutes'));
    const documentIds = (await this.documentIdsByItem(meetingId)).get(itemId) ?? [];
    // Nothing changed: no new version, no revision, no notice.
    if (changed.length === 0)
      return { item: toItem(current, documentIds), agendaVersion: meeting.agendaVersion };
    const agendaVersion = await this.apply(actor, meeting, input.agendaVersion, { upsert: [next] }, [
      summaryLine('agenda_summary_updated', { title: next.title, fields: changed.join(', ') }),
    ]);
    await this.index(next);
    return { item: toItem(next, documentIds), agendaVersion };
  }

  /** Deletes an item and its sub-items; their documents stay in the meeting, unlinked. */
  async remove(
    actor: Actor,
    meetingId: string,
    itemId: string,
    expected: number,
  ): Promise<{ agendaVersion: number }> {
    const { meeting } = await loadMeeting(this.store, actor, meetingId, 'edit');
    this.checkVersion(meeting, expected);
    const item = await this.itemOf(meetingId, itemId);
    const items = await this.store.agenda.list(meetingId);
    const removed = [item.id, ...items.filter((i) => i.parentId === item.id).map((i) => i.id)];
    const now = this.now();
    // Close the gap among the siblings so orders stay 0..n-1.
    const renumbered = items
      .filter((i) => i.parentId === item.parentId && i.id !== item.id)
      .flatMap((i, order) => (i.order === order ? [] : [{ ...i, order, updatedAt: now }]));
    const agendaVersion = await this.apply(
      actor,
      meeting,
      expected,
      { delete: [item.id], upsert: renumbered },
      [summaryLine('agenda_summary_removed', { title: item.title })],
    );
    for (const id of removed) await this.store.documents.unlinkAgendaItem(id, now);
    await this.ctx.bus.emit('agenda.itemsChanged', { meetingId, saved: [], removedIds: removed });
    return { agendaVersion };
  }

  /**
   * `PUT /meetings/:id/agenda/order`: the full new order, depth-first. Every item of this
   * meeting exactly once; an id of another meeting, an unknown or a missing one → 400.
   */
  async reorder(actor: Actor, meetingId: string, input: AgendaReorderInput): Promise<Agenda> {
    const { meeting } = await loadMeeting(this.store, actor, meetingId, 'edit');
    this.checkVersion(meeting, input.agendaVersion);
    const items = await this.store.agenda.list(meetingId);
    const byId = new Map(items.map((i) => [i.id, i]));
    const seen = new Set<string>();
    for (const [index, entry] of input.items.entries()) {
      if (!byId.has(entry.id)) {
        throw errors.invalid(
          [{ path: `items.${index}.id`, key: 'agenda_reorder_unknown', params: { id: entry.id } }],
          'agenda_reorder_unknown',
          { id: entry.id },
        );
      }
      seen.add(entry.id);
    }
    if (seen.size !== items.length || input.items.length !== items.length) {
      const count = Math.abs(items.length - seen.size) + (input.items.length - seen.size);
      throw errors.invalid(
        [{ path: 'items', key: 'agenda_reorder_incomplete', params: { count } }],
        'agenda_reorder_incomplete',
        { count },
      );
    }
    const now = this.now();
    const next: AgendaItemRecord[] = [];
    const topLevel = new Set(input.items.filter((e) => e.parentId === null).map((e) => e.id));
    let currentParent: string | null = null;
    let topOrder = 0;
    let childOrder = 0;
    for (const [index, entry] of input.items.entries()) {
      const item = byId.get(entry.id);
      if (!item) continue;
      let order: number;
      if (entry.parentId === null) {
        currentParent = entry.id;
        order = topOrder++;
        childOrder = 0;
      } else {
        if (!byId.has(entry.parentId)) {
          throw errors.invalid(
            [{ path: `items.${index}.parentId`, key: 'agenda_parent_invalid' }],
            'agenda_parent_invalid',
          );
        }
        if (!topLevel.has(entry.parentId)) {
          throw errors.invalid([{ path: `items.${index}.parentId`, key: 'agenda_depth' }], 'agenda_depth');
        }
        if (entry.parentId !== currentParent) {
          throw errors.invalid(
            [{ path: `items.${index}.parentId`, key: 'agenda_parent_order' }],
            'agenda_parent_order',
          );
        }
        order = childOrder++;
      }
      if (item.parentId !== entry.parentId || item.order !== order) {
        next.push({ ...item, parentId: entry.parentId, order, updatedAt: now });
      }
    }
    // The same order again changes nothing: no new version, no revision, no notice.
    if (next.length === 0) return this.agendaOf(meeting);
    await this.apply(actor, meeting, input.agendaVersion, { upsert: next }, [
      summaryLine('agenda_summary_reordered'),
    ]);
    const fresh = await this.store.meetings.getById(meetingId);
    return this.agendaOf(fresh ?? meeting);
  }

  private async agendaOf(meeting: MeetingRecord): Promise<Agenda> {
    const records = await this.store.agenda.list(meeting.id);
    const docs = await this.documentIdsByItem(meeting.id);
    const items = records.map((r) => toItem(r, docs.get(r.id) ?? []));
    return {
      meetingId: meeting.id,
      version: meeting.agendaVersion,
      items,
      plannedTotalMinutes: plannedTotal(items),
      slotMinutes: minutesBetween(meeting.startsAt, meeting.endsAt),
    };
  }

  private async documentIdsByItem(meetingId: string): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const d of await this.store.documents.listByMeeting(meetingId)) {
      if (d.agendaItemId === null) continue;
      out.set(d.agendaItemId, [...(out.get(d.agendaItemId) ?? []), d.id]);
    }
    return out;
  }

  /** Fails early with the current version, before any other check, so the message can say it. */
  private checkVersion(meeting: MeetingRecord, yours: number): void {
    if (meeting.agendaVersion !== yours) {
      throw errors.conflict('agenda_conflict', { yours, current: meeting.agendaVersion });
    }
  }

  /**
   * Writes atomically against the agenda version. After publication (any status but draft) the
   * change is recorded as a revision and announced to the meeting room.
   */
  private async apply(
    actor: Actor,
    meeting: MeetingRecord,
    expected: number,
    write: AgendaWrite,
    summary: string[],
  ): Promise<number> {
    const published = meeting.status !== 'draft';
    const at = this.now();
    let version: number;
    try {
      version = await this.store.agenda.apply(
        meeting.id,
        expected,
        write,
        published ? { at, by: { userId: actor.user.id, fullName: actor.user.fullName }, summary } : null,
      );
    } catch (e) {
      if (e instanceof VersionConflictError) {
        const current = (await this.store.meetings.getById(meeting.id))?.agendaVersion ?? expected;
        throw errors.conflict('agenda_conflict', { yours: expected, current });
      }
      if (e instanceof RecordNotFoundError) throw errors.notFound('agenda_item_not_found');
      throw e;
    }
    if (published) {
      this.ctx.io
        .to(meetingRoom(meeting.id))
        .emit('agenda:changed', { meetingId: meeting.id, version, summary });
      await this.ctx.bus.emit('meeting.agendaChanged', { meeting, summary });
    }
    return version;
  }

  private async itemOf(meetingId: string, itemId: string): Promise<AgendaItemRecord> {
    const item = await this.store.agenda.getItem(itemId);
    if (!item || item.meetingId !== meetingId) throw errors.notFound('agenda_item_not_found');
    return item;
  }

  private async checkPresenter(meetingId: string, presenterId: string | null): Promise<void> {
    if (presenterId === null) return;
    const p = await this.store.participants.getById(presenterId);
    if (!p || p.meetingId !== meetingId) {
      throw errors.invalid(
        [{ path: 'presenterId', key: 'agenda_presenter_invalid' }],
        'agenda_presenter_invalid',
      );
    }
  }

  /** Tells the other modules (search) that an item was written. */
  private async index(item: AgendaItemRecord): Promise<void> {
    await this.ctx.bus.emit('agenda.itemsChanged', {
      meetingId: item.meetingId,
      saved: [item],
      removedIds: [],
    });
  }

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }
}
