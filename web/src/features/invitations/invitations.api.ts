import type {
  InAppNotification,
  Invitation,
  InvitationCounts,
  InvitationFigures,
  ReplyInput,
  ResendInput,
} from '@icabinet/shared';
import type { z } from 'zod';
import { api } from '../../lib/api';

const id = (value: string) => encodeURIComponent(value);

/** What the secretariat's tracking view loads. */
export interface MeetingInvitations {
  items: Invitation[];
  counts: InvitationCounts;
}

/** REST calls of digital invitations: my inbox, replies, and the secretariat's tracking. */
export const invitationsApi = {
  mine: (signal?: AbortSignal) => api.get<{ items: Invitation[] }>('/invitations/mine', { signal }),
  reply: (invitationId: string, input: z.input<typeof ReplyInput>) =>
    api.post<{ invitation: Invitation }>(`/invitations/${id(invitationId)}/reply`, { json: input }),
  forMeeting: (meetingId: string, signal?: AbortSignal) =>
    api.get<MeetingInvitations>(`/meetings/${id(meetingId)}/invitations`, { signal }),
  resend: (meetingId: string, invitationId: string, input: ResendInput = {}) =>
    api.post<{ invitation: Invitation }>(
      `/meetings/${id(meetingId)}/invitations/${id(invitationId)}/resend`,
      {
        json: input,
      },
    ),
  decideDeputy: (meetingId: string, invitationId: string, approve: boolean) =>
    api.post<{ invitation: Invitation }>(
      `/meetings/${id(meetingId)}/invitations/${id(invitationId)}/deputy`,
      { json: { approve } },
    ),
  /** The CSV export (UTF-8 with BOM, for Excel); a plain link downloads it with the session cookie. */
  csvUrl: (meetingId: string) => `/api/meetings/${id(meetingId)}/invitations.csv`,
  figures: (signal?: AbortSignal) => api.get<InvitationFigures>('/reports/invitations', { signal }),
};

/** The in-app notices of the signed-in user. */
export const notificationsApi = {
  list: (signal?: AbortSignal) =>
    api.get<{ items: InAppNotification[]; unread: number }>('/notifications', { signal }),
  markRead: (ids: string[] | 'all') => api.post<{ marked: number }>('/notifications/read', { json: { ids } }),
};
