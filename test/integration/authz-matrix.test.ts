import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../utils/http.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';
import { expressRoutes, socketEvents } from '../utils/surface.js';
import {
  MATRIX,
  audienceOf,
  inAudience,
  type Conf,
  type MatrixRow,
  type Outcome,
  type Role,
  type Status,
  type Sys,
} from './authz-matrix.table.js';
import { buildWorld, makeCaller, type Caller, type World, type WorldMeeting } from './authz-matrix.world.js';

/** What the caller gets, as the matrix counts it. `passed`: statuses that mean "got past the policy". */
function outcomeOf(status: number, passed: number[] = []): Outcome {
  if (passed.includes(status)) return 'ok';
  if (status === 401) return 'unauth';
  if (status === 403) return 'deny';
  if (status === 404) return 'hidden';
  return 'ok';
}

interface Cell {
  world: World;
  caller: Caller;
  meeting: WorldMeeting;
}

type Runner = (cell: Cell) => Promise<Outcome>;

const STALE = 999_999;
/** An id nothing has. */
const UNKNOWN = '9a9a9a9a-0000-4000-8000-000000000000';
const notPdf = () => {
  const form = new FormData();
  form.append(
    'file',
    new Blob([new TextEncoder().encode('not a pdf')], { type: 'application/pdf' }),
    'x.pdf',
  );
  return form;
};

