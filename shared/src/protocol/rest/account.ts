import { z } from 'zod';
import { MyMeetingNotesParams, type MyMeetingNotes } from '../../schemas/annotations.js';
import { Id } from '../../schemas/common.js';
import { LoginInput, type Health, type LoginResult, type Me } from '../../schemas/session.js';
import {
  SecondFactorConfirmInput,
  SecondFactorLoginInput,
  type RecoveryCodes,
  type SecondFactorSetup,
} from '../../schemas/second-factor.js';
import { PasswordChangeInput } from '../../schemas/user.js';
import { endpoint } from '../rest.js';

/** /api/auth/*, /api/me and /api/health. */
export const authContract = {
  login: endpoint<LoginResult>()({
    method: 'POST',
    path: '/auth/login',
    summary:
      'Signs in; sets the session cookie (HTTP-only, SameSite=Strict), or, for an account with a ' +
      'second factor, answers a short-lived pending token and no session.',
    body: LoginInput,
    auth: false,
    errors: ['forbidden'],
  }),
  loginSecondFactor: endpoint<Me>()({
    method: 'POST',
    path: '/auth/login/second-factor',
    summary: 'Second sign-in step: the pending token and a TOTP or recovery code; sets the session cookie.',
    body: SecondFactorLoginInput,
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
  secondFactorSetup: endpoint<SecondFactorSetup>()({
    method: 'POST',
    path: '/me/second-factor/setup',
    summary:
      'Starts enrolling a TOTP second factor: a new secret and its QR code (not active until confirmed).',
    errors: ['invalid_state'],
  }),
  secondFactorConfirm: endpoint<RecoveryCodes>()({
    method: 'POST',
    path: '/me/second-factor/confirm',
    summary: 'Confirms enrolment with a first code; answers the ten recovery codes, shown only once.',
    body: SecondFactorConfirmInput,
    errors: ['invalid_state'],
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
