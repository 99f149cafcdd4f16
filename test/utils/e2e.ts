import { expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { controlsOffScreen, newPage, scrollsSideways, smallTouchTargets } from './browser.js';
import { createUser } from './fixtures.js';
import { ApiClient } from './http.js';
import { publishedMeeting } from './room.js';
import type { TestServer } from './server.js';

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

/**
 * Publishes the meeting open in the editor as a secretary does: the details tab, "Công bố", the
 * confirmation; resolves once the page says the meeting is published.
 */
export async function publishFromEditor(p: Page): Promise<void> {
  await p.getByRole('tab', { name: 'Thông tin chung' }).click();
  await p.getByRole('button', { name: 'Công bố' }).click();
  await p
    .getByRole('dialog', { name: 'Chuyển trạng thái?' })
    .getByRole('button', { name: 'Công bố' })
    .click();
  await p.getByRole('status').filter({ hasText: 'Đã công bố' }).first().waitFor();
}

/** Finger-sized controls (≥ 44 px), nothing cut off at the edge, no sideways scrolling. */
export async function expectTouchFriendly(p: Page, label: string): Promise<void> {
  expect({ label, small: await smallTouchTargets(p) }).toEqual({ label, small: [] });
  expect({ label, cutOff: await controlsOffScreen(p) }).toEqual({ label, cutOff: [] });
  expect({ label, sideways: await scrollsSideways(p) }).toEqual({ label, sideways: false });
}

/** A published meeting with the Vietnamese report, and the chair and a delegate signed in in two browsers. */
export interface RoomScene {
  meeting: Awaited<ReturnType<typeof publishedMeeting>>;
  /** The meeting's secretary, signed in over the API (to change the agenda and documents). */
  secretary: ApiClient;
  chair: { context: BrowserContext; page: Page };
  delegate: { context: BrowserContext; page: Page };
}

/**
 * Sets the live-room scene the room tests share: a secretary creates a published meeting with the
 * 10-page report, a presenter (who presents the agenda item), the chair and a delegate; the chair
 * and the delegate sign in through the form in their own browser contexts.
 */
export async function roomScene(
  server: TestServer,
  browser: Browser,
  names: { chair: [string, string]; delegate: [string, string]; presenter: [string, string] },
): Promise<RoomScene> {
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const secretary = await createUser(server.url, admin, {
    username: `thuky.${names.chair[0]}`,
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  const [chairUser, delegateUser, presenter] = await Promise.all(
    [names.chair, names.delegate, names.presenter].map(([username, fullName]) =>
      createUser(server.url, admin, { username, fullName }),
    ),
  );
  const meeting = await publishedMeeting(
    secretary.client,
    chairUser!.id,
    [{ userId: presenter!.id }, { userId: delegateUser!.id }],
    { document: true },
  );
  const chair = await newPage(browser, { baseURL: server.url });
  const delegate = await newPage(browser, { baseURL: server.url });
  await signIn(chair.page, { username: names.chair[0], password: await ownPassword(chairUser!) });
  await signIn(delegate.page, { username: names.delegate[0], password: await ownPassword(delegateUser!) });
  return { meeting, chair, delegate, secretary: secretary.client };
}

/**
 * Opens one of the room's drawers from its bar (agenda, speakers, votes…), unless it is open.
 * Returns the drawer.
 */
export async function openDrawer(p: Page, label: string): Promise<Locator> {
  const tab = p
    .getByRole('navigation', { name: 'Bảng điều khiển phòng họp' })
    .getByRole('button', { name: new RegExp(`^${label}`) });
  if ((await tab.getAttribute('aria-expanded')) !== 'true') await tab.click();
  const drawer = p.getByRole('complementary', { name: label, exact: true });
  await drawer.waitFor();
  return drawer;
}

/** A published meeting with the report, its secretary and a delegate signed in in two browsers. */
export interface AnnotationScene {
  meeting: Awaited<ReturnType<typeof publishedMeeting>>;
  secretary: { context: BrowserContext; page: Page };
  delegate: { context: BrowserContext; page: Page };
  /** How each signs in again (their own password, set at the first sign-in). */
  accounts: Record<'secretary' | 'delegate', { username: string; password: string }>;
}

/**
 * Sets the scene the annotation tests share: a secretary publishes a meeting with the 10-page
 * Vietnamese report, a chair and a delegate; the secretary (who may write the shared layer) and
 * the delegate sign in through the form in their own browser contexts.
 */
export async function annotationScene(
  server: TestServer,
  browser: Browser,
  names: { secretary: [string, string]; chair: [string, string]; delegate: [string, string] },
): Promise<AnnotationScene> {
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const sec = await createUser(server.url, admin, {
    username: names.secretary[0],
    fullName: names.secretary[1],
    systemRole: 'secretary',
  });
  const [chairUser, delegateUser] = await Promise.all(
    [names.chair, names.delegate].map(([username, fullName]) =>
      createUser(server.url, admin, { username, fullName }),
    ),
  );
  const meeting = await publishedMeeting(sec.client, chairUser!.id, [{ userId: delegateUser!.id }], {
    document: true,
  });
  const accounts = {
    secretary: { username: names.secretary[0], password: await ownPassword(sec) },
    delegate: { username: names.delegate[0], password: await ownPassword(delegateUser!) },
  };
  const secretary = await newPage(browser, { baseURL: server.url });
  const delegate = await newPage(browser, { baseURL: server.url });
  await signIn(secretary.page, accounts.secretary);
  await signIn(delegate.page, accounts.delegate);
  return { meeting, secretary, delegate, accounts };
}
