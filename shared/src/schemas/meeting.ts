import { z } from 'zod';
import { Id, IsoDateTime, Text, Version } from './common.js';
import { MeetingStatus } from '../domain/meeting-status.js';

export const Confidentiality = z.enum(['public', 'internal', 'confidential']);
export type Confidentiality = z.infer<typeof Confidentiality>;

export const MeetingKind = z.enum(['regular', 'thematic', 'extraordinary', 'briefing', 'online']);
export type MeetingKind = z.infer<typeof MeetingKind>;

/**
 * Quorum rule: present voting members must be more than (`gt`) or at least (`gte`)
 * numerator/denominator of the voting members.
 */
export const QuorumRule = z.object({
  numerator: z.number().int().min(1),
  denominator: z.number().int().min(1),
  comparison: z.enum(['gt', 'gte']),
});
export type QuorumRule = z.infer<typeof QuorumRule>;
export const DEFAULT_QUORUM: QuorumRule = { numerator: 1, denominator: 2, comparison: 'gt' };

export const Meeting = z.object({
  id: Id,
  title: z.string(),
  kind: MeetingKind,
  location: z.string().nullable(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  status: MeetingStatus,
  confidentiality: Confidentiality,
  chairId: Id.nullable(),
  quorumRule: QuorumRule,
  statusReason: z.string().nullable(),
  createdBy: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Meeting = z.infer<typeof Meeting>;

export const MeetingCreateInput = z
  .strictObject({
    title: Text(300),
    kind: MeetingKind.default('regular'),
    location: Text(300)
      .nullish()
      .transform((v) => v ?? null),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    confidentiality: Confidentiality.default('internal'),
    chairId: Id.nullish().transform((v) => v ?? null),
    quorumRule: QuorumRule.default(DEFAULT_QUORUM),
  })
  .refine((m) => Date.parse(m.endsAt) > Date.parse(m.startsAt), {
    path: ['endsAt'],
    message: 'ends_before_start',
  });
export type MeetingCreateInput = z.infer<typeof MeetingCreateInput>;
