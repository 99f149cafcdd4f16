import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, errors } from '../errors.js';
import type { Logger } from '../logger.js';
import { langOf } from './context.js';

/** 404 for unknown /api routes, as a JSON error. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', 'route_not_found', { path: `${req.method} ${req.path}` }));
};

interface HttpError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

/**
 * Maps the 4xx errors of body-parser, `send`/serve-static and Express (bad bodies, too many
 * form fields, a malformed URL, a missing static file) to our errors, so clients get the JSON
 * error shape and the log gets no stack for what is the client's mistake.
 */
export function fromHttpError(err: unknown): AppError | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as HttpError;
  if (e.type === 'entity.too.large') return errors.tooLarge();
  if (e.type === 'entity.parse.failed') return errors.invalid([], 'invalid_json');
  if (e.type === 'parameters.too.many') return errors.invalid([], 'too_many_fields');
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported')
    return errors.unsupportedMedia('charset');
  const status = e.status ?? e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (status === 404) return errors.notFound();
  if (status === 413) return errors.tooLarge();
  if (status === 415) return errors.unsupportedMedia('content-type');
  return errors.invalid();
}

/** The one error handler, registered after every route: sanitized JSON, never a stack. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = err instanceof AppError ? err : fromHttpError(err);
    const lang = langOf(req);
    if (res.headersSent) {
      // Part of the answer already left (a file cut short): only closing it is left to do.
      if (!appError || appError.status >= 500) logger.warn({ err, path: req.path }, 'response cut short');
      res.destroy();
      return;
    }
    if (appError) {
      if (appError.status >= 500) logger.error({ err, path: req.path }, 'request failed');
      else if (!(err instanceof AppError))
        logger.warn({ status: appError.status, method: req.method, path: req.path }, 'bad request');
      res
        .status(appError.status)
        .set(appError.headers)
        .json({ error: appError.toWire(lang) });
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'unexpected error');
    res.status(500).json({ error: errors.internal().toWire(lang) });
  };
}
