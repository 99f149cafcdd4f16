import { z } from 'zod';
import { MyMeetingNotesParams, type MyMeetingNotes } from '../../schemas/annotations.js';
import { Id } from '../../schemas/common.js';
import { LoginInput, type Health, type Me } from '../../schemas/session.js';
import { PasswordChangeInput } from '../../schemas/user.js';
import { endpoint } from '../rest.js';

/** /api/auth/*, /api/me and /api/health. */
export const authContract = {
  login: endpoint<Me>()({
    method: 'POST',
    path: '/auth/login',
    summary: 'Signs in; sets the session cookie (HTTP-only, SameSite=Strict).',
    body: LoginInput,
    auth: false,
    errors: ['forbidden'],
  }),
  logout: endpoint<void>()({
    method: 'POST',
    path: '/auth/logout',
    summary: 'Ends the session and clears its cookie.',
    status: 204,
    auth: false,
  }),
  me: endpoint<Me>()({
    method: 'GET',
    path: '/me',
    summary: 'The signed-in user, their unit and when the session ends.',
  }),
  changePassword: endpoint<void>()({
    method: 'POST',
    path: '/me/password',
    summary: 'Changes my password (the current one is required).',
    body: PasswordChangeInput,
    status: 204,
  }),
  health: endpoint<Health>()({
    method: 'GET',
    path: '/health',
    summary: 'Liveness, the store in use and the server version.',
    auth: false,
  }),
} as const;

/** /api/documents/:id/annotated.pdf and /api/meetings/:meetingId/annotations/mine. */
export const annotationsContract = {
  annotatedPdf: endpoint<void>()({
    method: 'GET',
    path: '/documents/:id/annotated.pdf',
    summary: 'My copy of a document with my notes and the shared markup, as a PDF.',
    params: z.object({ id: Id }),
    response: 'file',
    errors: ['forbidden', 'not_found'],
  }),
  myNotes: endpoint<MyMeetingNotes>()({
    method: 'GET',
    path: '/meetings/:meetingId/annotations/mine',
    summary: '"Ghi chú của tôi": my notes in every document of a meeting I may read.',
    params: MyMeetingNotesParams,
    errors: ['forbidden', 'not_found'],
  }),
} as const;
