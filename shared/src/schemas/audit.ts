import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

export const AuditAction = z.enum([
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'auth.second_factor_enabled',
  'user.second_factor_reset',
  'user.sessions_ended',
  'user.created',
  'user.updated',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'user.password_reset',
  'user.imported',
  'unit.created',
  'unit.updated',
  'system.bootstrap',
  'meeting.created',
  'meeting.updated',
  'meeting.status_changed',
  'meeting.published',
  'meeting.postponed',
  'meeting.cancelled',
  'room.started',
  'room.ended',
  'meeting.cloned',
  'invitation.replied',
  'invitation.deputy_approved',
  'invitation.deputy_rejected',
  'document.uploaded',
  'document.version_added',
  'document.updated',
  'document.deleted',
  'document.downloaded',
  'participant.added',
  'participant.updated',
  'participant.removed',
  'export.invitations_csv',
  'export.audit_csv',
  'settings.changed',
  'audit.anchor_mailed',
  'export.votes_csv',
  'vote.created',
  'vote.removed',
  'vote.opened',
  'vote.closed',
  'vote.annulled',
  'opinion.created',
  'opinion.updated',
  'opinion.deleted',
  'opinion.sent',
  'opinion.answered',
  'opinion.responded',
  'export.opinions_csv',
  'export.opinions_pdf',
  'official_document.issued',
  'export.invitation_pdf',
  'site.imported',
  'site.updated',
  'briefing.sites_linked',
  'briefing.site_reported',
  'viewer.link_created',
  'viewer.link_revoked',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** One hash-chained audit entry: `hash = sha256(prevHash + canonical(entry without hash))`. */
export const AuditEntry = z.object({
  seq: z.number().int().min(1),
  at: IsoDateTime,
  actorId: Id.nullable(),
  action: AuditAction,
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditVerifyResult = z.object({
  intact: z.boolean(),
  entries: z.number().int(),
  /** The first entry whose hash or link does not match, when the chain is broken. */
  firstBad: z
    .object({ seq: z.number().int(), reason: z.enum(['hash_mismatch', 'broken_link', 'gap']) })
    .nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
