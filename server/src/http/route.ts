import type { Request, RequestHandler, Response, Router } from 'express';
import type { BodyOf, Endpoint, OutputOf, ParamsOf, QueryOf } from '@icabinet/shared';
import { parse } from './context.js';

/** What a contract handler receives: the parsed params, query and body, and the raw exchange. */
export interface RouteInput<E extends Endpoint> {
  params: ParamsOf<E>;
  query: QueryOf<E>;
  body: BodyOf<E>;
  req: Request;
  res: Response;
}

/** A JSON endpoint's handler returns the contract's output; a file, CSV or text one writes `res` itself. */
export type RouteHandler<E extends Endpoint> = (
  input: RouteInput<E>,
) => Promise<E['response'] extends 'file' | 'csv' | 'text' ? void : OutputOf<E>>;

const verbs = {
  GET: 'get',
  POST: 'post',
  PUT: 'put',
  PATCH: 'patch',
  DELETE: 'delete',
} as const;

/**
 * Registers one endpoint of the shared REST contract on `router`: `before` (auth, permission)
 * runs first, then params, query and body are parsed with the contract's schemas (a 400 with
 * field issues otherwise), then the handler; its result is sent with the contract's status.
 */
export function route<E extends Endpoint>(
  router: Router,
  contract: E,
  before: RequestHandler[],
  handler: RouteHandler<E>,
): void {
  router[verbs[contract.method]](contract.path, ...before, async (req: Request, res: Response) => {
    // Params first: a malformed id answers as such even when the body is wrong too.
    const params = (contract.params ? parse(contract.params, req.params) : undefined) as ParamsOf<E>;
    const query = (contract.query ? parse(contract.query, req.query) : undefined) as QueryOf<E>;
    const body = (
      contract.body && contract.request === undefined ? parse(contract.body, req.body ?? {}) : undefined
    ) as BodyOf<E>;
    const output = await handler({ params, query, body, req, res });
    if (contract.response !== undefined) return;
    if (contract.status === 204) res.status(204).end();
    else res.status(contract.status).json(output);
  });
}
