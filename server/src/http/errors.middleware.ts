import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, errors } from '../errors.js';
import type { Logger } from '../logger.js';
import { langOf } from './context.js';

/** 404 for unknown /api routes, as a JSON error. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', 'route_not_found', { path: `${req.method} ${req.path}` }));
};

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Maps body-parser failures to our errors so clients always get the JSON error shape. */
function fromBodyParser(err: unknown): AppError | null {
  if (typeof err !== 'object' || err === null || !('type' in err)) return null;
  const e = err as BodyParserError;
  if (e.type === 'entity.too.large') return errors.tooLarge();
  if (e.type === 'entity.parse.failed') return errors.invalid([], 'invalid_json');
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported')
    return errors.unsupportedMedia('charset');
  return null;
}

/** The one error handler, registered after every route: sanitized JSON, never a stack. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = err instanceof AppError ? err : fromBodyParser(err);
    const lang = langOf(req);
    if (appError) {
      if (appError.status >= 500) logger.error({ err, path: req.path }, 'request failed');
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
