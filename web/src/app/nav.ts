import type { SystemRole } from '@icabinet/shared';

/** Pages of the app shell; each has a `nav.<key>` label. */
export type PageKey =
  | 'home'
  | 'myMeetings'
  | 'opinions'
  | 'tasks'
  | 'meetings'
  | 'users'
  | 'units'
  | 'sites'
  | 'fleet'
  | 'reports'
  | 'audit'
  | 'security'
  | 'account';

export interface NavItem {
  key: PageKey;
  to: string;
}

const PATHS: Record<PageKey, string> = {
  home: '/',
  myMeetings: '/my-meetings',
  opinions: '/opinions',
  tasks: '/tasks',
  meetings: '/meetings',
  users: '/users',
  units: '/units',
  sites: '/sites',
  fleet: '/fleet',
  reports: '/reports',
  audit: '/audit',
  security: '/security',
  account: '/account',
};

/** Which system roles may open each page; the router and the navigation both follow it. */
export const PAGE_ROLES: Record<PageKey, readonly SystemRole[]> = {
  home: ['admin', 'secretary', 'member'],
  myMeetings: ['admin', 'secretary', 'member'],
  // Requests for written opinions sent to me. Members and the secretariat are the ones asked; an
  // administrator asked all the same reaches the page from the in-app notice (the route is open to
  // every signed-in user), which keeps the administrator's long menu on one tablet line.
  opinions: ['secretary', 'member'],
  // Follow-up tasks: the secretariat (chief of staff) assigns and accepts them; members see their
  // unit's. An administrator sees them all too, from the address (kept off the full bar).
  tasks: ['admin', 'secretary', 'member'],
  // Preparing meetings is the secretariat's work (meeting:create); members only take part.
  meetings: ['admin', 'secretary'],
  users: ['admin', 'secretary'],
  units: ['admin'],
  sites: ['admin'],
  // Pairing and following the meeting-room tablets is the secretariat's work.
  fleet: ['admin', 'secretary'],
  // The follow-up dashboard (a unit sees its own tasks) and, for the secretariat, the period's figures.
  reports: ['admin', 'secretary', 'member'],
  audit: ['admin'],
  security: ['admin'],
  account: ['admin', 'secretary', 'member'],
};

const ORDER: readonly PageKey[] = [
  'home',
  'myMeetings',
  'opinions',
  'tasks',
  'meetings',
  'users',
  'units',
  'fleet',
  'reports',
  'audit',
  'account',
];
// `security` (from the users page) and `sites` (from the units page) are not in the bar: one more
// item would push the account off a tablet's header. For the same reason an administrator reaches
// `fleet` from the units page; the secretariat, who pairs the tablets, has it in the bar.
// The secretariat follows up tasks every day, so `tasks` takes the place of `opinions` in their bar
// (a secretary asked for an opinion reaches the request from its in-app notice, as an administrator
// does). The reports (dashboard, period figures) open from the home page's tile for the secretariat
// and administrators: one more item in the bar pushes the account off a 1280 px tablet.
const OFF_BAR: Partial<Record<SystemRole, readonly PageKey[]>> = {
  admin: ['fleet', 'tasks', 'reports'],
  secretary: ['opinions', 'reports'],
};

/** Whether a role may open a page. */
export function canOpen(role: SystemRole, page: PageKey): boolean {
  return PAGE_ROLES[page].includes(role);
}

/** Whether a role may change users (secretaries only read them). */
export function canManageUsers(role: SystemRole): boolean {
  return role === 'admin';
}

/** The navigation a role sees, in menu order: only pages that exist and that it may open. */
export function navItemsFor(role: SystemRole): NavItem[] {
  return ORDER.filter((key) => canOpen(role, key) && !OFF_BAR[role]?.includes(key)).map((key) => ({
    key,
    to: PATHS[key],
  }));
}

/** The path of a page. */
export function pathOf(page: PageKey): string {
  return PATHS[page];
}
