import express, { Router, type Request, type Response } from 'express';
import { ReplyInput } from '@icabinet/shared';
import { AppError } from '../../errors.js';
import { fromHttpError } from '../../http/errors.middleware.js';
import { originCheck } from '../../http/origin.middleware.js';
import { ipOf, langOf } from '../../http/context.js';
import { t, type Lang, type MessageKey } from '../../i18n/messages.js';
import type { SafeHtml } from '../../lib/html.js';
import type { InvitationReplies } from './invitations.replies.js';
import { layout, sendLinkPage } from './reply-page.layout.js';
import { renderError, renderInvitation } from './reply-page.view.js';

/**
 * The page behind the personal link in an invitation: plain server-rendered HTML with forms, so
 * it opens instantly on any phone from an e-mail or SMS, needs no sign-in and no JavaScript.
 * It speaks the browser's language (Accept-Language): Vietnamese, or English when preferred.
 */
export function replyPages(deps: {
  invitations: Pick<InvitationReplies, 'viewByToken' | 'replyByToken'>;
  allowedOrigins: () => string[];
}): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  const page = (res: Response, status: number, body: SafeHtml, lang: Lang) =>
    sendLinkPage(res, status, layout(body, lang), lang);

  const fail = (req: Request, res: Response, err: unknown) => {
    if (err instanceof AppError && err.status < 500) {
      const lang = langOf(req);
      return page(res, err.status, renderError(t(lang, err.key, err.params), lang), lang);
    }
    throw err;
  };

  router.get('/invite/:token', async (req: Request<{ token: string }>, res) => {
    try {
      const view = await deps.invitations.viewByToken(req.params.token);
      const lang = langOf(req);
      page(res, 200, renderInvitation(view, {}, lang), lang);
    } catch (err) {
      fail(req, res, err);
    }
  });

  // The CSRF check as on /api, but a refusal is shown as this page, in the reader's language.
  const sameSite = originCheck(deps.allowedOrigins);
  const checkOrigin = (req: Request, res: Response, next: () => void) =>
    sameSite(req, res, (err?: unknown) => (err ? fail(req, res, err) : next()));

  // A body the parser refuses (too many fields, too large, bad encoding) is the sender's
  // mistake: a 4xx page, never a 500 with a stack in the log.
  const parseForm = (req: Request, res: Response, next: () => void) =>
    form(req, res, (err?: unknown) =>
      err ? fail(req, res, fromHttpError(err) ?? new AppError('invalid_input', 'invalid_input')) : next(),
    );

  router.post('/invite/:token', checkOrigin, parseForm, async (req: Request<{ token: string }>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof body[k] === 'string' ? body[k] : undefined);
    const answer = str('answer');
    const input =
      answer === 'deputy'
        ? {
            answer,
            deputy: {
              fullName: str('deputyName') ?? '',
              title: str('deputyTitle') || null,
              email: str('deputyEmail') || null,
              phone: str('deputyPhone') || null,
            },
            reason: str('reason') || null,
          }
        : answer === 'decline'
          ? { answer, reason: str('reason') ?? '' }
          : { answer };
    const parsed = ReplyInput.safeParse(input);
    const lang = langOf(req);
    try {
      if (!parsed.success) {
        const view = await deps.invitations.viewByToken(req.params.token);
        const problems = parsed.error.issues.map((i) =>
          t(
            lang,
            i.message === 'text_control' || i.message === 'text_line'
              ? `field_${i.message}`
              : (FIELD_PROBLEMS[i.path.join('.')] ?? 'reply_problem_other'),
          ),
        );
        const state = { problems: [...new Set(problems)], values: body, open: answer ?? null };
        return page(res, 400, renderInvitation(view, state, lang), lang);
      }
      const view = await deps.invitations.replyByToken(req.params.token, parsed.data, ipOf(req));
      page(res, 200, renderInvitation(view, { saved: true }, lang), lang);
    } catch (err) {
      fail(req, res, err);
    }
  });

  return router;
}

/** What to tell the reader about a refused form field, by the field's path in ReplyInput. */
const FIELD_PROBLEMS: Partial<Record<string, MessageKey>> = {
  reason: 'reply_problem_reason',
  'deputy.fullName': 'reply_problem_deputy_name',
  'deputy.email': 'reply_problem_deputy_email',
  'deputy.phone': 'reply_problem_deputy_phone',
  answer: 'reply_problem_answer',
};
