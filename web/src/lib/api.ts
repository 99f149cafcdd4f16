import type { z } from 'zod';
import { pathOf, type BodyIn, type Endpoint, type OutputOf, type ParamsIn } from '@icabinet/shared';
import { ApiError, parseApiError } from './api-error';
import { currentLanguage, i18next } from './i18n';
import { serverBase } from './server-base';

export { ApiError } from './api-error';

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON body. */
  json?: unknown;
  /** A CSV file's text, sent as `text/csv`. */
  csv?: string;
  signal?: AbortSignal;
  /** Extra request headers (a paired tablet's device credential). */
  headers?: Record<string, string>;
  /**
   * Whether a 401 sends the user to the login page. Off for the login call itself, where 401
   * means "wrong password", not "session over".
   */
  redirectOn401?: boolean;
}

let onUnauthorized: (() => void) | null = null;

/** Registers what happens when any call answers 401 (the auth provider signs the user out). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/**
 * Builds `/api/...?a=1` leaving out empty values, so filters that are "all" do not reach the server.
 * Inside the desktop shell's bundled copy the server's origin comes first (see server-base.ts).
 */
export function buildUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${serverBase()}/api${path}${search ? `?${search}` : ''}`;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const isJsonType = (type: string | null): boolean =>
  type !== null && /^application\/([\w.+-]*\+)?json\b/i.test(type.trim());

/**
 * A successful answer must be JSON. Anything else (the web app's index.html served for an
 * unknown address, a captive portal, a proxy page) is refused with a clear error instead of
 * being handed to the page as if it were data.
 */
async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (text === '') return undefined as T;
  const notJson = () =>
    new ApiError(
      response.status,
      'bad_response',
      i18next.t('errors.notJson', { status: String(response.status) }),
    );
  if (!isJsonType(response.headers.get('Content-Type'))) throw notJson();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw notJson();
  }
}

/** Calls the REST API and returns the parsed JSON answer (undefined for 204). */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    // The server answers error messages in the interface language, not the browser's.
    'Accept-Language': currentLanguage(),
    ...options.headers,
  };
  let body: string | undefined;
  if (options.csv !== undefined) {
    headers['Content-Type'] = 'text/csv; charset=utf-8';
    body = options.csv;
  } else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', i18next.t('errors.network'));
  }

  if (response.status === 204) return undefined as T;
  if (response.ok) return readJson<T>(response);
  const parsed = await readBody(response);

  const error = parseApiError(
    response.status,
    parsed,
    response.headers.get('Retry-After'),
    i18next.t('errors.unknown'),
  );
  if (response.status === 401 && options.redirectOn401 !== false) onUnauthorized?.();
  throw error;
}

/** Shorthands for the HTTP verbs the API uses. */
export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, options?: RequestOptions) => request<T>('POST', path, options),
  patch: <T>(path: string, options?: RequestOptions) => request<T>('PATCH', path, options),
  put: <T>(path: string, options?: RequestOptions) => request<T>('PUT', path, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};

/** Query values a call may send for a contract's query schema (empty ones are left out of the URL). */
type QueryFor<E extends Endpoint> = E['query'] extends z.ZodType
  ? { [K in keyof z.input<E['query']>]?: QueryValue }
  : never;

/** What `call()` needs besides the contract: params and body when the contract has them. */
export type CallInput<E extends Endpoint> = (E['params'] extends z.ZodType
  ? { params: ParamsIn<E> }
  : { params?: never }) &
  (E['body'] extends z.ZodType ? { body: BodyIn<E> } : { body?: never }) & {
    query?: QueryFor<E>;
    signal?: AbortSignal;
    /** False where a 401 is an answer (wrong password, not signed in yet), not "session over". */
    redirectOn401?: boolean;
    headers?: Record<string, string>;
  };

/** The address of a contract endpoint, for links the browser follows itself (files, CSV). */
export function urlOf<E extends Endpoint>(
  contract: E,
  input: { params?: ParamsIn<E>; query?: QueryFor<E> },
): string {
  return buildUrl(pathOf(contract.path, input.params as Record<string, unknown> | undefined), input.query);
}

/**
 * Calls one endpoint of the shared REST contract: the path is filled from `params`, `body` goes
 * as JSON, and the answer is typed by the contract's output.
 */
export function call<E extends Endpoint>(contract: E, input: CallInput<E>): Promise<OutputOf<E>> {
  const path = pathOf(contract.path, input.params as Record<string, unknown> | undefined);
  return request<OutputOf<E>>(contract.method, path, {
    query: input.query,
    json: input.body,
    signal: input.signal,
    redirectOn401: input.redirectOn401,
    headers: input.headers,
  });
}
