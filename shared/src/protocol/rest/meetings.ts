import { z } from 'zod';
import {
  type Agenda,
  AgendaDeleteQuery,
  AgendaItemCreateInput,
  AgendaItemUpdateInput,
  AgendaReorderInput,
  type AgendaItem,
  type AgendaRevision,
} from '../../schemas/agenda.js';
import { Id, type Paged } from '../../schemas/common.js';
import {
  MeetingCloneInput,
  MeetingCreateInput,
  MeetingListQuery,
  MeetingStatusInput,
  MeetingUpdateInput,
  type Meeting,
  type MeetingDetail,
  type MeetingSummary,
} from '../../schemas/meeting.js';
import {
  ParticipantAddInput,
  ParticipantBulkInput,
  ParticipantUpdateInput,
  type Participant,
  type ParticipantView,
} from '../../schemas/participant.js';
import { endpoint } from '../rest.js';

const MeetingParams = z.object({ id: Id });
const ParticipantParams = z.object({ id: Id, pid: Id });
const ItemParams = z.object({ id: Id, itemId: Id });

/** /api/meetings: the meetings list, one meeting's details, its status and copies. */
export const meetingsContract = {
  list: endpoint<Paged<MeetingSummary>>()({
    method: 'GET',
    path: '/meetings',
    summary: 'Meetings the caller may see, filtered and paged.',
    query: MeetingListQuery,
  }),
  get: endpoint<MeetingDetail>()({
    method: 'GET',
    path: '/meetings/:id',
    summary: "One meeting, the caller's role in it and what the caller may do.",
    params: MeetingParams,
    errors: ['forbidden', 'not_found'],
  }),
  create: endpoint<{ meeting: Meeting }>()({
    method: 'POST',
    path: '/meetings',
    summary: 'Creates a draft meeting.',
    body: MeetingCreateInput,
    status: 201,
    errors: ['forbidden'],
  }),
  update: endpoint<{ meeting: Meeting }>()({
    method: 'PATCH',
    path: '/meetings/:id',
    summary: "Edits a meeting's details (optimistic: `version` must match).",
    params: MeetingParams,
    body: MeetingUpdateInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  setStatus: endpoint<{ meeting: Meeting }>()({
    method: 'POST',
    path: '/meetings/:id/status',
    summary: 'Publishes, postpones, cancels or closes a meeting.',
    params: MeetingParams,
    body: MeetingStatusInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  clone: endpoint<{ meeting: Meeting }>()({
    method: 'POST',
    path: '/meetings/:id/clone',
    summary: 'Creates a draft copy of a meeting on a new date.',
    params: MeetingParams,
    body: MeetingCloneInput,
    status: 201,
    errors: ['forbidden', 'not_found'],
  }),
} as const;

/** /api/meetings/:id/participants. */
export const participantsContract = {
  list: endpoint<{ items: ParticipantView[] }>()({
    method: 'GET',
    path: '/meetings/:id/participants',
    summary: "A meeting's participants with their names, units and replies.",
    params: MeetingParams,
    errors: ['forbidden', 'not_found'],
  }),
  add: endpoint<{ participant: Participant }>()({
    method: 'POST',
    path: '/meetings/:id/participants',
    summary: 'Adds one participant.',
    params: MeetingParams,
    body: ParticipantAddInput,
    status: 201,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  bulk: endpoint<{ added: number; skipped: number }>()({
    method: 'POST',
    path: '/meetings/:id/participants/bulk',
    summary: 'Adds several people or whole units; those already invited are skipped.',
    params: MeetingParams,
    body: ParticipantBulkInput,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  update: endpoint<{ participant: Participant }>()({
    method: 'PATCH',
    path: '/meetings/:id/participants/:pid',
    summary: "Changes a participant's role or attendance.",
    params: ParticipantParams,
    body: ParticipantUpdateInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  remove: endpoint<void>()({
    method: 'DELETE',
    path: '/meetings/:id/participants/:pid',
    summary: 'Removes a participant.',
    params: ParticipantParams,
    status: 204,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
} as const;

/** /api/meetings/:id/agenda. */
export const agendaContract = {
  get: endpoint<Agenda>()({
    method: 'GET',
    path: '/meetings/:id/agenda',
    summary: "A meeting's agenda, in order, with its version.",
    params: MeetingParams,
    errors: ['forbidden', 'not_found'],
  }),
  revisions: endpoint<{ items: AgendaRevision[] }>()({
    method: 'GET',
    path: '/meetings/:id/agenda/revisions',
    summary: 'The recorded changes to a published agenda.',
    params: MeetingParams,
    errors: ['forbidden', 'not_found'],
  }),
  add: endpoint<{ item: AgendaItem; agendaVersion: number }>()({
    method: 'POST',
    path: '/meetings/:id/agenda/items',
    summary: 'Adds an agenda item (optimistic on `agendaVersion`).',
    params: MeetingParams,
    body: AgendaItemCreateInput,
    status: 201,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  update: endpoint<{ item: AgendaItem; agendaVersion: number }>()({
    method: 'PATCH',
    path: '/meetings/:id/agenda/items/:itemId',
    summary: 'Edits an agenda item.',
    params: ItemParams,
    body: AgendaItemUpdateInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  remove: endpoint<{ agendaVersion: number }>()({
    method: 'DELETE',
    path: '/meetings/:id/agenda/items/:itemId',
    summary: 'Removes an agenda item and its sub-items.',
    params: ItemParams,
    query: AgendaDeleteQuery,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  reorder: endpoint<Agenda>()({
    method: 'PUT',
    path: '/meetings/:id/agenda/order',
    summary: 'Sets the full order of the agenda.',
    params: MeetingParams,
    body: AgendaReorderInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
} as const;
