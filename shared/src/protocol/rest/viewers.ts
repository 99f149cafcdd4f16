import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import {
  ViewerLinkCreateInput,
  ViewerToken,
  type ViewerInfo,
  type ViewerLink,
  type ViewerLinkCreated,
} from '../../schemas/viewer.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });
const LinkParams = z.object({ id: Id, linkId: Id });
const TokenParams = z.object({ token: ViewerToken });
const TokenDocParams = z.object({ token: ViewerToken, documentId: Id });

/**
 * Viewer links: made and revoked by the secretariat (any link of the meeting) or by a site's
 * operator (their site's links); opened without an account by whoever holds the token.
 */
export const viewersContract = {
  list: endpoint<{ items: ViewerLink[] }>()({
    method: 'GET',
    path: '/meetings/:id/viewer-links',
    summary:
      "The meeting's viewer links (organisers: all; a site operator: their sites'), never with tokens.",
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  create: endpoint<ViewerLinkCreated>()({
    method: 'POST',
    path: '/meetings/:id/viewer-links',
    summary:
      'Makes a viewer link for a site of the briefing (or the whole meeting); the token is told only now.',
    params: IdParams,
    body: ViewerLinkCreateInput,
    status: 201,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  revoke: endpoint<{ link: ViewerLink }>()({
    method: 'DELETE',
    path: '/meetings/:id/viewer-links/:linkId',
    summary: 'Revokes a viewer link: its screens are disconnected at once and the token opens nothing more.',
    params: LinkParams,
    errors: ['forbidden', 'not_found'],
  }),
  info: endpoint<ViewerInfo>()({
    method: 'GET',
    path: '/view/:token',
    summary: 'What a viewer screen shows besides the live room: the meeting, its site and its agenda.',
    params: TokenParams,
    auth: false,
    errors: ['not_found', 'invalid_state'],
  }),
  file: endpoint<void>()({
    method: 'GET',
    path: '/view/:token/documents/:documentId/file',
    summary: 'The PDF the room is showing now (Range requests supported); any other document is refused.',
    params: TokenDocParams,
    auth: false,
    response: 'file',
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
} as const;
