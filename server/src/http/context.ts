import type { Request } from 'express';
import type { z } from 'zod';
import type { Actor } from '../actor.js';
import { errors, issuesFromZod } from '../errors.js';
import { pickLang, type Lang } from '../i18n/messages.js';

/** Kept here for routers; services import it from src/actor.ts. */
export type { Actor };

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

/**
 * The interface language of the caller: `?lang=vi|en` when the person chose one (the language
 * switch of the pages served without the web app), otherwise the browser's Accept-Language.
 */
export const langOf = (req: Request): Lang => {
  const chosen = req.query['lang'];
  if (chosen === 'vi' || chosen === 'en') return chosen;
  return pickLang(req.headers['accept-language']);
};

/** The signed-in actor; routes behind `requireAuth` only. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw errors.unauthorized();
  req.actor.ip ??= ipOf(req);
  return req.actor;
}

/** Parses untrusted input with a schema or throws a 400 with field issues. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw errors.invalid(issuesFromZod(result.error));
  return result.data;
}

/** The client address, for throttling and the audit log. */
export const ipOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';
