import {
  agendaContract as agenda,
  documentsContract as documents,
  meetingsContract as meetings,
  officialDocumentsContract as officialDocuments,
  participantsContract as participants,
  searchContract,
  type BodyIn,
  type MeetingKind,
  type MeetingScope,
  type MeetingStatus,
} from '@icabinet/shared';
import { call, urlOf } from '../../lib/api';

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

/** REST calls of meeting preparation (meetings, participants, agenda, documents, search). */
export const meetingsApi = {
  list: (f: MeetingFilters, offset: number, signal?: AbortSignal, limit = MEETINGS_PAGE_SIZE) =>
    call(meetings.list, { query: { ...f, limit, offset }, signal }),
  get: (meetingId: string, signal?: AbortSignal) => call(meetings.get, { params: { id: meetingId }, signal }),
  create: (input: BodyIn<typeof meetings.create>) => call(meetings.create, { body: input }),
  update: (meetingId: string, input: BodyIn<typeof meetings.update>) =>
    call(meetings.update, { params: { id: meetingId }, body: input }),
  setStatus: (meetingId: string, input: BodyIn<typeof meetings.setStatus>) =>
    call(meetings.setStatus, { params: { id: meetingId }, body: input }),
  clone: (meetingId: string, input: BodyIn<typeof meetings.clone>) =>
    call(meetings.clone, { params: { id: meetingId }, body: input }),
};

export const participantsApi = {
  list: (meetingId: string, signal?: AbortSignal) =>
    call(participants.list, { params: { id: meetingId }, signal }),
  add: (meetingId: string, input: BodyIn<typeof participants.add>) =>
    call(participants.add, { params: { id: meetingId }, body: input }),
  bulk: (meetingId: string, input: BodyIn<typeof participants.bulk>) =>
    call(participants.bulk, { params: { id: meetingId }, body: input }),
  update: (meetingId: string, pid: string, input: BodyIn<typeof participants.update>) =>
    call(participants.update, { params: { id: meetingId, pid }, body: input }),
  remove: (meetingId: string, pid: string) => call(participants.remove, { params: { id: meetingId, pid } }),
};

export const agendaApi = {
  get: (meetingId: string, signal?: AbortSignal) => call(agenda.get, { params: { id: meetingId }, signal }),
  add: (meetingId: string, input: BodyIn<typeof agenda.add>) =>
    call(agenda.add, { params: { id: meetingId }, body: input }),
  update: (meetingId: string, itemId: string, input: BodyIn<typeof agenda.update>) =>
    call(agenda.update, { params: { id: meetingId, itemId }, body: input }),
  remove: (meetingId: string, itemId: string, agendaVersion: number) =>
    call(agenda.remove, { params: { id: meetingId, itemId }, query: { agendaVersion } }),
  reorder: (meetingId: string, input: BodyIn<typeof agenda.reorder>) =>
    call(agenda.reorder, { params: { id: meetingId }, body: input }),
  revisions: (meetingId: string, signal?: AbortSignal) =>
    call(agenda.revisions, { params: { id: meetingId }, signal }),
};

export const documentsApi = {
  list: (meetingId: string, signal?: AbortSignal) =>
    call(documents.list, { params: { id: meetingId }, signal }),
  get: (documentId: string, signal?: AbortSignal) =>
    call(documents.get, { params: { id: documentId }, signal }),
  update: (documentId: string, input: BodyIn<typeof documents.update>) =>
    call(documents.update, { params: { id: documentId }, body: input }),
  remove: (documentId: string) => call(documents.remove, { params: { id: documentId } }),
  versions: (documentId: string, signal?: AbortSignal) =>
    call(documents.versions, { params: { id: documentId }, signal }),
  /** One slice of the pages whose text holds the words, with the totals over the whole document. */
  searchText: (
    documentId: string,
    q: string,
    slice: { offset: number; limit: number },
    signal?: AbortSignal,
  ) => call(documents.searchText, { params: { id: documentId }, query: { q, ...slice }, signal }),
  /** Where the PDF bytes are served (with Range support). */
  fileUrl: (documentId: string, download = false) =>
    urlOf(documents.file, { params: { id: documentId }, query: { download: download ? '1' : undefined } }),
};

/** Official documents of a meeting (Decree 30), downloaded as files. */
export const officialDocumentsApi = {
  /** The numbered invitation (giấy mời) as PDF; exists once the meeting has been published. */
  invitationPdfUrl: (meetingId: string) =>
    urlOf(officialDocuments.invitationPdf, { params: { id: meetingId } }),
};

export const searchApi = {
  search: (q: string, signal?: AbortSignal) => call(searchContract.search, { query: { q }, signal }),
};
