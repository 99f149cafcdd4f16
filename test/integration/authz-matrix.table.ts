/**
 * The authorization matrix, written out by hand: for every REST route and socket command, who may
 * do it (system role × meeting role × classification × draft/published). The test in
 * authz-matrix.test.ts runs each row against the real server for every caller and meeting, and
 * fails when the app has a route or socket event that has no row here.
 */

export type Sys = 'admin' | 'secretary' | 'member';
export type Role = 'none' | 'chair' | 'secretary' | 'delegate' | 'guest' | 'observer';
export type Conf = 'internal' | 'confidential';
export type Status = 'published' | 'draft';

/** What a caller gets: through the policy, refused (403), "not found" (404), or asked to sign in (401). */
export type Outcome = 'ok' | 'deny' | 'hidden' | 'unauth';

/** "sys/role" with `*` for any; a leading `!` takes callers out again. */
type Pattern = string;

/** Who is who, per classification (the same lists for drafts unless a row says otherwise). */
export const AUDIENCES = {
  everyone: { internal: ['*/*'], confidential: ['*/*'] },
  nobody: { internal: [], confidential: [] },
  admins: { internal: ['admin/*'], confidential: ['admin/*'] },
  /** The secretariat and administrators. */
  staff: { internal: ['admin/*', 'secretary/*'], confidential: ['admin/*', 'secretary/*'] },
  /** Those who prepare and run the meeting. The secretariat prepares every meeting but confidential ones. */
  organisers: {
    internal: ['admin/*', 'secretary/*', '*/chair', '*/secretary'],
    confidential: ['admin/*', '*/chair', '*/secretary'],
  },
  /** Everyone who may see a published meeting: organisers and every participant. */
  participants: {
    internal: ['admin/*', 'secretary/*', '*/chair', '*/secretary', '*/delegate', '*/guest', '*/observer'],
    confidential: ['admin/*', '*/chair', '*/secretary', '*/delegate', '*/guest', '*/observer'],
  },
  /** Participants who write (their private layer): observers only read. */
  writers: {
    internal: ['admin/*', 'secretary/*', '*/chair', '*/secretary', '*/delegate', '*/guest', '!*/observer'],
    confidential: ['admin/*', '*/chair', '*/secretary', '*/delegate', '*/guest', '!*/observer'],
  },
  /** Organisers who are not observers (the shared layer). */
  organisingWriters: {
    internal: ['admin/*', 'secretary/*', '*/chair', '*/secretary', '!*/observer'],
    confidential: ['admin/*', '*/chair', '*/secretary', '!*/observer'],
  },
  /** The chair of the meeting and administrators (the minutes' toggle). */
  chairs: { internal: ['admin/*', '*/chair'], confidential: ['admin/*', '*/chair'] },
  /** Whoever has a role in the meeting (check oneself in). */
  roleHolders: {
    internal: ['*/chair', '*/secretary', '*/delegate', '*/guest', '*/observer'],
    confidential: ['*/chair', '*/secretary', '*/delegate', '*/guest', '*/observer'],
  },
  /** Organisers with a role in the meeting (check themselves in to a draft's room). */
  organisingRoleHolders: {
    internal: ['admin/*', 'secretary/*', '*/chair', '*/secretary', '!*/none'],
    confidential: ['admin/*', '*/chair', '*/secretary', '!*/none'],
  },
  /** Staff who organise the meeting (cloning needs both). */
  organisingStaff: {
    internal: ['admin/*', 'secretary/*'],
    confidential: ['admin/*', 'secretary/chair', 'secretary/secretary'],
  },
  /** The meeting's chair (approves the conclusion notice), whatever their system role. */
  meetingChair: { internal: ['*/chair'], confidential: ['*/chair'] },
  /** Those who sign the meeting's official documents: its chair and secretaries. */
  signers: { internal: ['*/chair', '*/secretary'], confidential: ['*/chair', '*/secretary'] },
  /** The one delegate whose invitation the reply row answers. */
  invitee: { internal: ['member/delegate'], confidential: ['member/delegate'] },
} satisfies Record<string, Record<Conf, Pattern[]>>;

