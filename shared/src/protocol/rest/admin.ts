import { z } from 'zod';
import type { AuditEntry, AuditVerifyResult } from '../../schemas/audit.js';
import { Id, IsoDateTime, QueryText, cleanText, type Paged } from '../../schemas/common.js';
import { SearchQuery, type SearchHit } from '../../schemas/search.js';
import type { SessionInfo } from '../../schemas/session.js';
import { UnitCreateInput, UnitUpdateInput, type Unit } from '../../schemas/unit.js';
import {
  PasswordResetInput,
  UserCreateInput,
  UserListQuery,
  UserUpdateInput,
  type User,
  type UserImportResult,
  type UserWithSecret,
} from '../../schemas/user.js';
import { endpoint } from '../rest.js';

/** The audit search: every given filter must match. */
export const AuditFilterQuery = z
  .object({
    /** One action (`document.deleted`) or a group of them (`document`). */
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]+)?$/)
      .optional(),
    /** Who did it. */
    actorId: Id.optional(),
    /** What it was done to (a user, meeting, document… id). */
    targetId: z.string().trim().min(1).max(100).pipe(cleanText()).optional(),
    /** From this instant (inclusive) to that one (exclusive). */
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    /** Words in the action, target, address or details (a name, a file name, an address). */
    q: QueryText(100).optional(),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to), {
    message: 'audit_range',
    path: ['to'],
  });
export type AuditFilterQuery = z.infer<typeof AuditFilterQuery>;

/** `GET /audit`: a page of the log, newest first. */
export const AuditListQuery = z.intersection(
  AuditFilterQuery,
  z.object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  }),
);

/** `GET /audit/export.csv`: the filtered log as CSV, at most this many entries (newest first). */
export const AUDIT_EXPORT_MAX = 50_000;

/** /api/units. */
export const unitsContract = {
  list: endpoint<{ items: Unit[] }>()({
    method: 'GET',
    path: '/units',
    summary: 'Every unit (for the admin page and the unit pickers).',
  }),
  create: endpoint<{ unit: Unit }>()({
    method: 'POST',
    path: '/units',
    summary: 'Creates a unit.',
    body: UnitCreateInput,
    status: 201,
    errors: ['forbidden', 'conflict', 'not_found'],
  }),
  update: endpoint<{ unit: Unit }>()({
    method: 'PATCH',
    path: '/units/:id',
    summary: 'Edits a unit (optimistic: `version` must match).',
    params: z.object({ id: Id }),
    body: UnitUpdateInput,
    errors: ['forbidden', 'conflict', 'not_found', 'invalid_state'],
  }),
} as const;

/** /api/audit (administrators only). */
export const auditContract = {
  list: endpoint<Paged<AuditEntry>>()({
    method: 'GET',
    path: '/audit',
    summary: 'A page of the audit log, newest first.',
    query: AuditListQuery,
    errors: ['forbidden'],
  }),
  verify: endpoint<AuditVerifyResult>()({
    method: 'GET',
    path: '/audit/verify',
    summary: "Checks the audit log's hash chain.",
    errors: ['forbidden'],
  }),
  exportCsv: endpoint<void>()({
    method: 'GET',
    path: '/audit/export.csv',
    summary:
      'The filtered audit log as CSV (UTF-8 with BOM; headers and times in the request language); the export is audited.',
    query: z.intersection(
      AuditFilterQuery,
      /** The language of the headers and times (the interface's); else Accept-Language. */
      z.object({ lang: z.enum(['vi', 'en']).optional() }),
    ),
    response: 'csv',
    errors: ['forbidden'],
  }),
} as const;

/** /api/metrics (administrators only): for the city's monitoring (Prometheus). */
export const metricsContract = {
  metrics: endpoint<void>()({
    method: 'GET',
    path: '/metrics',
    summary:
      'Process and application metrics in the Prometheus text format: connections, meetings, documents, jobs, event-loop delay, store latency.',
    response: 'text',
    errors: ['forbidden'],
  }),
} as const;

/** /api/search. */
export const searchContract = {
  search: endpoint<{ items: SearchHit[] }>()({
    method: 'GET',
    path: '/search',
    summary: 'One box over meeting titles, agenda items and document text the caller may see.',
    query: SearchQuery,
  }),
} as const;

const UserParams = z.object({ id: Id });

/** /api/users: administration of accounts. */
export const usersContract = {
  list: endpoint<Paged<User>>()({
    method: 'GET',
    path: '/users',
    summary: 'Accounts, filtered and paged.',
    query: UserListQuery,
    errors: ['forbidden'],
  }),
  create: endpoint<UserWithSecret>()({
    method: 'POST',
    path: '/users',
    summary: 'Creates an account; without a password the server generates a temporary one, shown once.',
    body: UserCreateInput,
    status: 201,
    errors: ['forbidden', 'conflict', 'not_found'],
  }),
  importCsv: endpoint<UserImportResult>()({
    method: 'POST',
    path: '/users/import',
    summary: 'Imports accounts from a CSV file (all or nothing; every bad line is reported).',
    request: 'csv',
    errors: ['forbidden', 'payload_too_large', 'unsupported_media_type'],
  }),
  get: endpoint<{ user: User }>()({
    method: 'GET',
    path: '/users/:id',
    summary: 'One account.',
    params: UserParams,
    errors: ['forbidden', 'not_found'],
  }),
  update: endpoint<{ user: User }>()({
    method: 'PATCH',
    path: '/users/:id',
    summary: 'Edits an account (optimistic: `version` must match).',
    params: UserParams,
    body: UserUpdateInput,
    errors: ['forbidden', 'conflict', 'not_found', 'invalid_state'],
  }),
  resetPassword: endpoint<UserWithSecret>()({
    method: 'POST',
    path: '/users/:id/reset-password',
    summary: 'Sets a new password, or generates a temporary one shown once.',
    params: UserParams,
    body: PasswordResetInput,
    errors: ['forbidden', 'not_found'],
  }),
  listSessions: endpoint<{ items: SessionInfo[] }>()({
    method: 'GET',
    path: '/users/:id/sessions',
    summary: "A user's open sessions: device, address, last activity (most recent first).",
    params: UserParams,
    errors: ['forbidden', 'not_found'],
  }),
  endSessions: endpoint<{ ended: number }>()({
    method: 'DELETE',
    path: '/users/:id/sessions',
    summary: 'Signs a user out everywhere (every session ends; their live connections close).',
    params: UserParams,
    errors: ['forbidden', 'not_found'],
  }),
  endSession: endpoint<void>()({
    method: 'DELETE',
    path: '/users/:id/sessions/:sessionId',
    summary: "Ends one of a user's sessions.",
    params: z.object({ id: Id, sessionId: z.string().regex(/^[0-9a-f]{64}$/) }),
    status: 204,
    errors: ['forbidden', 'not_found'],
  }),
  resetSecondFactor: endpoint<void>()({
    method: 'DELETE',
    path: '/users/:id/second-factor',
    summary: "Removes a user's second factor (lost phone); they enrol again at next sign-in if required.",
    params: UserParams,
    status: 204,
    errors: ['forbidden', 'not_found'],
  }),
} as const;
