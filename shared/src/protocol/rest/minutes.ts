import {
  MinutesApprovalInput,
  MinutesLockInput,
  MinutesParams,
  MinutesSettingsInput,
  MinutesVersionCreateInput,
  MinutesVersionParams,
  type MinutesApproval,
  type MinutesState,
  type MinutesVersion,
  type MinutesVersionText,
} from '../../schemas/minutes.js';
import { endpoint } from '../rest.js';

/** The minutes of a meeting (biên bản): state, the chair's toggle, named versions, the lock. */
export const minutesContract = {
  get: endpoint<{ minutes: MinutesState }>()({
    method: 'GET',
    path: '/meetings/:id/minutes',
    summary:
      "The minutes' state (lock, who may write, versions) and what the caller may do; the text itself is the Yjs document `doc:join` { layer: 'minutes' } syncs.",
    params: MinutesParams,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  settings: endpoint<{ minutes: MinutesState }>()({
    method: 'PUT',
    path: '/meetings/:id/minutes/settings',
    summary: 'The chair lets the other participants (not observers) write the minutes, or takes it back.',
    params: MinutesParams,
    body: MinutesSettingsInput,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  createVersion: endpoint<{ version: MinutesVersion }>()({
    method: 'POST',
    path: '/meetings/:id/minutes/versions',
    summary: '"Lưu phiên bản": a named snapshot of the minutes as they are now.',
    params: MinutesParams,
    body: MinutesVersionCreateInput,
    status: 201,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  versionText: endpoint<MinutesVersionText>()({
    method: 'GET',
    path: '/meetings/:id/minutes/versions/:versionId',
    summary: "One version's text (a line per block), for comparing two versions.",
    params: MinutesVersionParams,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  lock: endpoint<{ minutes: MinutesState }>()({
    method: 'POST',
    path: '/meetings/:id/minutes/lock',
    summary: 'Locks the minutes for signing; a version of the locked text is kept. Writes are refused after.',
    params: MinutesParams,
    body: MinutesLockInput,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  reopen: endpoint<{ minutes: MinutesState }>()({
    method: 'POST',
    path: '/meetings/:id/minutes/reopen',
    summary: 'Opens locked minutes again for a new version; the locked version stays as it was.',
    params: MinutesParams,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  approval: endpoint<{ approval: MinutesApproval }>()({
    method: 'POST',
    path: '/meetings/:id/minutes/approval',
    summary:
      'One move of the minutes as an official document (biên bản): submit the locked minutes, withdraw, return (with a comment), approve (the chair), issue once signed by the secretary and the chair (issued means signed: issuing unsigned minutes, or issueUnsigned, is refused with 409).',
    params: MinutesParams,
    body: MinutesApprovalInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  pdf: endpoint<void>()({
    method: 'GET',
    path: '/meetings/:id/minutes/minutes.pdf',
    summary:
      'The minutes as a Decree 30 PDF drawn from the locked text: the issued one for those who may read the minutes, a preview for the organisers before.',
    params: MinutesParams,
    response: 'file',
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
} as const;
