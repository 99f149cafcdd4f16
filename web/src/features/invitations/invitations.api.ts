import {
  invitationsContract as invitations,
  notificationsContract as notifications,
  type BodyIn,
  type OutputOf,
} from '@icabinet/shared';
import { call, urlOf } from '../../lib/api';

/** What the secretariat's tracking view loads. */
export type MeetingInvitations = OutputOf<typeof invitations.forMeeting>;

/** REST calls of digital invitations: my inbox, replies, and the secretariat's tracking. */
export const invitationsApi = {
  mine: (signal?: AbortSignal) => call(invitations.mine, { signal }),
  reply: (invitationId: string, input: BodyIn<typeof invitations.reply>) =>
    call(invitations.reply, { params: { id: invitationId }, body: input }),
  forMeeting: (meetingId: string, signal?: AbortSignal) =>
    call(invitations.forMeeting, { params: { id: meetingId }, signal }),
  resend: (meetingId: string, invitationId: string, input: BodyIn<typeof invitations.resend> = {}) =>
    call(invitations.resend, { params: { id: meetingId, invitationId }, body: input }),
  decideDeputy: (meetingId: string, invitationId: string, approve: boolean) =>
    call(invitations.decideDeputy, { params: { id: meetingId, invitationId }, body: { approve } }),
  /** The CSV export (UTF-8 with BOM, for Excel); a plain link downloads it with the session cookie. */
  csvUrl: (meetingId: string) => urlOf(invitations.csv, { params: { id: meetingId } }),
  figures: (signal?: AbortSignal) => call(invitations.figures, { signal }),
};

/** The in-app notices of the signed-in user. */
export const notificationsApi = {
  list: (signal?: AbortSignal) => call(notifications.list, { signal }),
  markRead: (ids: string[] | 'all') => call(notifications.markRead, { body: { ids } }),
};
