import type {
  Agenda,
  AgendaItem,
  AgendaItemCreateInput,
  AgendaItemUpdateInput,
  AgendaReorderInput,
  AgendaRevision,
  Meeting,
  MeetingCloneInput,
  MeetingCreateInput,
  MeetingDetail,
  MeetingDocument,
  MeetingKind,
  MeetingScope,
  MeetingStatus,
  MeetingStatusInput,
  MeetingSummary,
  MeetingUpdateInput,
  Participant,
  ParticipantAddInput,
  ParticipantBulkInput,
  ParticipantUpdateInput,
  ParticipantView,
  DocumentUpdateInput,
  SearchHit,
} from '@icabinet/shared';
import type { z } from 'zod';
import { api } from '../../lib/api';

/** What a request may send: the schema's input (before defaults and transforms). */
type In<S extends z.ZodType> = z.input<S>;

/** The page size of the meetings list. */
export const MEETINGS_PAGE_SIZE = 25;

/** Filters of the meetings list as the page keeps them in the address (empty = no filter). */
export interface MeetingFilters {
  scope: MeetingScope;
  q: string;
  kind: MeetingKind | '';
  status: MeetingStatus | '';
  from: string;
  to: string;
}

const id = (value: string) => encodeURIComponent(value);

/** REST calls of meeting preparation (meetings, participants, agenda, documents, search). */
export const meetingsApi = {
  list: (f: MeetingFilters, offset: number, signal?: AbortSignal, limit = MEETINGS_PAGE_SIZE) =>
    api.get<{ items: MeetingSummary[]; total: number }>('/meetings', {
      query: { ...f, limit, offset },
      signal,
    }),
  get: (meetingId: string, signal?: AbortSignal) =>
    api.get<MeetingDetail>(`/meetings/${id(meetingId)}`, { signal }),
  create: (input: In<typeof MeetingCreateInput>) =>
    api.post<{ meeting: Meeting }>('/meetings', { json: input }),
  update: (meetingId: string, input: In<typeof MeetingUpdateInput>) =>
    api.patch<{ meeting: Meeting }>(`/meetings/${id(meetingId)}`, { json: input }),
  setStatus: (meetingId: string, input: In<typeof MeetingStatusInput>) =>
    api.post<{ meeting: Meeting }>(`/meetings/${id(meetingId)}/status`, { json: input }),
  clone: (meetingId: string, input: In<typeof MeetingCloneInput>) =>
    api.post<{ meeting: Meeting }>(`/meetings/${id(meetingId)}/clone`, { json: input }),
};

export const participantsApi = {
  list: (meetingId: string, signal?: AbortSignal) =>
    api.get<{ items: ParticipantView[] }>(`/meetings/${id(meetingId)}/participants`, { signal }),
  add: (meetingId: string, input: In<typeof ParticipantAddInput>) =>
    api.post<{ participant: Participant }>(`/meetings/${id(meetingId)}/participants`, { json: input }),
  bulk: (meetingId: string, input: In<typeof ParticipantBulkInput>) =>
    api.post<{ added: number; skipped: number }>(`/meetings/${id(meetingId)}/participants/bulk`, {
      json: input,
    }),
  update: (meetingId: string, pid: string, input: In<typeof ParticipantUpdateInput>) =>
    api.patch<{ participant: Participant }>(`/meetings/${id(meetingId)}/participants/${id(pid)}`, {
      json: input,
    }),
  remove: (meetingId: string, pid: string) =>
    api.delete<undefined>(`/meetings/${id(meetingId)}/participants/${id(pid)}`),
};

export const agendaApi = {
  get: (meetingId: string, signal?: AbortSignal) =>
    api.get<Agenda>(`/meetings/${id(meetingId)}/agenda`, { signal }),
  add: (meetingId: string, input: In<typeof AgendaItemCreateInput>) =>
    api.post<{ item: AgendaItem; agendaVersion: number }>(`/meetings/${id(meetingId)}/agenda/items`, {
      json: input,
    }),
  update: (meetingId: string, itemId: string, input: In<typeof AgendaItemUpdateInput>) =>
    api.patch<{ item: AgendaItem; agendaVersion: number }>(
      `/meetings/${id(meetingId)}/agenda/items/${id(itemId)}`,
      { json: input },
    ),
  remove: (meetingId: string, itemId: string, agendaVersion: number) =>
    api.delete<{ agendaVersion: number }>(`/meetings/${id(meetingId)}/agenda/items/${id(itemId)}`, {
      query: { agendaVersion },
    }),
  reorder: (meetingId: string, input: In<typeof AgendaReorderInput>) =>
    api.put<Agenda>(`/meetings/${id(meetingId)}/agenda/order`, { json: input }),
  revisions: (meetingId: string, signal?: AbortSignal) =>
    api.get<{ items: AgendaRevision[] }>(`/meetings/${id(meetingId)}/agenda/revisions`, { signal }),
};

export const documentsApi = {
  list: (meetingId: string, signal?: AbortSignal) =>
    api.get<{ items: MeetingDocument[] }>(`/meetings/${id(meetingId)}/documents`, { signal }),
  get: (documentId: string, signal?: AbortSignal) =>
    api.get<{ document: MeetingDocument }>(`/documents/${id(documentId)}`, { signal }),
  update: (documentId: string, input: In<typeof DocumentUpdateInput>) =>
    api.patch<{ document: MeetingDocument }>(`/documents/${id(documentId)}`, { json: input }),
  remove: (documentId: string) => api.delete<undefined>(`/documents/${id(documentId)}`),
  versions: (documentId: string, signal?: AbortSignal) =>
    api.get<{ items: MeetingDocument[] }>(`/documents/${id(documentId)}/versions`, { signal }),
  /** Where the PDF bytes are served (with Range support). */
  fileUrl: (documentId: string, download = false) =>
    `/api/documents/${id(documentId)}/file${download ? '?download=1' : ''}`,
};

export const searchApi = {
  search: (q: string, signal?: AbortSignal) =>
    api.get<{ items: SearchHit[] }>('/search', { query: { q }, signal }),
};
