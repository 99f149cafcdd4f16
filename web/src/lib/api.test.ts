import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError, buildUrl, request, setUnauthorizedHandler } from './api';
import { i18next, initI18n, setLanguage } from './i18n';

beforeAll(async () => {
  await initI18n();
});

afterEach(async () => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(null);
  await setLanguage('vi');
});

function stubFetch(response: Response | Error) {
  const fetchMock = vi.fn<typeof fetch>(() =>
    response instanceof Error ? Promise.reject(response) : Promise.resolve(response),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('API client', () => {
  it('leaves empty filters out of the query string', () => {
    expect(buildUrl('/users', { q: 'Nguyễn', unitId: '', active: undefined, limit: 50 })).toBe(
      '/api/users?q=Nguy%E1%BB%85n&limit=50',
    );
  });

  it('sends the interface language and same-origin credentials', async () => {
    const fetchMock = stubFetch(json(200, { ok: true }));
    await setLanguage('en');
    await request('GET', '/health');
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.credentials).toBe('same-origin');
    expect(init?.headers).toMatchObject({ 'Accept-Language': 'en' });
  });

  it('sends a CSV file as text/csv', async () => {
    const fetchMock = stubFetch(json(200, { imported: 0, users: [] }));
    await request('POST', '/users/import', { csv: 'username,fullName\r\n' });
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.body).toBe('username,fullName\r\n');
    expect(init?.headers).toMatchObject({ 'Content-Type': 'text/csv; charset=utf-8' });
  });

  it('turns an error body into an ApiError', async () => {
    stubFetch(json(409, { error: { code: 'conflict', message: 'Dữ liệu vừa được người khác thay đổi.' } }));
    await expect(request('PATCH', '/users/1', { json: { version: 1 } })).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'Dữ liệu vừa được người khác thay đổi.',
    });
  });

  it('says in Vietnamese that the server cannot be reached', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    const error = await request('GET', '/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'network', message: i18next.t('errors.network') });
    expect((error as ApiError).message).toContain('Không kết nối được với máy chủ');
  });

  it('signs the user out on a 401, except where 401 means wrong credentials', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    stubFetch(json(401, { error: { code: 'unauthorized', message: 'Bạn cần đăng nhập.' } }));
    await expect(request('GET', '/users')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);

    stubFetch(json(401, { error: { code: 'unauthorized', message: 'Sai mật khẩu.' } }));
    await expect(request('POST', '/auth/login', { json: {}, redirectOn401: false })).rejects.toBeInstanceOf(
      ApiError,
    );
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('refuses an HTML page answered with 200 instead of handing it over as data', async () => {
    // What the desktop app's bundle (app://bundle) answers for /api/*: its index.html.
    stubFetch(
      new Response('<!doctype html><html><body><div id="root"></div></body></html>', {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      }),
    );
    const error = await request('GET', '/meetings').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'bad_response' });
    expect((error as ApiError).message).toContain('không phải JSON');
  });

  it('refuses a body labelled JSON that does not parse', async () => {
    stubFetch(new Response('<html>', { status: 200, headers: { 'Content-Type': 'application/json' } }));
    await expect(request('GET', '/me')).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('returns undefined for 204 No Content', async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(request('POST', '/auth/logout')).resolves.toBeUndefined();
  });
});