export type Audience = keyof typeof AUDIENCES;

/** Whether `sys/role` is in an audience for a meeting of classification `conf`. */
export function inAudience(audience: Audience, conf: Conf, sys: Sys, role: Role): boolean {
  const matches = (p: string) => {
    const [s, r] = p.split('/');
    return (s === '*' || s === sys) && (r === '*' || r === role);
  };
  const patterns: Pattern[] = AUDIENCES[audience][conf];
  const inside = patterns.filter((p) => !p.startsWith('!')).some(matches);
  const out = patterns.filter((p) => p.startsWith('!')).some((p) => matches(p.slice(1)));
  return inside && !out;
}

/** Who may: one audience, or one for published meetings and one for drafts. */
export type Who = Audience | { published: Audience; draft: Audience };

/**
 * A published meeting shows itself to its participants; a draft only to those who prepare it.
 * Rows that read a meeting use this.
 */
export const VIEW: Who = { published: 'participants', draft: 'organisers' };

/** Whether a row is about one meeting (run per meeting) or about the system (run once per caller). */
export type Scope = 'meeting' | 'system';

export interface MatrixRow {
  /** "METHOD /path" as Express has it, or the socket event name. */
  key: string;
  /** What this row asks, when several rows cover one key. */
  label: string;
  scope: Scope;
  who: Who;
  /** Outcome for a signed-in caller outside `who` (default `deny`, 403). */
  otherwise?: Outcome;
  /** Anyone, signed in or not, gets this (public routes): overrides `who`. */
  public?: Outcome;
  /**
   * A volatile socket event without an ack: the outcome is whether another socket in the room
   * received it (checked against a later marker from an organiser).
   */
  volatile?: 'observed';
  /**
   * Socket rows: what a viewer screen (a viewer link of the meeting, no account) gets. Default
   * `deny`: a viewer only follows the room and reads the shown document's shared layer.
   */
  viewer?: Outcome;
}

const m = (key: string, label: string, who: Who, extra: Partial<MatrixRow> = {}): MatrixRow => ({
  key,
  label,
  scope: 'meeting',
  who,
  ...extra,
});
const s = (key: string, label: string, who: Who, extra: Partial<MatrixRow> = {}): MatrixRow => ({
  key,
  label,
  scope: 'system',
  who,
  ...extra,
});

