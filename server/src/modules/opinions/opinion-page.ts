import express, { Router, type Request, type Response } from 'express';
import { OpinionAnswerInput } from '@icabinet/shared';
import { AppError } from '../../errors.js';
import { fromHttpError } from '../../http/errors.middleware.js';
import { originCheck } from '../../http/origin.middleware.js';
import { ipOf, langOf } from '../../http/context.js';
import { t, type Lang } from '../../i18n/messages.js';
import type { SafeHtml } from '../../lib/html.js';
import { sendStoredPdf } from '../documents/documents.file.js';
import { layout, sendLinkPage } from '../invitations/reply-page.layout.js';
import { choiceField, commentField, renderOpinion, renderOpinionError } from './opinion-page.view.js';
import type { OpinionsService } from './opinions.service.js';

/**
 * The page behind the personal link of a request for written opinions (/opinion/:token): plain
 * server-rendered HTML with one form, so it works on any phone or tablet without sign-in or
 * JavaScript, in the browser's language (Accept-Language), like the invitation reply page.
 */
export function opinionPages(deps: {
  opinions: Pick<OpinionsService, 'viewByToken' | 'answerByToken' | 'draftByToken'>;
  allowedOrigins: () => string[];
}): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '96kb', parameterLimit: 100 });

  const page = (res: Response, status: number, body: SafeHtml, lang: Lang) =>
    sendLinkPage(
      res,
      status,
      layout(body, lang, { title: t(lang, 'opinion_page_title'), footer: t(lang, 'opinion_footer') }),
      lang,
    );

  const fail = (req: Request, res: Response, err: unknown) => {
    if (err instanceof AppError && err.status < 500) {
      const lang = langOf(req);
      return page(res, err.status, renderOpinionError(t(lang, err.key, err.params), lang), lang);
    }
    throw err;
  };

  router.get('/opinion/:token', async (req: Request<{ token: string }>, res) => {
    try {
      const lang = langOf(req);
      page(
        res,
        200,
        renderOpinion(await deps.opinions.viewByToken(req.params.token), {}, lang, req.params.token),
        lang,
      );
    } catch (err) {
      fail(req, res, err);
    }
  });

  router.get('/opinion/:token/draft.pdf', async (req: Request<{ token: string }>, res) => {
    try {
      const file = await deps.opinions.draftByToken(req.params.token);
      res.set({ 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' });
      await sendStoredPdf(req, res, { ...file, kind: 'inline' });
    } catch (err) {
      fail(req, res, err);
    }
  });

  const sameSite = originCheck(deps.allowedOrigins);
  const checkOrigin = (req: Request, res: Response, next: () => void) =>
    sameSite(req, res, (err?: unknown) => (err ? fail(req, res, err) : next()));
  const parseForm = (req: Request, res: Response, next: () => void) =>
    form(req, res, (err?: unknown) =>
      err ? fail(req, res, fromHttpError(err) ?? new AppError('invalid_input', 'invalid_input')) : next(),
    );

  router.post('/opinion/:token', checkOrigin, parseForm, async (req: Request<{ token: string }>, res) => {
    const lang = langOf(req);
    const token = req.params.token;
    try {
      const view = await deps.opinions.viewByToken(token);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
      const questions = view.request.questions;
      const input = {
        answers: questions.map((q) => ({
          questionId: q.id,
          choice: values[choiceField(q.id)],
          comment: values[commentField(q.id)] ?? null,
        })),
      };
      const parsed = OpinionAnswerInput.safeParse(input);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => {
          const n = String(Number(i.path[1] ?? 0) + 1);
          if (i.message === 'text_control' || i.message === 'text_line') return t(lang, `field_${i.message}`);
          if (i.path[2] === 'choice') return t(lang, 'opinion_problem_choice', { n });
          if (i.path[2] === 'comment') return t(lang, 'opinion_problem_comment', { n });
          return t(lang, 'opinion_problem_form');
        });
        return page(
          res,
          400,
          renderOpinion(view, { problems: [...new Set(problems)], values }, lang, token),
          lang,
        );
      }
      const saved = await deps.opinions.answerByToken(token, parsed.data, ipOf(req));
      page(res, 200, renderOpinion(saved, { saved: true }, lang, token), lang);
    } catch (err) {
      fail(req, res, err);
    }
  });

  return router;
}
