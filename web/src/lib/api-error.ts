import { ErrorCode, type FieldIssue } from '@icabinet/shared';

/**
 * Codes the client can see: the server's wire codes, a network failure that never reached it,
 * and an answer that was not the API's JSON (e.g. the web app's page served for /api).
 */
export type ApiErrorCode = ErrorCode | 'network' | 'bad_response';

/** A failed API call, parsed from the server's `{ error: { code, message, issues? } }` body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** Seconds from the Retry-After header of a 429 answer, when the server sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseIssues(value: unknown): FieldIssue[] {
  if (!Array.isArray(value)) return [];
  const issues: FieldIssue[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.message !== 'string') continue;
    const issue: FieldIssue = { path: typeof item.path === 'string' ? item.path : '', message: item.message };
    if (typeof item.line === 'number' && Number.isInteger(item.line)) issue.line = item.line;
    issues.push(issue);
  }
  return issues;
}

/** Reads Retry-After as seconds; the HTTP-date form is converted relative to `now`. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** The code the server would most likely have sent for a status, when the body says nothing usable. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'invalid_input';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'internal';
  }
}

/**
 * Builds an ApiError from a non-2xx answer. Bodies that are not our error shape (a proxy's HTML
 * page, an empty 502) still give a usable error with `fallbackMessage` in the user's language.
 */
export function parseApiError(
  status: number,
  body: unknown,
  retryAfter: string | null,
  fallbackMessage: string,
): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code =
    error && typeof error.code === 'string' && KNOWN_CODES.has(error.code)
      ? (error.code as ErrorCode)
      : codeForStatus(status);
  const message =
    error && typeof error.message === 'string' && error.message.trim() !== ''
      ? error.message
      : fallbackMessage;
  const issues = error ? parseIssues(error.issues) : [];
  return new ApiError(status, code, message, issues, parseRetryAfter(retryAfter));
}

/** Whole minutes to wait before retrying, at least one, from a Retry-After in seconds. */
export function minutesToWait(seconds: number | null): number {
  if (seconds === null || seconds <= 0) return 1;
  return Math.max(1, Math.ceil(seconds / 60));
}

/** Groups field issues by their first path segment so forms can show them under each input. */
export function issuesByField(issues: readonly FieldIssue[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0] ?? '';
    if (field !== '' && !(field in byField)) byField[field] = issue.message;
  }
  return byField;
}
