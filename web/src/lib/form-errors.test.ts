import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { serverFieldErrors } from './form-errors';
import { i18next, initI18n } from './i18n';

beforeAll(async () => {
  await initI18n();
});

const refused = (issues: { path: string; message: string }[]) =>
  new ApiError(400, 'invalid_input', 'Dữ liệu gửi lên không hợp lệ.', issues);

describe('server field errors', () => {
  it('puts a nested issue (guest.email) next to the email field, with nothing left for a banner', () => {
    const result = serverFieldErrors(
      refused([{ path: 'guest.email', message: 'Địa chỉ e-mail không hợp lệ.' }]),
      ['fullName', 'email', 'phone'] as const,
      i18next.t,
    );
    expect(result).toEqual({ fields: { email: 'Địa chỉ e-mail không hợp lệ.' }, general: null });
  });

  it('keeps the first message of a field and follows aliases', () => {
    const result = serverFieldErrors(
      refused([
        { path: 'plannedMinutes', message: 'Tối đa 1440 phút.' },
        { path: 'plannedMinutes', message: 'Phải là số nguyên.' },
        { path: 'title', message: 'Vui lòng nhập tiêu đề.' },
      ]),
      ['title', 'minutes'] as const,
      i18next.t,
      { plannedMinutes: 'minutes' },
    );
    expect(result.fields).toEqual({ minutes: 'Tối đa 1440 phút.', title: 'Vui lòng nhập tiêu đề.' });
    expect(result.general).toBeNull();
  });

  it('says in words what no field can show', () => {
    const result = serverFieldErrors(
      refused([{ path: 'version', message: 'Phiên bản không hợp lệ.' }]),
      ['title'] as const,
      i18next.t,
    );
    expect(result.fields).toEqual({});
    expect(result.general).toContain('Dữ liệu gửi lên không hợp lệ.');
    expect(result.general).toContain('Phiên bản không hợp lệ.');
  });

  it('shows any other failure as a general message', () => {
    const conflict = new ApiError(409, 'conflict', 'Người này đã có trong cuộc họp.');
    expect(serverFieldErrors(conflict, ['email'] as const, i18next.t)).toEqual({
      fields: {},
      general: 'Người này đã có trong cuộc họp.',
    });
  });
});
