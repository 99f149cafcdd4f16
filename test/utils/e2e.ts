import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { ApiClient } from './http.js';
import { controlsOffScreen, scrollsSideways, smallTouchTargets } from './browser.js';

/** Replaces the temporary password the admin gave (so no "change your password" banner). */
export async function ownPassword(who: { client: ApiClient; password: string }): Promise<string> {
  const newPassword = `${who.password}-rieng`;
  const res = await who.client.post('/api/me/password', { currentPassword: who.password, newPassword });
  if (res.status !== 204) throw new Error(`password change: ${res.status}`);
  return newPassword;
}

/** Signs in through the login form, as a person would. */
export async function signIn(p: Page, who: { username: string; password: string }): Promise<void> {
  await p.goto('/login');
  await p.getByLabel('Tên đăng nhập').fill(who.username);
  await p.getByLabel('Mật khẩu', { exact: true }).fill(who.password);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/** Finger-sized controls (≥ 44 px), nothing cut off at the edge, no sideways scrolling. */
export async function expectTouchFriendly(p: Page, label: string): Promise<void> {
  expect({ label, small: await smallTouchTargets(p) }).toEqual({ label, small: [] });
  expect({ label, cutOff: await controlsOffScreen(p) }).toEqual({ label, cutOff: [] });
  expect({ label, sideways: await scrollsSideways(p) }).toEqual({ label, sideways: false });
}
