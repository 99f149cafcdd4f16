import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });

/** Official documents of a meeting in the form of Decree 30/2020/NĐ-CP. */
export const officialDocumentsContract = {
  invitationPdf: endpoint<void>()({
    method: 'GET',
    path: '/meetings/:id/invitation.pdf',
    summary:
      'The invitation (giấy mời) as an official document: numbered from the register at publication, Decree 30 layout.',
    params: IdParams,
    response: 'file',
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
} as const;