/** How each row is asked: a request that, once past the policy, changes nothing that matters. */
const RUN: Record<string, Runner> = {
  'GET /api/health|health check': ({ caller }) => caller.http('GET', '/api/health'),
  'GET /api/openapi.json|API description (OpenAPI)': ({ caller }) => caller.http('GET', '/api/openapi.json'),
  'GET /api/docs|API description (readable page)': ({ caller }) => caller.http('GET', '/api/docs'),
  'POST /api/auth/login|sign in (malformed body)': ({ caller }) => caller.http('POST', '/api/auth/login', {}),
  'POST /api/auth/login/second-factor|second sign-in step (malformed code)': ({ caller }) =>
    caller.http('POST', '/api/auth/login/second-factor', { pendingToken: 'x', code: 'abc' }),
  'POST /api/auth/logout|sign out': ({ caller }) => caller.http('POST', '/api/auth/logout', undefined, [204]),
  'GET /api/me|own account': ({ caller }) => caller.http('GET', '/api/me'),
  'POST /api/me/password|change own password (wrong current one)': ({ caller }) =>
    caller.http('POST', '/api/me/password', {
      currentPassword: 'khong-dung-mat-khau',
      newPassword: 'Mat-khau-moi-rat-dai-1',
    }),
  'POST /api/me/second-factor/setup|start enrolling a second factor': ({ caller }) =>
    caller.http('POST', '/api/me/second-factor/setup', {}),
  'POST /api/me/second-factor/confirm|confirm a second factor (malformed code)': ({ caller }) =>
    caller.http('POST', '/api/me/second-factor/confirm', { code: 'abc' }),
  'GET /api/users|list users': ({ caller }) => caller.http('GET', '/api/users'),
  'POST /api/users|create a user (name taken)': ({ caller, world }) =>
    caller.http('POST', '/api/users', {
      username: world.spare.username,
      fullName: 'Trùng tên',
      password: 'Mat-khau-song-da-1',
    }),
  'POST /api/users/import|import users (empty CSV)': ({ caller }) =>
    caller.http('POST', '/api/users/import', 'username,fullName\n', [], { 'content-type': 'text/csv' }),
  'GET /api/users/:id|read a user': ({ caller, world }) => caller.http('GET', `/api/users/${world.spare.id}`),
  'PATCH /api/users/:id|edit a user': ({ caller, world }) =>
    caller.http('PATCH', `/api/users/${world.spare.id}`, { fullName: world.spare.fullName }),
  'POST /api/users/:id/reset-password|reset a password': ({ caller, world }) =>
    caller.http('POST', `/api/users/${world.spare.id}/reset-password`, {}),
  'DELETE /api/users/:id/second-factor|reset a second factor (none enrolled)': ({ caller, world }) =>
    caller.http('DELETE', `/api/users/${world.spare.id}/second-factor`, undefined, [404]),
  "GET /api/users/:id/sessions|list a user's sessions": ({ caller, world }) =>
    caller.http('GET', `/api/users/${world.spare.id}/sessions`),
  'DELETE /api/users/:id/sessions|sign a user out everywhere': ({ caller, world }) =>
    caller.http('DELETE', `/api/users/${world.spare.id}/sessions`),
  'DELETE /api/users/:id/sessions/:sessionId|end one session (unknown)': ({ caller, world }) =>
    caller.http('DELETE', `/api/users/${world.spare.id}/sessions/${'0'.repeat(64)}`, undefined, [404]),
  'GET /api/units|list units': ({ caller }) => caller.http('GET', '/api/units'),
  'POST /api/units|create a unit (code taken)': ({ caller, world }) =>
    caller.http('POST', '/api/units', { code: world.unit.code, name: 'Trùng mã' }),
  'PATCH /api/units/:id|edit a unit (stale version)': ({ caller, world }) =>
    caller.http('PATCH', `/api/units/${world.unit.id}`, { name: 'Sở Nội vụ', version: STALE }),
  'GET /api/sites|list sites': ({ caller }) => caller.http('GET', '/api/sites'),
  'GET /api/sites/mine|own sites': ({ caller }) => caller.http('GET', '/api/sites/mine'),
  'POST /api/sites/import|import sites (empty CSV)': ({ caller }) =>
    caller.http('POST', '/api/sites/import', 'code,name,level\n', [], { 'content-type': 'text/csv' }),
  'PATCH /api/sites/:id|edit a site (unknown one)': ({ caller }) =>
    caller.http('PATCH', `/api/sites/${UNKNOWN}`, { name: 'Phường Phúc Xá', version: 0 }, [404]),
  'GET /api/audit|read the audit log': ({ caller }) => caller.http('GET', '/api/audit'),
  'GET /api/audit/verify|verify the audit chain': ({ caller }) => caller.http('GET', '/api/audit/verify'),
  'GET /api/audit/export.csv|export the audit log': ({ caller }) =>
    caller.http('GET', '/api/audit/export.csv?action=settings'),
  'GET /api/settings/security|read the security settings': ({ caller }) =>
    caller.http('GET', '/api/settings/security'),
  'PUT /api/settings/security|change the security settings (stale version)': ({ caller }) =>
    caller.http('PUT', '/api/settings/security', {
      passwordMinLength: 12,
      passwordHistory: 5,
      passwordBlockCommon: true,
      passwordBlockPersonal: true,
      passwordBlockSequences: true,
      twoFactorRoles: [],
      version: STALE,
    }),
  'GET /api/password-rules|read the password rules (for the hint)': ({ caller }) =>
    caller.http('GET', '/api/password-rules'),
  'GET /api/settings/deputies|read the deputy auto-approval': ({ caller }) =>
    caller.http('GET', '/api/settings/deputies'),
  'PUT /api/settings/deputies|change the deputy auto-approval (stale version)': ({ caller }) =>
    caller.http('PUT', '/api/settings/deputies', { autoApprove: true, version: STALE }),
  'GET /api/settings/gateway|read the SMS/Zalo gateway': ({ caller }) =>
    caller.http('GET', '/api/settings/gateway'),
  'PUT /api/settings/gateway|change the SMS/Zalo gateway (stale version)': ({ caller }) =>
    caller.http('PUT', '/api/settings/gateway', { url: null, version: STALE }),
  'GET /api/api-tokens|list the API tokens': ({ caller }) => caller.http('GET', '/api/api-tokens'),
  'POST /api/api-tokens|create an API token (no scope)': ({ caller }) =>
    caller.http('POST', '/api/api-tokens', { name: 'Hệ thống văn bản', scopes: [] }),
  'DELETE /api/api-tokens/:id|revoke an API token (unknown one)': ({ caller }) =>
    caller.http('DELETE', `/api/api-tokens/${UNKNOWN}`, undefined, [404]),
  'GET /api/webhooks|list the webhooks': ({ caller }) => caller.http('GET', '/api/webhooks'),
  'POST /api/webhooks|add a webhook (not an http address)': ({ caller }) =>
    caller.http('POST', '/api/webhooks', {
      name: 'Hệ thống văn bản',
      url: 'ftp://vanban.example/su-kien',
      events: ['meeting.published'],
    }),
  'PATCH /api/webhooks/:id|change a webhook (unknown one)': ({ caller }) =>
    caller.http('PATCH', `/api/webhooks/${UNKNOWN}`, { active: false, version: 0 }, [404]),
  'DELETE /api/webhooks/:id|remove a webhook (unknown one)': ({ caller }) =>
    caller.http('DELETE', `/api/webhooks/${UNKNOWN}`, undefined, [404]),
  'GET /api/webhooks/deliveries|read the delivery log': ({ caller }) =>
    caller.http('GET', '/api/webhooks/deliveries'),
  'POST /api/webhooks/deliveries/:id/resend|re-send a delivery (unknown one)': ({ caller }) =>
    caller.http('POST', `/api/webhooks/deliveries/${UNKNOWN}/resend`, undefined, [404]),
  'GET /api/integration/meetings|list meetings for another system': ({ caller }) =>
    caller.http('GET', '/api/integration/meetings'),
  'GET /api/integration/meetings/:id/signed-documents|list signed documents (unknown meeting)': ({
    caller,
  }) => caller.http('GET', `/api/integration/meetings/${UNKNOWN}/signed-documents`, undefined, [404]),
  'GET /api/integration/meetings/:id/signed-documents/:documentId/file|download a signed document (unknown meeting)':
    ({ caller }) =>
      caller.http(
        'GET',
        `/api/integration/meetings/${UNKNOWN}/signed-documents/official-invitation/file`,
        undefined,
        [404],
      ),
  'GET /api/settings/follow-up|read when task reminders go out': ({ caller }) =>
    caller.http('GET', '/api/settings/follow-up'),
  'PUT /api/settings/follow-up|change when task reminders go out (stale version)': ({ caller }) =>
    caller.http('PUT', '/api/settings/follow-up', {
      remindDaysBefore: [3, 1],
      remindOnDay: true,
      escalateAfterDays: 0,
      hour: 8,
      version: STALE,
    }),
  'GET /api/tasks|list the tasks one may see': ({ caller }) => caller.http('GET', '/api/tasks'),
  'POST /api/tasks|assign a task (unknown lead unit)': ({ caller }) =>
    caller.http('POST', '/api/tasks', { title: 'Nhiệm vụ thử', leadUnitId: UNKNOWN, deadline: '2099-12-31' }),
  'GET /api/tasks/:id|read a task (unknown one)': ({ caller }) =>
    caller.http('GET', `/api/tasks/${UNKNOWN}`, undefined, [404]),
  'POST /api/tasks/:id/actions|act on a task (unknown one)': ({ caller }) =>
    caller.http('POST', `/api/tasks/${UNKNOWN}/actions`, { action: 'start', version: 1 }, [404]),
  'POST /api/tasks/:id/files|attach a file to a task (unknown one)': ({ caller }) =>
    caller.http('POST', `/api/tasks/${UNKNOWN}/files`, notPdf(), [404]),
  'GET /api/tasks/:id/files/:fileId|download a task file (unknown one)': ({ caller }) =>
    caller.http('GET', `/api/tasks/${UNKNOWN}/files/${UNKNOWN}`, undefined, [404]),
  'GET /api/metrics|read the monitoring metrics': ({ caller }) => caller.http('GET', '/api/metrics'),
  'GET /api/invitations/mine|own invitations': ({ caller }) => caller.http('GET', '/api/invitations/mine'),
  'GET /api/notifications|own notifications': ({ caller }) => caller.http('GET', '/api/notifications'),
  'POST /api/notifications/read|mark own notifications read': ({ caller }) =>
    caller.http('POST', '/api/notifications/read', { ids: 'all' }),
  'GET /api/reports/invitations|invitation figures': ({ caller }) =>
    caller.http('GET', '/api/reports/invitations'),
  'GET /api/reports/period|period report': ({ caller }) =>
    caller.http('GET', '/api/reports/period?from=2026-12-01&to=2026-12-31'),
  'GET /api/reports/period.csv|export the period report (CSV)': ({ caller }) =>
    caller.http('GET', '/api/reports/period.csv?from=2026-12-01&to=2026-12-31'),
  'GET /api/reports/period.xlsx|export the period report (Excel)': ({ caller }) =>
    caller.http('GET', '/api/reports/period.xlsx?from=2026-12-01&to=2026-12-31'),
  'GET /api/reports/period.pdf|export the period report (PDF)': ({ caller }) =>
    caller.http('GET', '/api/reports/period.pdf?from=2026-12-01&to=2026-12-31'),
  'GET /api/reports/tasks|task dashboard': ({ caller }) =>
    caller.http('GET', '/api/reports/tasks?from=2026-12-01&to=2026-12-31'),
  'GET /api/reports/tasks.csv|export the task dashboard (CSV)': ({ caller }) =>
    caller.http('GET', '/api/reports/tasks.csv?from=2026-12-01&to=2026-12-31'),
  'GET /api/reports/tasks.xlsx|export the task dashboard (Excel)': ({ caller }) =>
    caller.http('GET', '/api/reports/tasks.xlsx?from=2026-12-01&to=2026-12-31'),
  'GET /api/settings/unit-costs|read the unit costs': ({ caller }) =>
    caller.http('GET', '/api/settings/unit-costs'),
  'PUT /api/settings/unit-costs|change the unit costs (stale version)': ({ caller }) =>
    caller.http('PUT', '/api/settings/unit-costs', {
      smsInvitationVnd: 1000,
      printedPageVnd: 500,
      copiesPerDocument: null,
      version: STALE,
    }),
  'POST /api/meetings|create a meeting': ({ caller, world }) =>
    caller.http('POST', '/api/meetings', world.newMeetingInput()),
  [String.raw`GET /^(?!\/api\/|\/socket\.io\/).*/|the web app`]: ({ caller }) =>
    caller.http('GET', '/meetings'),
  'GET /api/view/:token|viewer screen (unknown link)': ({ caller }) =>
    caller.http('GET', `/api/view/${'a'.repeat(43)}`),
  'GET /api/view/:token/documents/:documentId/file|viewer screen file (unknown link)': ({ caller }) =>
    caller.http('GET', `/api/view/${'a'.repeat(43)}/documents/${UNKNOWN}/file`),
  'POST /api/devices/pairings|ask for a pairing code (a tablet)': ({ caller }) =>
    caller.http('POST', '/api/devices/pairings'),
  'POST /api/devices/pairings/claim|claim a pairing (unknown code)': ({ caller }) =>
    caller.http('POST', '/api/devices/pairings/claim', { code: 'ABCDEF', claimSecret: 'a'.repeat(43) }),
  'GET /api/devices|list the tablets (fleet page)': ({ caller }) => caller.http('GET', '/api/devices'),
  'POST /api/devices|pair a tablet (unknown code)': ({ caller }) =>
    caller.http(
      'POST',
      '/api/devices',
      { code: 'ABCDEF', room: 'Phòng họp số 1', seatLabel: 'Ghế 01' },
      [404],
    ),
  'DELETE /api/devices/:id|revoke a tablet (unknown one)': ({ caller }) =>
    caller.http('DELETE', `/api/devices/${UNKNOWN}`, undefined, [404]),
  "GET /api/device/home|a tablet's room (unknown credential)": ({ caller }) =>
    caller.http('GET', '/api/device/home', undefined, [], { 'x-device-token': 'a'.repeat(43) }),
  'POST /api/device/pin-login|PIN sign-in (unknown credential)': ({ caller }) =>
    caller.http('POST', '/api/device/pin-login', { userId: UNKNOWN, pin: '1234' }, [], {
      'x-device-token': 'a'.repeat(43),
    }),
  'PUT /api/me/pin|set own PIN (wrong password)': ({ caller }) =>
    caller.http('PUT', '/api/me/pin', { pin: '1234', currentPassword: 'not-the-password' }),
  'DELETE /api/me/pin|remove own PIN': ({ caller }) => caller.http('DELETE', '/api/me/pin', undefined, [204]),
  "device:status|report a tablet's state (not a tablet)": ({ caller }) =>
    caller.emit('device:status', {
      appVersion: '0.1.0',
      battery: null,
      network: { online: true, type: null },
      pack: { meetingId: null, state: 'none', progress: null },
    }),
  'fleet:watch|follow the fleet of tablets': ({ caller }) => caller.emit('fleet:watch', {}),
  'GET /api/meetings/:id/viewer-links|list viewer links': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/viewer-links`),
  'POST /api/meetings/:id/viewer-links|make a viewer link (unknown site)': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/viewer-links`, { siteId: UNKNOWN }, [404]),
  'DELETE /api/meetings/:id/viewer-links/:linkId|revoke a viewer link (unknown one)': ({ caller, meeting }) =>
    caller.http('DELETE', `/api/meetings/${meeting.id}/viewer-links/${UNKNOWN}`, undefined, [404]),
  'GET /invite/:token|reply page (unknown link)': ({ caller }) =>
    caller.http('GET', `/invite/${'a'.repeat(43)}`),
  'POST /invite/:token|reply by link (unknown link)': ({ caller, world }) =>
    caller.http('POST', `/invite/${'a'.repeat(43)}`, 'answer=attend', [], {
      'content-type': 'application/x-www-form-urlencoded',
      origin: world.url,
    }),

  'GET /api/opinions/mine|own requests for written opinions': ({ caller }) =>
    caller.http('GET', '/api/opinions/mine'),
  'GET /opinion/:token|opinion page (unknown link)': ({ caller }) =>
    caller.http('GET', `/opinion/${'a'.repeat(43)}`),
  'GET /opinion/:token/draft.pdf|draft behind an opinion link (unknown link)': ({ caller }) =>
    caller.http('GET', `/opinion/${'a'.repeat(43)}/draft.pdf`),
  'POST /opinion/:token|answer by link (unknown link)': ({ caller, world }) =>
    caller.http('POST', `/opinion/${'a'.repeat(43)}`, 'choice=agree', [], {
      'content-type': 'application/x-www-form-urlencoded',
      origin: world.url,
    }),

  'GET /api/meetings|the meeting is listed': async ({ caller, meeting }) => {
    const res = await caller.raw<{ items: { id: string }[] }>('GET', '/api/meetings?scope=all&limit=100');
    if (res.status !== 200) return outcomeOf(res.status);
    return res.body.items.some((i) => i.id === meeting.id) ? 'ok' : 'deny';
  },
  'GET /api/search|the meeting is found': async ({ caller, meeting }) => {
    const res = await caller.raw<{ items: { id: string; kind: string }[] }>(
      'GET',
      `/api/search?q=${meeting.word}&limit=50`,
    );
    if (res.status !== 200) return outcomeOf(res.status);
    return res.body.items.some((i) => i.kind === 'meeting' && i.id === meeting.id) ? 'ok' : 'deny';
  },
  'GET /api/meetings/:id|read the meeting': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}`),
  'PATCH /api/meetings/:id|edit the meeting (stale version)': ({ caller, meeting }) =>
    caller.http('PATCH', `/api/meetings/${meeting.id}`, { version: STALE, location: 'Phòng họp số 9' }),
  'POST /api/meetings/:id/status|change its status (stale version)': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/status`, {
      to: 'cancelled',
      reason: 'Kiểm tra quyền',
      version: STALE,
    }),
  'POST /api/meetings/:id/clone|clone it': ({ caller, meeting, world }) => {
    const { startsAt, endsAt } = world.newMeetingInput();
    return caller.http('POST', `/api/meetings/${meeting.id}/clone`, { startsAt, endsAt });
  },
  'GET /api/meetings/:id/participants|list participants': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/participants`),
  'POST /api/meetings/:id/participants|add a participant (unknown user)': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/participants`, {
      userId: randomUUID(),
      role: 'delegate',
    }),
  'POST /api/meetings/:id/participants/bulk|add participants in bulk': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/participants/bulk`, { userIds: [randomUUID()] }),
  'PATCH /api/meetings/:id/participants/:pid|edit a participant': ({ caller, meeting }) =>
    caller.http('PATCH', `/api/meetings/${meeting.id}/participants/${meeting.spareParticipantId}`, {
      seat: null,
    }),
  'DELETE /api/meetings/:id/participants/:pid|remove a participant (unknown one)': ({ caller, meeting }) =>
    caller.http('DELETE', `/api/meetings/${meeting.id}/participants/${randomUUID()}`, undefined, [404]),
  'GET /api/meetings/:id/agenda|read the agenda': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/agenda`),
  'GET /api/meetings/:id/agenda/revisions|read agenda revisions': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/agenda/revisions`),
  'POST /api/meetings/:id/agenda/items|add an item (stale version)': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/agenda/items`, {
      title: 'Mục kiểm tra quyền',
      plannedMinutes: 5,
      agendaVersion: STALE,
    }),
  'PATCH /api/meetings/:id/agenda/items/:itemId|edit an item (stale version)': ({ caller, meeting }) =>
    caller.http('PATCH', `/api/meetings/${meeting.id}/agenda/items/${meeting.itemId}`, {
      title: 'Sửa',
      agendaVersion: STALE,
    }),
  'DELETE /api/meetings/:id/agenda/items/:itemId|delete an item (stale version)': ({ caller, meeting }) =>
    caller.http(
      'DELETE',
      `/api/meetings/${meeting.id}/agenda/items/${meeting.itemId}?agendaVersion=${STALE}`,
    ),
  'PUT /api/meetings/:id/agenda/order|reorder (stale version)': ({ caller, meeting }) =>
    caller.http('PUT', `/api/meetings/${meeting.id}/agenda/order`, {
      agendaVersion: STALE,
      items: [{ id: meeting.itemId, parentId: null }],
    }),
  'POST /api/signatures/verify|check the signatures of a PDF (not a PDF)': ({ caller }) =>
    caller.http('POST', '/api/signatures/verify', notPdf()),
  'POST /api/meetings/:id/documents|upload (not a PDF)': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/documents`, notPdf()),
  'GET /api/meetings/:id/documents|list documents': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/documents`),
  'GET /api/meetings/:id/pack|read the offline pack manifest': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/pack`),
  'GET /api/documents/:id|read a document': ({ caller, meeting }) =>
    caller.http('GET', `/api/documents/${meeting.docId}`),
  "GET /api/documents/:id|read the organisers' document": ({ caller, meeting }) =>
    caller.http('GET', `/api/documents/${meeting.orgDocId}`),
  'PATCH /api/documents/:id|edit a document (stale version)': ({ caller, meeting }) =>
    caller.http('PATCH', `/api/documents/${meeting.docId}`, { version: STALE, name: 'x.pdf' }),
  'DELETE /api/documents/:id|delete a document': async ({ caller, meeting, world }) =>
    caller.http('DELETE', `/api/documents/${await world.sacrificialDocument(meeting)}`),
  'GET /api/documents/:id/search|search in a document': ({ caller, meeting }) =>
    caller.http('GET', `/api/documents/${meeting.docId}/search?q=so`),
  'GET /api/documents/:id/versions|list versions': ({ caller, meeting }) =>
    caller.http('GET', `/api/documents/${meeting.docId}/versions`),
  'POST /api/documents/:id/versions|replace (not a PDF)': ({ caller, meeting }) =>
    caller.http('POST', `/api/documents/${meeting.docId}/versions`, notPdf()),
  'GET /api/documents/:id/file|view the file': ({ caller, meeting }) =>
    caller.http('GET', `/api/documents/${meeting.docId}/file`),
  "GET /api/documents/:id/file|view the organisers' file": ({ caller, meeting }) =>
    caller.http('GET', `/api/documents/${meeting.orgDocId}/file`),
  'GET /api/documents/:id/file|download the file': ({ caller, meeting }) =>
    caller.http('GET', `/api/documents/${meeting.docId}/file?download=1`),
  'GET /api/documents/:id/annotated.pdf|export with notes': ({ caller, meeting }) =>
    caller.http('GET', `/api/documents/${meeting.docId}/annotated.pdf`),
  'GET /api/meetings/:meetingId/annotations/mine|my notes': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/annotations/mine`),
  'GET /api/meetings/:id/invitations|list invitations': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/invitations`),
  'GET /api/meetings/:id/invitations.csv|export invitations': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/invitations.csv`),
  'POST /api/meetings/:id/invitations/:invitationId/resend|resend failed deliveries': ({ caller, meeting }) =>
    caller.http(
      'POST',
      `/api/meetings/${meeting.id}/invitations/${meeting.invitationId}/resend`,
      { only: 'failed' },
      [404],
    ),
  'POST /api/meetings/:id/invitations/:invitationId/deputy|decide a deputy': ({ caller, meeting }) =>
    caller.http(
      'POST',
      `/api/meetings/${meeting.id}/invitations/${meeting.invitationId}/deputy`,
      { approve: true },
      [404],
    ),
  'GET /api/meetings/:id/opinions|list requests for written opinions': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/opinions`),
  'POST /api/meetings/:id/opinions|prepare a request (deadline past)': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/opinions`, {
      title: 'Xin ý kiến thử',
      documentId: meeting.docId,
      deadline: '2020-01-01T00:00:00.000Z',
      questions: ['Đồng ý?'],
      participantIds: [],
    }),
  'GET /api/opinions/:id|read the consolidated table': ({ caller, meeting }) =>
    caller.http('GET', `/api/opinions/${meeting.opinionId}`),
  'PUT /api/opinions/:id|edit a draft request (deadline past)': ({ caller, meeting }) =>
    caller.http('PUT', `/api/opinions/${meeting.opinionId}`, {
      title: 'Xin ý kiến thử',
      documentId: meeting.docId,
      deadline: '2020-01-01T00:00:00.000Z',
      questions: ['Đồng ý?'],
      participantIds: [],
      version: 0,
    }),
  'DELETE /api/opinions/:id|delete a draft request (stale version)': ({ caller, meeting }) =>
    caller.http('DELETE', `/api/opinions/${meeting.opinionId}?version=999`),
  'POST /api/opinions/:id/send|send a request (already sent, or a draft meeting)': ({ caller, meeting }) =>
    caller.http('POST', `/api/opinions/${meeting.opinionId}/send`),
  'PUT /api/opinions/:id/responses|respond to a comment (unknown question)': ({ caller, meeting }) =>
    caller.http('PUT', `/api/opinions/${meeting.opinionId}/responses`, {
      recipientId: randomUUID(),
      questionId: randomUUID(),
      response: 'Tiếp thu',
    }),
  'GET /api/opinions/:id/summary.csv|export the summary (CSV)': ({ caller, meeting }) =>
    caller.http('GET', `/api/opinions/${meeting.opinionId}/summary.csv`),
  "GET /api/meetings/:id/minutes|read the minutes' state": ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/minutes`),
  'GET /api/meetings/:id/minutes/versions/:versionId|read a version (unknown one)': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/minutes/versions/${UNKNOWN}`, undefined, [404]),
  'PUT /api/meetings/:id/minutes/settings|let participants write (kept off)': ({ caller, meeting }) =>
    caller.http('PUT', `/api/meetings/${meeting.id}/minutes/settings`, { othersMayEdit: false }),
  'POST /api/meetings/:id/minutes/versions|save a version': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/minutes/versions`, { name: `Bản của ${caller.key}` }),
  'POST /api/meetings/:id/minutes/lock|lock the minutes': async ({ caller, meeting }) => {
    const outcome = await caller.http('POST', `/api/meetings/${meeting.id}/minutes/lock`, {});
    if (outcome === 'ok') await caller.http('POST', `/api/meetings/${meeting.id}/minutes/reopen`);
    return outcome;
  },
  'POST /api/meetings/:id/minutes/reopen|reopen minutes (not locked)': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/minutes/reopen`),
  'POST /api/meetings/:id/minutes/approval|submit the minutes (not locked)': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/minutes/approval`, { action: 'submit', version: 0 }),
  'GET /api/meetings/:id/minutes/minutes.pdf|preview the minutes (not issued)': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/minutes/minutes.pdf`),
  'POST /api/meetings/:id/official-documents/:type/sign|sign the minutes (not approved)': ({
    caller,
    meeting,
  }) => caller.http('POST', `/api/meetings/${meeting.id}/official-documents/minutes/sign`, new FormData()),
  'GET /api/meetings/:id/invitation.pdf|download the invitation (PDF)': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/invitation.pdf`),
  'GET /api/meetings/:id/conclusions|read the conclusions and the notice': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/conclusions`),
  "PUT /api/meetings/:id/conclusions/:itemId|write an item's conclusions (stale version)": ({
    caller,
    meeting,
  }) =>
    caller.http('PUT', `/api/meetings/${meeting.id}/conclusions/${meeting.itemId}`, {
      version: 99,
      points: [{ text: 'Kết luận thử' }],
    }),
  'POST /api/meetings/:id/conclusions/notice|approve the conclusion notice (not submitted)': ({
    caller,
    meeting,
  }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/conclusions/notice`, { action: 'approve', version: 0 }),
  'GET /api/meetings/:id/conclusions/notice.pdf|preview the conclusion notice (not issued)': ({
    caller,
    meeting,
  }) => caller.http('GET', `/api/meetings/${meeting.id}/conclusions/notice.pdf`),
  'GET /api/meetings/:id/official-documents/:type/signatures|who signed the invitation': ({
    caller,
    meeting,
  }) => caller.http('GET', `/api/meetings/${meeting.id}/official-documents/invitation/signatures`),
  'GET /api/meetings/:id/official-documents/:type/signed.pdf|download the signed invitation (none yet)': ({
    caller,
    meeting,
  }) =>
    caller.http(
      'GET',
      `/api/meetings/${meeting.id}/official-documents/invitation/signed.pdf`,
      undefined,
      [404],
    ),
  'POST /api/meetings/:id/official-documents/:type/sign|sign the invitation (no .p12 sent)': ({
    caller,
    meeting,
  }) => caller.http('POST', `/api/meetings/${meeting.id}/official-documents/invitation/sign`, new FormData()),
  'POST /api/meetings/:id/official-documents/:type/sign|sign the conclusion notice (not approved)': ({
    caller,
    meeting,
  }) =>
    caller.http(
      'POST',
      `/api/meetings/${meeting.id}/official-documents/conclusion_notice/sign`,
      new FormData(),
    ),
  'POST /api/meetings/:id/official-documents/:type/sign/external|start an external signature (unreadable certificate)':
    ({ caller, meeting }) =>
      caller.http('POST', `/api/meetings/${meeting.id}/official-documents/invitation/sign/external`, {
        certificates: ['A'.repeat(120)],
      }),
  'POST /api/meetings/:id/official-documents/:type/sign/external/complete|complete an external signature (unknown session)':
    ({ caller, meeting }) =>
      caller.http(
        'POST',
        `/api/meetings/${meeting.id}/official-documents/invitation/sign/external/complete`,
        {
          sessionId: 'A'.repeat(32),
          signature: 'A'.repeat(32),
        },
      ),
  'GET /api/opinions/:id/summary.pdf|export the summary (PDF)': ({ caller, meeting }) =>
    caller.http('GET', `/api/opinions/${meeting.opinionId}/summary.pdf`),
  'POST /api/opinions/:id/answer|answer a request sent to a delegate (unknown question)': ({
    caller,
    meeting,
  }) =>
    caller.http('POST', `/api/opinions/${meeting.opinionId}/answer`, {
      answers: [{ questionId: randomUUID(), choice: 'agree' }],
    }),
  'GET /api/meetings/:id/sites|read the linked sites and roll-up': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/sites`),
  'PUT /api/meetings/:id/sites|link sites (not an online meeting)': ({ caller, meeting }) =>
    caller.http('PUT', `/api/meetings/${meeting.id}/sites`, { siteIds: [] }),
  'POST /api/meetings/:id/sites/:siteId/report|report a roll-call (unknown site)': ({ caller, meeting }) =>
    caller.http('POST', `/api/meetings/${meeting.id}/sites/${UNKNOWN}/report`, { present: 3 }),
  "POST /api/invitations/:id/reply|reply to a delegate's invitation": ({ caller, meeting }) =>
    caller.http('POST', `/api/invitations/${meeting.invitationId}/reply`, { answer: 'attend' }),

  'GET /api/meetings/:id/votes|list votes': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/votes`),
  'GET /api/meetings/:id/votes.csv|export vote results': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/votes.csv`),
  'GET /api/meetings/:id/report|meeting report (not ended yet)': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/report`),
  'GET /api/meetings/:id/report.csv|export the meeting report, CSV (not ended yet)': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/report.csv`),
  'GET /api/meetings/:id/report.pdf|export the meeting report, PDF (not ended yet)': ({ caller, meeting }) =>
    caller.http('GET', `/api/meetings/${meeting.id}/report.pdf`),
  'POST /api/meetings/:id/votes|prepare a vote (unknown agenda item)': ({ caller, meeting }) =>
    caller.http(
      'POST',
      `/api/meetings/${meeting.id}/votes`,
      { question: 'Kiểm tra quyền', agendaItemId: randomUUID() },
      [404],
    ),
  'DELETE /api/meetings/:id/votes/:voteId|remove a vote (unknown one)': ({ caller, meeting }) =>
    caller.http('DELETE', `/api/meetings/${meeting.id}/votes/${randomUUID()}`, undefined, [404]),
  "vote:join|follow the meeting's votes": ({ caller, meeting }) =>
    caller.emit('vote:join', { meetingId: meeting.id }),
  'vote:open|open a vote (room not running)': ({ caller, meeting }) =>
    caller.emit('vote:open', { meetingId: meeting.id, voteId: meeting.voteId }),
  'vote:close|close a vote (not open)': ({ caller, meeting }) =>
    caller.emit('vote:close', { meetingId: meeting.id, voteId: meeting.voteId }),
  'vote:annul|annul a vote (not held)': ({ caller, meeting }) =>
    caller.emit('vote:annul', { meetingId: meeting.id, voteId: meeting.voteId, reason: 'Kiểm tra quyền' }),
  'vote:cast|cast a ballot (not open)': ({ caller, meeting }) =>
    caller.emit('vote:cast', {
      meetingId: meeting.id,
      voteId: meeting.voteId,
      opId: randomUUID(),
      choice: ['for'],
    }),
  'meeting:join|follow presence': ({ caller, meeting }) =>
    caller.emit('meeting:join', { meetingId: meeting.id }),
  'meeting:leave|stop following presence': ({ caller, meeting }) =>
    caller.emit('meeting:leave', { meetingId: meeting.id }),
  'invitations:watch|follow invitation replies': ({ caller, meeting }) =>
    caller.emit('invitations:watch', { meetingId: meeting.id }),
  'briefing:watch|follow the roll-up of sites': ({ caller, meeting }) =>
    caller.emit('briefing:watch', { meetingId: meeting.id }),
  'site:connect|connect a site (unknown site)': ({ caller, meeting }) =>
    caller.emit('site:connect', { meetingId: meeting.id, siteId: UNKNOWN }),
  'question:ask|ask a question for a site (unknown site)': ({ caller, meeting }) =>
    caller.emit('question:ask', { meetingId: meeting.id, siteId: UNKNOWN, kind: 'hand' }),
  'question:withdraw|withdraw a question (unknown one)': ({ caller, meeting }) =>
    caller.emit('question:withdraw', { meetingId: meeting.id, questionId: UNKNOWN }),
  "question:follow|follow a site's questions (unknown site)": ({ caller, meeting }) =>
    caller.emit('question:follow', { meetingId: meeting.id, siteId: UNKNOWN }),
  'question:watch|follow the moderator queue': ({ caller, meeting }) =>
    caller.emit('question:watch', { meetingId: meeting.id }),
  'question:moderate|end the floor (no site has it)': ({ caller, meeting }) =>
    caller.emit('question:moderate', { meetingId: meeting.id, action: 'endFloor' }),
  'room:join|join the room': ({ caller, meeting }) => caller.emit('room:join', { meetingId: meeting.id }),
  'room:sync|resync the room': ({ caller, meeting }) =>
    caller.emit('room:sync', { meetingId: meeting.id, lastSeq: 0 }),
  'room:command|pause the room (control)': ({ caller, meeting }) =>
    caller.command(meeting.id, { type: 'room.pause' }),
  'room:command|show a document to the room': ({ caller, meeting }) =>
    caller.command(meeting.id, { type: 'document.open', documentId: meeting.docId }),
  "room:command|turn off opening each item's document": ({ caller, meeting }) =>
    caller.command(meeting.id, { type: 'document.autoOpen', enabled: false }),
  "room:command|show the organisers' document to the room": ({ caller, meeting }) =>
    caller.command(meeting.id, { type: 'document.open', documentId: meeting.orgDocId }),
  'room:command|check oneself in': ({ caller, meeting }) =>
    caller.command(meeting.id, { type: 'attendance.checkin' }),
  'room:pointer|move the pointer': async ({ caller, meeting }) => {
    await caller.volatile('room:pointer', { meetingId: meeting.id, page: 1, x: 0.5, y: 0.5 });
    return 'ok';
  },
  'doc:join|read the shared layer': ({ caller, meeting }) => caller.joinLayer(meeting.docId, 'shared'),
  "doc:join|read the organisers' document's layer": ({ caller, meeting }) =>
    caller.joinLayer(meeting.orgDocId, 'shared'),
  'doc:update|write the shared layer': ({ caller, meeting }) => caller.writeLayer(meeting.docId, 'shared'),
  'doc:update|write one’s private layer': ({ caller, meeting }) =>
    caller.writeLayer(meeting.docId, 'private'),
  'doc:join|read the minutes': ({ caller, meeting }) =>
    caller.emit('doc:join', { documentId: meeting.id, layer: 'minutes', stateVector: new Uint8Array([0]) }),
  'doc:update|write the minutes': async ({ caller, meeting }) => {
    const ref = { documentId: meeting.id, layer: 'minutes' };
    const joined = await caller.emit('doc:join', { ...ref, stateVector: new Uint8Array([0]) });
    if (joined !== 'ok') return joined;
    return caller.emit('doc:update', { ...ref, update: new Uint8Array([0, 0]) });
  },
  'doc:leave|leave a layer': ({ caller, meeting }) =>
    caller.emit('doc:leave', { documentId: meeting.docId, layer: 'shared' }),
  'doc:awareness|show one’s cursor': async ({ caller, meeting, world }) => {
    const clientId = world.callers.indexOf(caller) + 1;
    await caller.volatile('doc:awareness', {
      documentId: meeting.docId,
      layer: 'shared',
      update: awarenessUpdate(clientId),
    });
    return 'ok';
  },
};