/** Every REST route and socket command, and who may use it. */
export const MATRIX: MatrixRow[] = [
  // ---- system --------------------------------------------------------------------------------
  s('GET /api/health', 'health check', 'everyone', { public: 'ok' }),
  s('GET /api/openapi.json', 'API description (OpenAPI)', 'everyone', { public: 'ok' }),
  s('GET /api/docs', 'API description (readable page)', 'everyone', { public: 'ok' }),
  s('POST /api/auth/login', 'sign in (malformed body)', 'everyone', { public: 'ok' }),
  s('POST /api/auth/login/second-factor', 'second sign-in step (malformed code)', 'everyone', {
    public: 'ok',
  }),
  s('POST /api/auth/logout', 'sign out', 'everyone', { public: 'ok' }),
  s('GET /api/me', 'own account', 'everyone'),
  s('POST /api/me/password', 'change own password (wrong current one)', 'everyone'),
  s('POST /api/me/second-factor/setup', 'start enrolling a second factor', 'everyone'),
  s('POST /api/me/second-factor/confirm', 'confirm a second factor (malformed code)', 'everyone'),
  s('GET /api/users', 'list users', 'staff'),
  s('POST /api/users', 'create a user (name taken)', 'admins'),
  s('POST /api/users/import', 'import users (empty CSV)', 'admins'),
  s('GET /api/users/:id', 'read a user', 'staff'),
  s('PATCH /api/users/:id', 'edit a user', 'admins'),
  s('POST /api/users/:id/reset-password', 'reset a password', 'admins'),
  s('DELETE /api/users/:id/second-factor', 'reset a second factor (none enrolled)', 'admins'),
  s('GET /api/users/:id/sessions', "list a user's sessions", 'admins'),
  s('DELETE /api/users/:id/sessions', 'sign a user out everywhere', 'admins'),
  s('DELETE /api/users/:id/sessions/:sessionId', 'end one session (unknown)', 'admins'),
  s('GET /api/units', 'list units', 'everyone'),
  s('POST /api/units', 'create a unit (code taken)', 'admins'),
  s('PATCH /api/units/:id', 'edit a unit (stale version)', 'admins'),
  s('GET /api/sites', 'list sites', 'everyone'),
  s('GET /api/sites/mine', 'own sites', 'everyone'),
  s('POST /api/sites/import', 'import sites (empty CSV)', 'admins'),
  s('PATCH /api/sites/:id', 'edit a site (unknown one)', 'admins'),
  s('GET /api/audit', 'read the audit log', 'admins'),
  s('GET /api/audit/verify', 'verify the audit chain', 'admins'),
  s('GET /api/audit/export.csv', 'export the audit log', 'admins'),
  s('GET /api/settings/security', 'read the security settings', 'admins'),
  s('PUT /api/settings/security', 'change the security settings (stale version)', 'admins'),
  s('GET /api/password-rules', 'read the password rules (for the hint)', 'everyone'),
  s('GET /api/settings/deputies', 'read the deputy auto-approval', 'admins'),
  s('PUT /api/settings/deputies', 'change the deputy auto-approval (stale version)', 'admins'),
  s('GET /api/settings/gateway', 'read the SMS/Zalo gateway', 'admins'),
  s('PUT /api/settings/gateway', 'change the SMS/Zalo gateway (stale version)', 'admins'),
  // API tokens and outgoing webhooks: administrators; the delivery log, re-sending and the
  // integration reads also take an API token (test/integration/integrations.test.ts).
  s('GET /api/api-tokens', 'list the API tokens', 'admins'),
  s('POST /api/api-tokens', 'create an API token (no scope)', 'admins'),
  s('DELETE /api/api-tokens/:id', 'revoke an API token (unknown one)', 'admins'),
  s('GET /api/webhooks', 'list the webhooks', 'admins'),
  s('POST /api/webhooks', 'add a webhook (not an http address)', 'admins'),
  s('PATCH /api/webhooks/:id', 'change a webhook (unknown one)', 'admins'),
  s('DELETE /api/webhooks/:id', 'remove a webhook (unknown one)', 'admins'),
  s('GET /api/webhooks/deliveries', 'read the delivery log', 'admins'),
  s('POST /api/webhooks/deliveries/:id/resend', 're-send a delivery (unknown one)', 'admins'),
  s('GET /api/integration/meetings', 'list meetings for another system', 'admins'),
  s(
    'GET /api/integration/meetings/:id/signed-documents',
    'list signed documents (unknown meeting)',
    'admins',
  ),
  s(
    'GET /api/integration/meetings/:id/signed-documents/:documentId/file',
    'download a signed document (unknown meeting)',
    'admins',
  ),
  s('GET /api/settings/follow-up', 'read when task reminders go out', 'admins'),
  s('PUT /api/settings/follow-up', 'change when task reminders go out (stale version)', 'admins'),
  // Follow-up tasks: everyone lists those they may see (their unit's); the secretariat assigns.
  // A task the caller may not see answers 404 like one that does not exist (tasks.test.ts covers who sees which).
  s('GET /api/tasks', 'list the tasks one may see', 'everyone'),
  s('POST /api/tasks', 'assign a task (unknown lead unit)', 'staff'),
  s('GET /api/tasks/:id', 'read a task (unknown one)', 'everyone'),
  s('POST /api/tasks/:id/actions', 'act on a task (unknown one)', 'everyone'),
  s('POST /api/tasks/:id/files', 'attach a file to a task (unknown one)', 'everyone'),
  s('GET /api/tasks/:id/files/:fileId', 'download a task file (unknown one)', 'everyone'),
  s('GET /api/metrics', 'read the monitoring metrics', 'admins'),
  s('GET /api/invitations/mine', 'own invitations', 'everyone'),
  s('GET /api/notifications', 'own notifications', 'everyone'),
  s('POST /api/notifications/read', 'mark own notifications read', 'everyone'),
  s('GET /api/reports/invitations', 'invitation figures', 'staff'),
  // Reports: the period's figures are the secretariat's; the unit costs they count with, the administrators'.
  s('GET /api/reports/period', 'period report', 'staff'),
  s('GET /api/reports/period.csv', 'export the period report (CSV)', 'staff'),
  s('GET /api/reports/period.xlsx', 'export the period report (Excel)', 'staff'),
  s('GET /api/reports/period.pdf', 'export the period report (PDF)', 'staff'),
  // The follow-up dashboard: anyone signed in (a unit sees its own tasks; the rows' filter is the server's).
  s('GET /api/reports/tasks', 'task dashboard', 'everyone'),
  s('GET /api/reports/tasks.csv', 'export the task dashboard (CSV)', 'everyone'),
  s('GET /api/reports/tasks.xlsx', 'export the task dashboard (Excel)', 'everyone'),
  s('GET /api/settings/unit-costs', 'read the unit costs', 'admins'),
  s('PUT /api/settings/unit-costs', 'change the unit costs (stale version)', 'admins'),
  s('GET /api/opinions/mine', 'own requests for written opinions', 'everyone'),
  s('POST /api/meetings', 'create a meeting', 'staff'),
  s('POST /api/signatures/verify', 'check the signatures of a PDF (not a PDF)', 'everyone'),
  // The web app: every other page is the SPA (or a note that it is not built), open to anyone.
  s(String.raw`GET /^(?!\/api\/|\/socket\.io\/).*/`, 'the web app', 'everyone', { public: 'ok' }),
  s('GET /invite/:token', 'reply page (unknown link)', 'everyone', { public: 'hidden' }),
  s('POST /invite/:token', 'reply by link (unknown link)', 'everyone', { public: 'hidden' }),
  s('GET /opinion/:token', 'opinion page (unknown link)', 'everyone', { public: 'hidden' }),
  s('GET /opinion/:token/draft.pdf', 'draft behind an opinion link (unknown link)', 'everyone', {
    public: 'hidden',
  }),
  s('POST /opinion/:token', 'answer by link (unknown link)', 'everyone', { public: 'hidden' }),
  s('GET /api/view/:token', 'viewer screen (unknown link)', 'everyone', { public: 'hidden' }),
  s('GET /api/view/:token/documents/:documentId/file', 'viewer screen file (unknown link)', 'everyone', {
    public: 'hidden',
  }),
  // Meeting-room tablets: a tablet pairs and signs in without an account; the secretariat runs the fleet.
  s('POST /api/devices/pairings', 'ask for a pairing code (a tablet)', 'everyone', { public: 'ok' }),
  s('POST /api/devices/pairings/claim', 'claim a pairing (unknown code)', 'everyone', { public: 'hidden' }),
  s('GET /api/devices', 'list the tablets (fleet page)', 'staff'),
  s('POST /api/devices', 'pair a tablet (unknown code)', 'staff'),
  s('DELETE /api/devices/:id', 'revoke a tablet (unknown one)', 'staff'),
  s('GET /api/device/home', "a tablet's room (unknown credential)", 'everyone', { public: 'unauth' }),
  s('POST /api/device/pin-login', 'PIN sign-in (unknown credential)', 'everyone', { public: 'unauth' }),
  s('PUT /api/me/pin', 'set own PIN (wrong password)', 'everyone'),
  s('DELETE /api/me/pin', 'remove own PIN', 'everyone'),
  s('device:status', "report a tablet's state (not a tablet)", 'nobody'),
  s('fleet:watch', 'follow the fleet of tablets', 'staff'),

  // ---- one meeting ---------------------------------------------------------------------------
  m('GET /api/meetings', 'the meeting is listed', VIEW),
  m('GET /api/search', 'the meeting is found', VIEW),
  m('GET /api/meetings/:id', 'read the meeting', VIEW),
  m('PATCH /api/meetings/:id', 'edit the meeting (stale version)', 'organisers'),
  m('POST /api/meetings/:id/status', 'change its status (stale version)', 'organisers'),
  m('POST /api/meetings/:id/clone', 'clone it', 'organisingStaff'),
  m('GET /api/meetings/:id/participants', 'list participants', VIEW),
  m('POST /api/meetings/:id/participants', 'add a participant (unknown user)', 'organisers'),
  m('POST /api/meetings/:id/participants/bulk', 'add participants in bulk', 'organisers'),
  m('PATCH /api/meetings/:id/participants/:pid', 'edit a participant', 'organisers'),
  m('DELETE /api/meetings/:id/participants/:pid', 'remove a participant (unknown one)', 'organisers'),
  m('GET /api/meetings/:id/agenda', 'read the agenda', VIEW),
  m('GET /api/meetings/:id/agenda/revisions', 'read agenda revisions', VIEW),
  m('POST /api/meetings/:id/agenda/items', 'add an item (stale version)', 'organisers'),
  m('PATCH /api/meetings/:id/agenda/items/:itemId', 'edit an item (stale version)', 'organisers'),
  m('DELETE /api/meetings/:id/agenda/items/:itemId', 'delete an item (stale version)', 'organisers'),
  m('PUT /api/meetings/:id/agenda/order', 'reorder (stale version)', 'organisers'),
  m('POST /api/meetings/:id/documents', 'upload (not a PDF)', 'organisers'),
  m('GET /api/meetings/:id/documents', 'list documents', VIEW),
  m('GET /api/meetings/:id/pack', 'read the offline pack manifest', VIEW),
  m('GET /api/documents/:id', 'read a document', VIEW),
  m('GET /api/documents/:id', "read the organisers' document", 'organisers'),
  m('PATCH /api/documents/:id', 'edit a document (stale version)', 'organisers'),
  m('DELETE /api/documents/:id', 'delete a document', 'organisers'),
  m('GET /api/documents/:id/search', 'search in a document', VIEW),
  m('GET /api/documents/:id/versions', 'list versions', VIEW),
  m('POST /api/documents/:id/versions', 'replace (not a PDF)', 'organisers'),
  m('GET /api/documents/:id/file', 'view the file', VIEW),
  m('GET /api/documents/:id/file', "view the organisers' file", 'organisers'),
  m('GET /api/documents/:id/file', 'download the file', VIEW),
  m('GET /api/documents/:id/annotated.pdf', 'export with notes', VIEW),
  m('GET /api/meetings/:meetingId/annotations/mine', 'my notes', VIEW),
  m('GET /api/meetings/:id/invitations', 'list invitations', 'organisers'),
  m('GET /api/meetings/:id/invitations.csv', 'export invitations', 'organisers'),
  m('POST /api/meetings/:id/invitations/:invitationId/resend', 'resend failed deliveries', 'organisers'),
  m('POST /api/meetings/:id/invitations/:invitationId/deputy', 'decide a deputy', 'organisers'),
  m('GET /api/meetings/:id/votes', 'list votes', VIEW),
  m('GET /api/meetings/:id/votes.csv', 'export vote results', VIEW),
  // A meeting's report is its organisers' (the matrix's meetings have not ended: 409 past the policy).
  m('GET /api/meetings/:id/report', 'meeting report (not ended yet)', 'organisers'),
  m('GET /api/meetings/:id/report.csv', 'export the meeting report, CSV (not ended yet)', 'organisers'),
  m('GET /api/meetings/:id/report.pdf', 'export the meeting report, PDF (not ended yet)', 'organisers'),
  m('POST /api/meetings/:id/votes', 'prepare a vote (unknown agenda item)', 'organisers'),
  m('DELETE /api/meetings/:id/votes/:voteId', 'remove a vote (unknown one)', 'organisers'),
  m('GET /api/meetings/:id/opinions', 'list requests for written opinions', 'organisers'),
  m('POST /api/meetings/:id/opinions', 'prepare a request (deadline past)', 'organisers'),
  m('GET /api/opinions/:id', 'read the consolidated table', 'organisers'),
  m('PUT /api/opinions/:id', 'edit a draft request (deadline past)', 'organisers'),
  m('DELETE /api/opinions/:id', 'delete a draft request (stale version)', 'organisers'),
  m('POST /api/opinions/:id/send', 'send a request (already sent, or a draft meeting)', 'organisers'),
  m('PUT /api/opinions/:id/responses', 'respond to a comment (unknown question)', 'organisers'),
  m('GET /api/opinions/:id/summary.csv', 'export the summary (CSV)', 'organisers'),
  m('GET /api/opinions/:id/summary.pdf', 'export the summary (PDF)', 'organisers'),
  m(
    'POST /api/opinions/:id/answer',
    'answer a request sent to a delegate (unknown question)',
    { published: 'invitee', draft: 'nobody' },
    { otherwise: 'hidden' },
  ),
  // A draft has no invitation yet: those who prepare it get 409 (through the policy).
  m('GET /api/meetings/:id/invitation.pdf', 'download the invitation (PDF)', VIEW),
  // Conclusions: participants read them once issued (an empty list before), organisers write them.
  m('GET /api/meetings/:id/conclusions', 'read the conclusions and the notice', VIEW),
  m('PUT /api/meetings/:id/conclusions/:itemId', "write an item's conclusions (stale version)", 'organisers'),
  // Only the chair approves: the others, organisers too, are refused; the chair hears "not submitted".
  m(
    'POST /api/meetings/:id/conclusions/notice',
    'approve the conclusion notice (not submitted)',
    'meetingChair',
  ),
  m(
    'GET /api/meetings/:id/conclusions/notice.pdf',
    'preview the conclusion notice (not issued)',
    'organisers',
  ),
  m('GET /api/meetings/:id/official-documents/:type/signatures', 'who signed the invitation', VIEW),
  m(
    'GET /api/meetings/:id/official-documents/:type/signed.pdf',
    'download the signed invitation (none yet)',
    VIEW,
  ),
  // The chair and secretaries sign; the request carries no .p12, so they get 400 after the check.
  m('POST /api/meetings/:id/official-documents/:type/sign', 'sign the invitation (no .p12 sent)', 'signers'),
  // The minutes are signed by the secretary and the chair (not approved in the world: 409 after the check).
  m('POST /api/meetings/:id/official-documents/:type/sign', 'sign the minutes (not approved)', 'signers'),
  // The conclusion notice is signed by the chair alone (the world's notice is a draft: 409 after the check).
  m(
    'POST /api/meetings/:id/official-documents/:type/sign',
    'sign the conclusion notice (not approved)',
    'meetingChair',
  ),
  m(
    'POST /api/meetings/:id/official-documents/:type/sign/external',
    'start an external signature (unreadable certificate)',
    'signers',
  ),
  m(
    'POST /api/meetings/:id/official-documents/:type/sign/external/complete',
    'complete an external signature (unknown session)',
    VIEW,
  ),
  m('GET /api/meetings/:id/sites', 'read the linked sites and roll-up', VIEW),
  m('PUT /api/meetings/:id/sites', 'link sites (not an online meeting)', 'organisers'),
  // Only a site's operator reports; the world has no site, so everyone meets "no such site".
  m('POST /api/meetings/:id/sites/:siteId/report', 'report a roll-call (unknown site)', 'nobody', {
    otherwise: 'hidden',
  }),
  // Viewer links: organisers (and a linked site's operator: the world has none) make and revoke them.
  m('GET /api/meetings/:id/viewer-links', 'list viewer links', 'organisers'),
  m('POST /api/meetings/:id/viewer-links', 'make a viewer link (unknown site)', 'organisers'),
  m('DELETE /api/meetings/:id/viewer-links/:linkId', 'revoke a viewer link (unknown one)', 'organisers'),
  // The minutes (biên bản): organisers read them (participants only when the chair lets them write,
  // or once locked: neither here); a draft or cancelled meeting has none (409 past the policy).
  m('GET /api/meetings/:id/minutes', "read the minutes' state", 'organisers'),
  m('GET /api/meetings/:id/minutes/versions/:versionId', 'read a version (unknown one)', 'organisers'),
  m('PUT /api/meetings/:id/minutes/settings', 'let participants write (kept off)', {
    published: 'chairs',
    draft: 'organisers',
  }),
  m('POST /api/meetings/:id/minutes/versions', 'save a version', {
    published: 'organisingWriters',
    draft: 'organisers',
  }),
  // Locked and at once reopened by the same caller, so later rows see open minutes.
  m('POST /api/meetings/:id/minutes/lock', 'lock the minutes', {
    published: 'organisingWriters',
    draft: 'organisers',
  }),
  // The minutes as an official document: the organisers submit (refused while not locked) and preview.
  m('POST /api/meetings/:id/minutes/approval', 'submit the minutes (not locked)', 'organisers'),
  m('GET /api/meetings/:id/minutes/minutes.pdf', 'preview the minutes (not issued)', 'organisers'),
  m('POST /api/meetings/:id/minutes/reopen', 'reopen minutes (not locked)', {
    published: 'organisingWriters',
    draft: 'organisers',
  }),
  m(
    'POST /api/invitations/:id/reply',
    "reply to a delegate's invitation",
    { published: 'invitee', draft: 'nobody' },
    { otherwise: 'hidden' },
  ),

  // ---- sockets -------------------------------------------------------------------------------
  m('meeting:join', 'follow presence', VIEW),
  m('meeting:leave', 'stop following presence', 'everyone'),
  m('invitations:watch', 'follow invitation replies', 'organisers'),
  m('briefing:watch', 'follow the roll-up of sites', VIEW),
  m('site:connect', 'connect a site (unknown site)', 'nobody', { otherwise: 'hidden' }),
  // Questions from sites: only a linked site's operator asks (the world has no site, so "no such
  // site" for everyone); the moderator queue is the organisers'.
  m('question:ask', 'ask a question for a site (unknown site)', 'nobody', { otherwise: 'hidden' }),
  m('question:withdraw', 'withdraw a question (unknown one)', 'nobody', { otherwise: 'hidden' }),
  m('question:follow', "follow a site's questions (unknown site)", 'nobody', { otherwise: 'hidden' }),
  m('question:watch', 'follow the moderator queue', 'organisers'),
  m('question:moderate', 'end the floor (no site has it)', 'organisers'),
  m('room:join', 'join the room', VIEW, { viewer: 'ok' }),
  m('room:sync', 'resync the room', VIEW, { viewer: 'ok' }),
  m('room:command', 'pause the room (control)', 'organisers'),
  m('room:command', 'show a document to the room', 'organisers'),
  m('room:command', "turn off opening each item's document", 'organisers'),
  m('room:command', "show the organisers' document to the room", 'nobody'),
  m('room:command', 'check oneself in', { published: 'roleHolders', draft: 'organisingRoleHolders' }),
  // The presenter (nobody here) and those who control the room move the pointer for everyone.
  m('room:pointer', 'move the pointer', 'organisers', { volatile: 'observed' }),
  m('vote:join', "follow the meeting's votes", VIEW),
  // The room never runs here: past the policy, opening answers "not running", closing "not open".
  m('vote:open', 'open a vote (room not running)', 'organisers'),
  m('vote:close', 'close a vote (not open)', 'organisers'),
  m('vote:annul', 'annul a vote (not held)', 'organisers'),
  // Whether the caller may vote is decided by the frozen list; a prepared vote answers "not open".
  m('vote:cast', 'cast a ballot (not open)', VIEW),
  m('doc:join', 'read the shared layer', VIEW),
  m('doc:join', "read the organisers' document's layer", 'organisers'),
  m('doc:update', 'write the shared layer', 'organisingWriters'),
  m('doc:update', 'write one’s private layer', { published: 'writers', draft: 'organisingWriters' }),
  // Passed on only from a socket that joined the layer (the doc:join rows above), so before doc:leave.
  // Only a writer's awareness is passed on: read-only observers are refused (issue 11 item 5).
  m('doc:awareness', 'show one’s cursor', 'organisingWriters', { volatile: 'observed' }),
  m('doc:leave', 'leave a layer', 'everyone', { viewer: 'ok' }),
  m('doc:join', 'read the minutes', 'organisers'),
  m('doc:update', 'write the minutes', { published: 'organisingWriters', draft: 'organisers' }),
];

/** The audience of a row for a meeting's status. */
export const audienceOf = (who: Who, status: Status): Audience =>
  typeof who === 'string' ? who : who[status];
