import { z } from 'zod';
import { Id, IsoDateTime } from '../../schemas/common.js';
import {
  ReplyInput,
  ResendInput,
  type Invitation,
  type InvitationCounts,
  type InvitationFigures,
} from '../../schemas/invitation.js';
import type { InAppNotification } from '../events.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });
const InvitationParams = z.object({ id: Id, invitationId: Id });

/** `POST /notifications/read`: which notices to mark read. */
export const NotificationsReadInput = z.strictObject({
  ids: z.union([z.array(Id).max(500), z.literal('all')]),
});
/** `POST …/deputy`: the chair's decision on a proposed deputy. */
export const DeputyDecisionInput = z.strictObject({ approve: z.boolean() });
/** `GET /reports/invitations`: the period of the figures (open ends allowed). */
export const InvitationFiguresQuery = z.object({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });

/** /api/invitations, /api/notifications, /api/meetings/:id/invitations, /api/reports/invitations. */
export const invitationsContract = {
  mine: endpoint<{ items: Invitation[] }>()({
    method: 'GET',
    path: '/invitations/mine',
    summary: "The signed-in user's invitations.",
  }),
  reply: endpoint<{ invitation: Invitation }>()({
    method: 'POST',
    path: '/invitations/:id/reply',
    summary: 'Answers one of my invitations (attend, decline, or send a deputy).',
    params: IdParams,
    body: ReplyInput,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  forMeeting: endpoint<{ items: Invitation[]; counts: InvitationCounts }>()({
    method: 'GET',
    path: '/meetings/:id/invitations',
    summary: "The secretariat's tracking view: every invitation of a meeting, with counts.",
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  csv: endpoint<void>()({
    method: 'GET',
    path: '/meetings/:id/invitations.csv',
    summary: "A meeting's invitations as CSV (UTF-8 with BOM, for Excel).",
    params: IdParams,
    response: 'csv',
    errors: ['forbidden', 'not_found'],
  }),
  resend: endpoint<{ invitation: Invitation }>()({
    method: 'POST',
    path: '/meetings/:id/invitations/:invitationId/resend',
    summary: 'Sends an invitation again on every channel, or only on those that failed.',
    params: InvitationParams,
    body: ResendInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  decideDeputy: endpoint<{ invitation: Invitation }>()({
    method: 'POST',
    path: '/meetings/:id/invitations/:invitationId/deputy',
    summary: 'Approves or refuses the deputy an invitee proposed.',
    params: InvitationParams,
    body: DeputyDecisionInput,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  figures: endpoint<InvitationFigures>()({
    method: 'GET',
    path: '/reports/invitations',
    summary: 'Reply and delivery figures over a period.',
    query: InvitationFiguresQuery,
    errors: ['forbidden'],
  }),
} as const;

/** /api/notifications: the in-app notices of the signed-in user. */
export const notificationsContract = {
  list: endpoint<{ items: InAppNotification[]; unread: number }>()({
    method: 'GET',
    path: '/notifications',
    summary: 'My latest in-app notices and how many are unread.',
  }),
  markRead: endpoint<{ marked: number }>()({
    method: 'POST',
    path: '/notifications/read',
    summary: 'Marks some or all of my notices read.',
    body: NotificationsReadInput,
  }),
} as const;