/** A y-protocols awareness update with one state (small ids and JSON: one-byte lengths). */
function awarenessUpdate(clientId: number): Uint8Array {
  const json = new TextEncoder().encode('{"cursor":{"page":1}}');
  return new Uint8Array([1, clientId, 1, json.length, ...json]);
}

/** The user ids in an awareness update as the server passes it on (it writes `user` into each state). */
function awarenessUsers(bytes: Uint8Array): string[] {
  let i = 0;
  const uint = () => {
    let n = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[i++] ?? 0;
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return n;
  };
  const out: string[] = [];
  const count = uint();
  for (let k = 0; k < count; k++) {
    uint();
    uint();
    const len = uint();
    const state = JSON.parse(new TextDecoder().decode(bytes.subarray(i, i + len))) as {
      user?: { id?: string };
    } | null;
    i += len;
    if (state?.user?.id) out.push(state.user.id);
  }
  return out;
}

/** How the volatile rows are observed: the event a listener hears, who sent it, and the marker. */
const OBSERVED: Record<
  string,
  {
    event: 'room:pointer' | 'doc:awareness';
    senders: (payload: unknown, meeting: WorldMeeting) => string[];
    marker: (meeting: WorldMeeting) => unknown;
  }
> = {
  'room:pointer': {
    event: 'room:pointer',
    senders: (p, meeting) => {
      const { meetingId, userId } = p as { meetingId: string; userId: string };
      return meetingId === meeting.id ? [userId] : [];
    },
    marker: (meeting) => ({ meetingId: meeting.id, page: 1, x: 0.1, y: 0.1 }),
  },
  'doc:awareness': {
    event: 'doc:awareness',
    senders: (p, meeting) => {
      const { documentId, layer, update } = p as {
        documentId: string;
        layer: string;
        update: Uint8Array | ArrayBuffer;
      };
      if (documentId !== meeting.docId || layer !== 'shared') return [];
      return awarenessUsers(update instanceof Uint8Array ? update : new Uint8Array(update));
    },
    marker: (meeting) => ({ documentId: meeting.docId, layer: 'shared', update: awarenessUpdate(100) }),
  },
};

