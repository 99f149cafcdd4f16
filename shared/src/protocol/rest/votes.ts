import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import { VoteCreateInput, VoteParams, type Vote } from '../../schemas/vote.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });

/** /api/meetings/:id/votes: prepared and held votes, their results and the CSV export. */
export const votesContract = {
  list: endpoint<{ items: Vote[] }>()({
    method: 'GET',
    path: '/meetings/:id/votes',
    summary: "A meeting's votes, prepared or held, with their state and, once closed, their results.",
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  create: endpoint<{ vote: Vote }>()({
    method: 'POST',
    path: '/meetings/:id/votes',
    summary: 'Prepares a vote (the secretariat before the meeting, or the chair on the spot).',
    params: IdParams,
    body: VoteCreateInput,
    status: 201,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  remove: endpoint<void>()({
    method: 'DELETE',
    path: '/meetings/:id/votes/:voteId',
    summary: 'Removes a vote that has not been opened.',
    params: VoteParams,
    status: 204,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  csv: endpoint<void>()({
    method: 'GET',
    path: '/meetings/:id/votes.csv',
    summary: "The meeting's vote results as CSV (UTF-8 with BOM; in the request's language).",
    params: IdParams,
    response: 'csv',
    errors: ['forbidden', 'not_found'],
  }),
} as const;
