import { minutesContract as api, type BodyIn } from '@icabinet/shared';
import { call, urlOf } from '../../lib/api';

/** REST calls of the minutes (the text itself syncs over the socket, see useMinutesDoc). */
export const minutesApi = {
  get: (meetingId: string, signal?: AbortSignal) => call(api.get, { params: { id: meetingId }, signal }),
  setOthersMayEdit: (meetingId: string, othersMayEdit: boolean) =>
    call(api.settings, { params: { id: meetingId }, body: { othersMayEdit } }),
  saveVersion: (meetingId: string, name: string) =>
    call(api.createVersion, { params: { id: meetingId }, body: { name } }),
  versionText: (meetingId: string, versionId: string, signal?: AbortSignal) =>
    call(api.versionText, { params: { id: meetingId, versionId }, signal }),
  lock: (meetingId: string, name?: string) =>
    call(api.lock, { params: { id: meetingId }, body: name ? { name } : {} }),
  reopen: (meetingId: string) => call(api.reopen, { params: { id: meetingId } }),
  approval: (meetingId: string, body: BodyIn<typeof api.approval>) =>
    call(api.approval, { params: { id: meetingId }, body }),
  pdfUrl: (meetingId: string) => urlOf(api.pdf, { params: { id: meetingId } }),
};