const runnerOf = (row: MatrixRow): Runner => {
  const run = RUN[`${row.key}|${row.label}`];
  if (!run) throw new Error(`no request for the row "${row.key}" / "${row.label}"`);
  return run;
};

/** The expected outcome of a row, straight from the table. */
function expected(row: MatrixRow, sys: Sys | 'anonymous', role: Role, conf: Conf, status: Status): Outcome {
  if (row.public) return row.public;
  if (sys === 'anonymous') return 'unauth';
  return inAudience(audienceOf(row.who, status), conf, sys, role) ? 'ok' : (row.otherwise ?? 'deny');
}

describe('the authorization matrix', () => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await startServer({ env: { SOCKET_EVENTS_PER_SECOND: '10000', SOCKET_EVENT_BURST: '10000' } });
    world = await buildWorld(server);
  }, 120_000);

  afterAll(async () => {
    world?.close();
    await server?.stop();
  });

  it('has a row for every REST route and every socket event of the running app', async () => {
    const routes = expressRoutes(server.running);
    const socket: ClientSocket = await connectClient(server.url, world.callers[0]!.client.cookie);
    try {
      const events = socketEvents(server.running, socket.id!);
      const keys = new Set(MATRIX.map((r) => r.key));
      expect(routes.filter((r) => !keys.has(r))).toEqual([]);
      expect(events.filter((e) => !keys.has(e))).toEqual([]);
      // And no row for something the app does not have (a renamed route would keep a stale row).
      expect([...keys].filter((k) => !routes.includes(k) && !events.includes(k))).toEqual([]);
      for (const row of MATRIX) runnerOf(row);
    } finally {
      socket.close();
    }
  });

  it('refuses an anonymous socket at the handshake, so every socket event is closed to it', async () => {
    await expect(connectClient(server.url, undefined)).rejects.toMatchObject({ message: 'unauthorized' });
  });

  /**
   * Whom a listener in the meeting heard while `send` ran: every sender's event was handled before
   * the marker was sent, so one that has not arrived with the marker was dropped by the server.
   */
  async function observe(row: MatrixRow, meeting: WorldMeeting, send: () => Promise<unknown>) {
    const { listener, marker, userId } = world.watcher;
    const how = OBSERVED[row.key];
    if (!how) throw new Error(`no observer for ${row.key}`);
    const heard = new Set<string>();
    let markerSeen: () => void = () => undefined;
    const markerArrived = new Promise<void>((resolve) => (markerSeen = resolve));
    const onEvent = (payload: unknown) => {
      for (const from of how.senders(payload, meeting)) {
        if (from === userId) markerSeen();
        else heard.add(from);
      }
    };
    listener.on(how.event, onEvent);
    try {
      await send();
      marker.emit(how.event, how.marker(meeting) as never);
      await markerArrived;
      return heard;
    } finally {
      listener.off(how.event, onEvent);
    }
  }

  it('gives every caller exactly what the table says, on every route and socket event', async () => {
    const got: string[] = [];
    const want: string[] = [];
    const record = (row: MatrixRow, caller: Caller, where: string, outcome: Outcome, wanted: Outcome) => {
      got.push(`${row.key} [${row.label}] ${caller.key} ${where}: ${outcome}`);
      want.push(`${row.key} [${row.label}] ${caller.key} ${where}: ${wanted}`);
    };
    const rows = MATRIX.filter((r) => r.key !== 'POST /api/auth/logout');
    for (const row of rows) {
      const run = runnerOf(row);
      const isSocket = !row.key.includes(' ');
      const callers = world.callers.filter((c) => !(isSocket && c.sys === 'anonymous'));
      if (row.scope === 'system') {
        await Promise.all(
          callers.map(async (caller) => {
            const outcome = await run({ world, caller, meeting: world.meetings[0]! });
            record(
              row,
              caller,
              'system',
              outcome,
              expected(row, caller.sys, caller.role, 'internal', 'published'),
            );
          }),
        );
        continue;
      }
      for (const meeting of world.meetings) {
        const heard =
          row.volatile === 'observed'
            ? await observe(row, meeting, () =>
                Promise.all(callers.map((caller) => run({ world, caller, meeting }))),
              )
            : null;
        await Promise.all(
          callers.map(async (caller) => {
            const outcome = heard
              ? heard.has(caller.id)
                ? 'ok'
                : 'deny'
              : await run({ world, caller, meeting });
            const wanted = expected(row, caller.sys, caller.role, meeting.conf, meeting.status);
            record(row, caller, meeting.key, outcome, wanted);
          }),
        );
      }
    }
    expect(got).toEqual(want);
  }, 180_000);

  it('signs anyone out, signed in or not (last: it ends the sessions above)', async () => {
    const row = MATRIX.find((r) => r.key === 'POST /api/auth/logout')!;
    for (const caller of world.callers) {
      const outcome = await runnerOf(row)({ world, caller, meeting: world.meetings[0]! });
      expect(`${caller.key}: ${outcome}`).toBe(
        `${caller.key}: ${expected(row, caller.sys, caller.role, 'internal', 'published')}`,
      );
    }
  });

  // In a world of its own (a fresh server): after the big run in the same world its observed rows
  // waited for a marker that never came, and run first it made the big run time out; the cause is
  // not found yet.
  it('gives a viewer screen exactly what the table says on every socket event (read-only)', async () => {
    const shared = { server, world };
    server = await startServer({ env: { SOCKET_EVENTS_PER_SECOND: '10000', SOCKET_EVENT_BURST: '10000' } });
    world = await buildWorld(server);
    try {
      const meeting = world.meetings.find((m) => m.conf === 'internal' && m.status === 'published')!;
      // A fresh sign-in: the big run ends some callers' sessions on the way.
      const admin = new ApiClient(server.url);
      expect(await admin.login('admin', server.adminPassword)).toBe(200);
      const made = await admin.post<{ link: { id: string }; token: string }>(
        `/api/meetings/${meeting.id}/viewer-links`,
        { siteId: null },
      );
      expect(made.status).toBe(201);
      const socket = await connectClient(server.url, undefined, { viewerToken: made.body.token });
      const id = `viewer:${made.body.link.id}`;
      const viewer = makeCaller(
        server.url,
        id,
        'viewer',
        'member',
        'none',
        new ApiClient(server.url),
        socket,
      );
      try {
        const got: string[] = [];
        const want: string[] = [];
        for (const row of MATRIX.filter((r) => !r.key.includes(' '))) {
          const run = runnerOf(row);
          const outcome =
            row.volatile === 'observed'
              ? (await observe(row, meeting, () => run({ world, caller: viewer, meeting }))).has(id)
                ? 'ok'
                : 'deny'
              : await run({ world, caller: viewer, meeting });
          got.push(`${row.key} [${row.label}]: ${outcome}`);
          want.push(`${row.key} [${row.label}]: ${row.viewer ?? 'deny'}`);
        }
        expect(got).toEqual(want);
      } finally {
        socket.close();
      }
    } finally {
      world.close();
      await server.stop();
      ({ server, world } = shared);
    }
  }, 180_000);
});
