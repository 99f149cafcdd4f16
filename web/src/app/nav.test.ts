import { describe, expect, it } from 'vitest';
import { canManageUsers, canOpen, navItemsFor } from './nav';

describe('navigation by role', () => {
  it('gives the administrator every page but the requests for opinions (reached from the notice)', () => {
    expect(navItemsFor('admin').map((i) => i.key)).toEqual([
      'home',
      'myMeetings',
      'meetings',
      'users',
      'units',
      'audit',
      'account',
    ]);
    // The meeting-room tablets page is theirs too, reached from the units page.
    expect(canOpen('admin', 'fleet')).toBe(true);
    // The reports too, from the home page.
    expect(canOpen('admin', 'reports')).toBe(true);
  });

  it('gives the secretary the meetings console and the users list, read-only', () => {
    expect(navItemsFor('secretary').map((i) => i.key)).toEqual([
      'home',
      'myMeetings',
      'tasks',
      'meetings',
      'users',
      'fleet',
      'account',
    ]);
    expect(canManageUsers('secretary')).toBe(false);
    // The reports open from the home page's tile (one more item would push the account off a tablet).
    expect(canOpen('secretary', 'reports')).toBe(true);
  });

  it('gives a member home, their meetings and their account, but not the meetings console', () => {
    expect(navItemsFor('member').map((i) => i.key)).toEqual([
      'home',
      'myMeetings',
      'opinions',
      'tasks',
      'reports',
      'account',
    ]);
    expect(canOpen('member', 'audit')).toBe(false);
    expect(canOpen('member', 'meetings')).toBe(false);
    expect(canOpen('member', 'fleet')).toBe(false);
  });

  it('links only to paths the router has', () => {
    expect(navItemsFor('admin').map((i) => i.to)).toEqual([
      '/',
      '/my-meetings',
      '/meetings',
      '/users',
      '/units',
      '/audit',
      '/account',
    ]);
  });
});
