import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import {
  OpinionAnswerInput,
  OpinionCreateInput,
  OpinionDeleteQuery,
  OpinionUpdateInput,
  OpinionResponseInput,
  type MyOpinionRequest,
  type OpinionDetail,
  type OpinionRecipient,
  type OpinionSummary,
} from '../../schemas/opinion.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });

/** Written opinions between meetings: /api/meetings/:id/opinions, /api/opinions/… */
export const opinionsContract = {
  forMeeting: endpoint<{ items: OpinionSummary[] }>()({
    method: 'GET',
    path: '/meetings/:id/opinions',
    summary: "A meeting's requests for written opinions, with how many members answered.",
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  create: endpoint<{ request: OpinionSummary }>()({
    method: 'POST',
    path: '/meetings/:id/opinions',
    summary: 'Prepares a request for written opinions on one of the meeting’s documents (a draft).',
    params: IdParams,
    body: OpinionCreateInput,
    status: 201,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  get: endpoint<OpinionDetail>()({
    method: 'GET',
    path: '/opinions/:id',
    summary: 'The consolidated table: every member’s answers and comments, and the result per question.',
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  update: endpoint<{ request: OpinionSummary }>()({
    method: 'PUT',
    path: '/opinions/:id',
    summary:
      'Rewrites a request that was not sent yet: title, draft, note, deadline, rule, questions and members.',
    params: IdParams,
    body: OpinionUpdateInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  remove: endpoint<void>()({
    method: 'DELETE',
    path: '/opinions/:id',
    summary: 'Deletes a request that was not sent yet.',
    params: IdParams,
    query: OpinionDeleteQuery,
    status: 204,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  send: endpoint<{ request: OpinionSummary }>()({
    method: 'POST',
    path: '/opinions/:id/send',
    summary: 'Sends a prepared request to its members (in the app, by e-mail) and schedules the reminders.',
    params: IdParams,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  respond: endpoint<{ recipient: OpinionRecipient }>()({
    method: 'PUT',
    path: '/opinions/:id/responses',
    summary: 'Writes (or clears) the secretariat’s response to one member’s comment.',
    params: IdParams,
    body: OpinionResponseInput,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  csv: endpoint<void>()({
    method: 'GET',
    path: '/opinions/:id/summary.csv',
    summary: 'The summary of opinions and responses as CSV (UTF-8 with BOM, for Excel).',
    params: IdParams,
    response: 'csv',
    errors: ['forbidden', 'not_found'],
  }),
  pdf: endpoint<void>()({
    method: 'GET',
    path: '/opinions/:id/summary.pdf',
    summary: 'The summary of opinions and responses as PDF (Bản tổng hợp, tiếp thu, giải trình ý kiến).',
    params: IdParams,
    response: 'file',
    errors: ['forbidden', 'not_found'],
  }),
  mine: endpoint<{ items: MyOpinionRequest[] }>()({
    method: 'GET',
    path: '/opinions/mine',
    summary: 'The requests for written opinions sent to me, pending ones first.',
  }),
  answer: endpoint<MyOpinionRequest>()({
    method: 'POST',
    path: '/opinions/:id/answer',
    summary: 'Answers a request sent to me, from the app.',
    params: IdParams,
    body: OpinionAnswerInput,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
} as const;
