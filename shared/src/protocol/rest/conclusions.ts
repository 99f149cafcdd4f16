import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import {
  ConclusionPutInput,
  NoticeActionInput,
  type Conclusion,
  type ConclusionNotice,
  type ConclusionsView,
} from '../../schemas/conclusion.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });

/** Conclusions per agenda item and the conclusion notice's approval: /api/meetings/:id/conclusions… */
export const conclusionsContract = {
  list: endpoint<ConclusionsView>()({
    method: 'GET',
    path: '/meetings/:id/conclusions',
    summary:
      "The meeting's conclusions per agenda item and its conclusion notice's state. Participants who do not organise see the conclusions once the notice is issued.",
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  put: endpoint<{ conclusion: Conclusion; notice: ConclusionNotice }>()({
    method: 'PUT',
    path: '/meetings/:id/conclusions/:itemId',
    summary:
      "Writes one agenda item's conclusions (the points in order; ids kept) on the version read; refused once the notice is submitted.",
    params: z.object({ id: Id, itemId: Id }),
    body: ConclusionPutInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  act: endpoint<{ notice: ConclusionNotice }>()({
    method: 'POST',
    path: '/meetings/:id/conclusions/notice',
    summary:
      'One move of the conclusion notice: submit, withdraw, return (with a comment), approve (the chair), issue once signed by the chair (issued means signed: issueUnsigned is refused with 409).',
    params: IdParams,
    body: NoticeActionInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  pdf: endpoint<void>()({
    method: 'GET',
    path: '/meetings/:id/conclusions/notice.pdf',
    summary:
      'The conclusion notice as a Decree 30 PDF: the issued one for participants, a preview for the organisers before.',
    params: IdParams,
    response: 'file',
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
} as const;
