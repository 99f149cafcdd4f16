import type { z } from 'zod';
import type { ErrorCode } from '../errors/index.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What one endpoint declares; `endpoint<Output>()(…)` fills in the defaults. */
export interface EndpointDef {
  readonly method: HttpMethod;
  /** Express-style path under `/api`, `:name` for each path parameter. */
  readonly path: string;
  /** One line for the generated API description. */
  readonly summary: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The success status; 204 answers no body. Default 200. */
  readonly status?: 200 | 201 | 204;
  /** Error codes this endpoint may answer besides the ones every endpoint may (`COMMON_ERRORS`). */
  readonly errors?: readonly ErrorCode[];
  /** False for public endpoints (no session needed). Default true. */
  readonly auth?: boolean;
  /** A request body that is not JSON (described only; the handler reads it itself). */
  readonly request?: 'multipart' | 'csv';
  /** A response that is not JSON (the handler writes it itself). */
  readonly response?: 'file' | 'csv' | 'text';
  /** Also callable with an API token (`Authorization: Bearer …`) carrying this scope. */
  readonly apiToken?: string;
}

/** Every endpoint may answer these (validation, session, throttling, unexpected failure). */
export const COMMON_ERRORS: readonly ErrorCode[] = [
  'invalid_input',
  'unauthorized',
  'rate_limited',
  'internal',
];

/** A declared endpoint: its definition with defaults, and (in the type only) its JSON output. */
export type Endpoint<D extends EndpointDef = EndpointDef, O = unknown> = D & {
  readonly status: 200 | 201 | 204;
  readonly errors: readonly ErrorCode[];
  readonly auth: boolean;
  /** Type only: what a successful answer's JSON body holds (`undefined` for 204). */
  readonly output?: O;
};

/**
 * Declares one REST endpoint whose successful answer is `O`:
 * `endpoint<{ meeting: Meeting }>()({ method: 'POST', path: '/meetings', body: MeetingCreateInput, … })`.
 */
export const endpoint =
  <O>() =>
  <const D extends EndpointDef>(def: D): Endpoint<D, O> => ({
    ...def,
    status: def.status ?? 200,
    errors: [...COMMON_ERRORS, ...(def.errors ?? [])],
    auth: def.auth ?? true,
  });

type SchemaOut<S> = S extends z.ZodType ? z.output<S> : undefined;
type SchemaIn<S> = S extends z.ZodType ? z.input<S> : undefined;

/** Parsed path parameters, query and body, as a server handler receives them. */
export type ParamsOf<E extends EndpointDef> = SchemaOut<E['params']>;
export type QueryOf<E extends EndpointDef> = SchemaOut<E['query']>;
export type BodyOf<E extends EndpointDef> = SchemaOut<E['body']>;
/** What a client sends (the schemas' input types). */
export type ParamsIn<E extends EndpointDef> = SchemaIn<E['params']>;
export type QueryIn<E extends EndpointDef> = SchemaIn<E['query']>;
export type BodyIn<E extends EndpointDef> = SchemaIn<E['body']>;
/** The JSON a successful answer holds. */
export type OutputOf<E> = E extends { readonly output?: infer O } ? O : never;

/**
 * Fills an endpoint's path with its parameters (URI-encoded): `/meetings/:id` → `/meetings/m1`.
 * Throws when a parameter is missing, which is a programming error.
 */
export function pathOf(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params?.[name];
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
