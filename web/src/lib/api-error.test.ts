import { describe, expect, it } from 'vitest';
import {
  ApiError,
  codeForStatus,
  issuesByField,
  minutesToWait,
  parseApiError,
  parseRetryAfter,
} from './api-error';

describe('parseApiError', () => {
  it('reads code, message and line-numbered issues from the server body', () => {
    const body = {
      error: {
        code: 'invalid_input',
        message: 'Tệp có 2 lỗi; chưa nhập người dùng nào.',
        issues: [
          { path: 'rows.3.username', message: 'Tên đăng nhập bị lặp lại', line: 4 },
          { path: 'rows.5.unit', message: 'Không có đơn vị với mã "XYZ".', line: 6 },
        ],
      },
    };
    const error = parseApiError(400, body, null, 'fallback');
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('Tệp có 2 lỗi; chưa nhập người dùng nào.');
    expect(error.issues).toEqual([
      { path: 'rows.3.username', message: 'Tên đăng nhập bị lặp lại', line: 4 },
      { path: 'rows.5.unit', message: 'Không có đơn vị với mã "XYZ".', line: 6 },
    ]);
  });

  it('falls back to a code from the status and the localized message when the body is not ours', () => {
    const error = parseApiError(502, '<html>Bad gateway</html>', null, 'Đã xảy ra lỗi không xác định.');
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Đã xảy ra lỗi không xác định.');
    expect(error.issues).toEqual([]);
  });

  it('ignores unknown codes and malformed issues instead of trusting them', () => {
    const error = parseApiError(
      409,
      { error: { code: 'weird', message: 'x', issues: [{ nope: 1 }, 'bad'] } },
      null,
      'f',
    );
    expect(error.code).toBe('conflict');
    expect(error.issues).toEqual([]);
  });

  it('carries Retry-After seconds for a rate-limited login', () => {
    const error = parseApiError(429, { error: { code: 'rate_limited', message: 'Chậm lại' } }, '600', 'f');
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(600);
    expect(minutesToWait(error.retryAfterSeconds)).toBe(10);
  });
});

describe('Retry-After', () => {
  it('accepts seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    const now = Date.parse('2024-11-28T01:00:00Z');
    expect(parseRetryAfter('Thu, 28 Nov 2024 01:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('rounds a wait up to whole minutes, never less than one', () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(61)).toBe(2);
    expect(minutesToWait(null)).toBe(1);
  });
});

describe('issuesByField', () => {
  it('keeps the first message per top-level field', () => {
    expect(
      issuesByField([
        { path: 'email', message: 'E-mail không hợp lệ' },
        { path: 'email', message: 'second' },
        { path: 'phone.0', message: 'Số điện thoại không hợp lệ' },
        { path: '', message: 'whole body' },
      ]),
    ).toEqual({ email: 'E-mail không hợp lệ', phone: 'Số điện thoại không hợp lệ' });
  });

  it('maps statuses to the wire codes', () => {
    expect(codeForStatus(401)).toBe('unauthorized');
    expect(codeForStatus(415)).toBe('unsupported_media_type');
    expect(codeForStatus(418)).toBe('internal');
  });
});
