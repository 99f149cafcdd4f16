import { z } from 'zod';

/** Meeting lifecycle. */
export const MeetingStatus = z.enum([
  'draft',
  'published',
  'in_progress',
  'ended',
  'closed',
  'cancelled',
  'postponed',
]);
export type MeetingStatus = z.infer<typeof MeetingStatus>;

/** The allowed lifecycle moves, defined once; the server enforces them. */
export const MEETING_TRANSITIONS: Readonly<Record<MeetingStatus, readonly MeetingStatus[]>> = {
  draft: ['published', 'cancelled'],
  published: ['in_progress', 'cancelled', 'postponed', 'draft'],
  postponed: ['published', 'cancelled'],
  in_progress: ['ended'],
  ended: ['closed'],
  closed: [],
  cancelled: [],
};

/** Whether a meeting may move from one status to another. */
export const canTransition = (from: MeetingStatus, to: MeetingStatus): boolean =>
  MEETING_TRANSITIONS[from].includes(to);

/** Statuses in which the meeting's content can no longer be edited. */
export const isFrozen = (s: MeetingStatus): boolean => s === 'closed' || s === 'cancelled';
