import type { ZodError } from 'zod';
import { ErrorCode, type FieldIssue, type WireError } from '@icabinet/shared';
import { isMessageKey, t, type Lang, type MessageKey, type MessageParams } from './i18n/messages.js';

/** The HTTP status each error code answers with (also what the API description lists). */
export const STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unsupported_protocol: 426,
  internal: 500,
};

/** Issue before localisation: a message key and its parameters. */
export interface PendingIssue {
  path: string;
  key: MessageKey;
  params?: MessageParams;
  line?: number;
  /** For a problem in a file (a CSV cell): the column as the file names it, told in the message. */
  column?: string;
}

/**
 * The one error type services throw. It carries a stable code, a message key (rendered in the
 * caller's language at the edge) and optional field issues; never a stack or internal detail.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    readonly issues: PendingIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code}: ${key}`);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS[this.code];
  }

  /** The sanitized wire shape in a language. */
  toWire(lang: Lang): WireError {
    const wire: WireError = { code: this.code, message: t(lang, this.key, this.params) };
    if (this.issues.length > 0) {
      wire.issues = this.issues.map((i): FieldIssue => ({
        path: i.path,
        message:
          i.column !== undefined
            ? `${t(lang, 'csv_cell', { line: String(i.line ?? ''), column: i.column })} ${t(lang, i.key, i.params)}`
            : t(lang, i.key, i.params),
        ...(i.line !== undefined ? { line: i.line } : {}),
      }));
    }
    return wire;
  }
}

/** Error factories with stable codes. */
export const errors = {
  invalid: (issues: PendingIssue[] = [], key: MessageKey = 'invalid_input', params?: MessageParams) =>
    new AppError(ErrorCode.invalid_input, key, params, issues),
  unauthorized: (key: MessageKey = 'unauthorized') => new AppError(ErrorCode.unauthorized, key),
  forbidden: (key: MessageKey = 'forbidden') => new AppError(ErrorCode.forbidden, key),
  notFound: (key: MessageKey = 'not_found', params?: MessageParams) =>
    new AppError(ErrorCode.not_found, key, params),
  conflict: (key: MessageKey = 'version_conflict', params?: MessageParams) =>
    new AppError(ErrorCode.conflict, key, params),
  invalidState: (key: MessageKey, params?: MessageParams) =>
    new AppError(ErrorCode.invalid_state, key, params),
  rateLimited: (retryAfterSeconds: number, key: MessageKey = 'rate_limited', params?: MessageParams) =>
    new AppError(ErrorCode.rate_limited, key, params, [], { 'Retry-After': String(retryAfterSeconds) }),
  tooLarge: () => new AppError(ErrorCode.payload_too_large, 'payload_too_large'),
  unsupportedMedia: (type: string) =>
    new AppError(ErrorCode.unsupported_media_type, 'unsupported_media_type', { type }),
  internal: () => new AppError(ErrorCode.internal, 'internal'),
};

/** Turns zod issues into localisable field issues. */
export function issuesFromZod(error: ZodError, prefix = ''): PendingIssue[] {
  const seen = new Set<string>();
  // One message per field is enough for a person; zod may report several rules for one value.
  return allIssuesFromZod(error, prefix).filter((i) => !seen.has(i.path) && !!seen.add(i.path));
}

function allIssuesFromZod(error: ZodError, prefix: string): PendingIssue[] {
  return error.issues.flatMap((issue): PendingIssue[] => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [path, key].filter(Boolean).join('.'),
        key: 'field_unknown',
        params: { key },
      }));
    }
    const custom = `field_${issue.message}`;
    if (isMessageKey(custom)) return [{ path, key: custom }];
    switch (issue.code) {
      case 'invalid_type':
        return [{ path, key: issue.input === undefined ? 'field_required' : 'field_type' }];
      case 'too_small':
        return [{ path, key: 'field_too_short', params: { min: String(issue.minimum) } }];
      case 'too_big':
        return [{ path, key: 'field_too_long', params: { max: String(issue.maximum) } }];
      case 'invalid_format':
        return [{ path, key: issue.format === 'email' ? 'field_email' : 'field_invalid' }];
      case 'invalid_value':
        return [
          {
            path,
            key: path.endsWith('systemRole') || path.endsWith('role') ? 'field_role' : 'field_invalid',
          },
        ];
      default:
        return [{ path, key: 'field_invalid' }];
    }
  });
}
