import { describe, expect, it } from 'vitest';
import { canManageUsers, canOpen, navItemsFor } from './nav';

describe('navigation by role', () => {
  it('gives the administrator every page', () => {
    expect(navItemsFor('admin').map((i) => i.key)).toEqual(['home', 'users', 'units', 'audit', 'account']);
  });

  it('gives the secretary the users list, read-only', () => {
    expect(navItemsFor('secretary').map((i) => i.key)).toEqual(['home', 'users', 'account']);
    expect(canManageUsers('secretary')).toBe(false);
  });

  it('gives a member only home and their account', () => {
    expect(navItemsFor('member').map((i) => i.key)).toEqual(['home', 'account']);
    expect(canOpen('member', 'audit')).toBe(false);
  });

  it('links only to paths the router has', () => {
    expect(navItemsFor('admin').map((i) => i.to)).toEqual(['/', '/users', '/units', '/audit', '/account']);
  });
});
