import express, { Router, type Request, type Response } from 'express';
import { ReplyInput } from '@icabinet/shared';
import { AppError } from '../../errors.js';
import { fromHttpError } from '../../http/errors.middleware.js';
import { originCheck } from '../../http/origin.middleware.js';
import { ipOf } from '../../http/context.js';
import { t } from '../../i18n/messages.js';
import { html, raw, type SafeHtml } from '../../lib/html.js';
import type { InvitationReplies } from './invitations.replies.js';
import type { PublicInvitation } from './invitations.shared.js';
import { formatViDateTime, formatViTime } from './templates.js';

/**
 * The page behind the personal link in an invitation: plain server-rendered HTML with forms, so
 * it opens instantly on any phone from an e-mail or SMS, needs no sign-in and no JavaScript.
 */
export function replyPages(deps: {
  invitations: Pick<InvitationReplies, 'viewByToken' | 'replyByToken'>;
  allowedOrigins: () => string[];
}): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  const page = (res: Response, status: number, body: SafeHtml) => {
    res
      .status(status)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        // Never leaks the personal link to another site, yet lets the browser send our own
        // Origin with the form post (no-referrer makes Chromium send `Origin: null`).
        'Referrer-Policy': 'same-origin',
        'X-Robots-Tag': 'noindex',
        'Content-Security-Policy':
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      })
      .send(layout(body));
  };

  const fail = (res: Response, err: unknown) => {
    if (err instanceof AppError && err.status < 500) {
      return page(
        res,
        err.status,
        html`<section class="card">
          <h1>Không mở được giấy mời</h1>
          <p class="lead">${t('vi', err.key, err.params)}</p>
        </section>`,
      );
    }
    throw err;
  };

  router.get('/invite/:token', async (req: Request<{ token: string }>, res) => {
    try {
      const view = await deps.invitations.viewByToken(req.params.token);
      page(res, 200, render(view, {}));
    } catch (err) {
      fail(res, err);
    }
  });

  // The CSRF check as on /api, but a refusal is shown as this page, in Vietnamese.
  const sameSite = originCheck(deps.allowedOrigins);
  const checkOrigin = (req: Request, res: Response, next: () => void) =>
    sameSite(req, res, (err?: unknown) => (err ? fail(res, err) : next()));

  // A body the parser refuses (too many fields, too large, bad encoding) is the sender's
  // mistake: a 4xx page, never a 500 with a stack in the log.
  const parseForm = (req: Request, res: Response, next: () => void) =>
    form(req, res, (err?: unknown) =>
      err ? fail(res, fromHttpError(err) ?? new AppError('invalid_input', 'invalid_input')) : next(),
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
    try {
      if (!parsed.success) {
        const view = await deps.invitations.viewByToken(req.params.token);
        const problems = parsed.error.issues.map((i) =>
          i.message === 'text_control' || i.message === 'text_line'
            ? t('vi', `field_${i.message}`)
            : (FIELD_PROBLEMS[i.path.join('.')] ?? 'Thông tin chưa hợp lệ.'),
        );
        return page(
          res,
          400,
          render(view, { problems: [...new Set(problems)], values: body, open: answer ?? null }),
        );
      }
      const view = await deps.invitations.replyByToken(req.params.token, parsed.data, ipOf(req));
      page(res, 200, render(view, { saved: true }));
    } catch (err) {
      fail(res, err);
    }
  });

  return router;
}

const FIELD_PROBLEMS: Record<string, string> = {
  reason: 'Vui lòng cho biết lý do vắng mặt.',
  'deputy.fullName': 'Vui lòng nhập họ và tên người dự thay.',
  'deputy.email': 'Địa chỉ thư điện tử của người dự thay không đúng (ví dụ: ten@hanoi.gov.vn).',
  'deputy.phone': 'Số điện thoại của người dự thay không đúng (ví dụ: 0912 345 678).',
  answer: 'Vui lòng chọn một câu trả lời.',
};

const STATUS_TEXT: Record<PublicInvitation['status'], string> = {
  pending: 'Ông/bà chưa trả lời giấy mời này.',
  attending: 'Ông/bà đã xác nhận tham dự.',
  declined: 'Ông/bà đã báo vắng.',
  deputy_pending: 'Ông/bà đã cử người dự thay; Văn phòng đang xem xét.',
  deputy_approved: 'Người dự thay đã được chấp thuận và sẽ nhận giấy mời riêng.',
  deputy_rejected: 'Người dự thay chưa được chấp thuận; xin vui lòng trả lời lại.',
};

function render(
  v: PublicInvitation,
  state: { saved?: boolean; problems?: string[]; values?: Record<string, unknown>; open?: string | null },
): SafeHtml {
  const val = (k: string) => (typeof state.values?.[k] === 'string' ? state.values[k] : '');
  const m = v.meeting;
  const facts = [
    ['Thời gian', `${formatViDateTime(m.startsAt)} – ${formatViTime(m.endsAt)}`],
    ...(m.location ? [['Địa điểm', m.location]] : []),
  ].map(
    ([k, x]) =>
      html`<div class="fact">
        <dt>${k}</dt>
        <dd>${x}</dd>
      </div>`,
  );
  const agenda =
    v.agenda.length > 0 &&
    html`<h2>Chương trình</h2>
      <ol class="agenda">
        ${v.agenda.map((a) => html`<li>${a.title}</li>`)}
      </ol>`;
  const banner = state.saved
    ? html`<p class="notice ok" role="status">Đã ghi nhận câu trả lời của ông/bà. Cảm ơn!</p>`
    : state.problems?.length
      ? html`<div class="notice err" role="alert">
          <p>Chưa gửi được câu trả lời:</p>
          <ul>
            ${state.problems.map((p) => html`<li>${p}</li>`)}
          </ul>
        </div>`
      : null;
  const closed =
    m.status === 'cancelled'
      ? html`Cuộc họp đã bị hủy${m.statusReason && html` (lý do: ${m.statusReason})`}.`
      : html`Cuộc họp đã kết thúc; không thể trả lời giấy mời nữa.`;
  const current = v.deputy
    ? html`${STATUS_TEXT[v.status]} Người dự thay:
        <strong>${v.deputy.fullName}</strong>${v.deputy.title && html`, ${v.deputy.title}`}.`
    : html`${STATUS_TEXT[v.status]}${v.reason && v.status === 'declined' && html` Lý do: ${v.reason}`}`;
  const recipient = v.recipientTitle ? `${v.recipientTitle} ${v.recipientName}` : v.recipientName;
  const openAttr = (kind: string) => (state.open === kind ? raw(' open') : null);
  const forms = !v.canReply
    ? v.deputyFor
      ? html`<p class="lead">
          Ông/bà dự họp thay cho <strong>${v.deputyFor}</strong>. Xin vui lòng mang theo giấy tờ tùy thân.
        </p>`
      : html`<p class="notice">${closed}</p>`
    : html`<h2>Trả lời giấy mời</h2>
        <form method="post" class="choice">
          <input type="hidden" name="answer" value="attend" />
          <button class="primary" type="submit">Tôi sẽ tham dự</button>
        </form>
        <details class="choice" id="decline" ${openAttr('decline')}>
          <summary>Báo vắng</summary>
          <form method="post">
            <input type="hidden" name="answer" value="decline" />
            <label for="reason-decline">Lý do vắng mặt</label>
            <textarea id="reason-decline" name="reason" rows="3" maxlength="1000" required>
${state.open === 'decline' ? val('reason') : ''}</textarea>
            <button type="submit">Gửi báo vắng</button>
          </form>
        </details>
        <details class="choice" id="deputy" ${openAttr('deputy')}>
          <summary>Cử người dự thay</summary>
          <form method="post">
            <input type="hidden" name="answer" value="deputy" />
            <label for="deputyName">Họ và tên người dự thay</label
            ><input id="deputyName" name="deputyName" maxlength="120" required value="${val('deputyName')}" />
            <label for="deputyTitle">Chức vụ</label
            ><input id="deputyTitle" name="deputyTitle" maxlength="200" value="${val('deputyTitle')}" />
            <label for="deputyEmail">Thư điện tử</label
            ><input
              id="deputyEmail"
              name="deputyEmail"
              type="email"
              inputmode="email"
              maxlength="254"
              value="${val('deputyEmail')}"
            />
            <label for="deputyPhone">Điện thoại</label
            ><input
              id="deputyPhone"
              name="deputyPhone"
              type="tel"
              inputmode="tel"
              maxlength="20"
              value="${val('deputyPhone')}"
            />
            <label for="reason-deputy">Lý do (không bắt buộc)</label
            ><textarea id="reason-deputy" name="reason" rows="2" maxlength="1000">
${state.open === 'deputy' ? val('reason') : ''}</textarea>
            <button type="submit">Gửi đề nghị cử người dự thay</button>
          </form>
        </details>`;
  return html`<section class="card">
    <p class="eyebrow">Giấy mời họp</p>
    <h1>${m.title}</h1>
    <p>Kính gửi: <strong>${recipient}</strong></p>
    <dl class="facts">${facts}</dl>
    ${banner}
    <p class="status">${current}</p>
    ${forms} ${agenda}
  </section>`;
}

function layout(body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Giấy mời họp — I-Cabinet</title>
        <style>
          * {
            box-sizing: border-box;
          }
          body {
            margin: 0;
            background: #f4f4f5;
            color: #1f2937;
            font:
              17px/1.5 system-ui,
              -apple-system,
              'Segoe UI',
              Roboto,
              Arial,
              sans-serif;
          }
          header {
            background: #b91c1c;
            color: #fff;
            padding: 14px 20px;
            font-weight: 700;
            letter-spacing: 0.02em;
          }
          main {
            max-width: 720px;
            margin: 0 auto;
            padding: 16px;
          }
          .card {
            background: #fff;
            border-radius: 14px;
            padding: 24px;
            box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08);
          }
          .eyebrow {
            margin: 0;
            color: #b91c1c;
            font-weight: 700;
            text-transform: uppercase;
            font-size: 14px;
          }
          h1 {
            margin: 4px 0 12px;
            font-size: 24px;
            line-height: 1.3;
          }
          h2 {
            font-size: 19px;
            margin: 24px 0 8px;
          }
          .facts {
            margin: 12px 0;
          }
          .fact {
            display: flex;
            gap: 12px;
            padding: 6px 0;
            border-bottom: 1px solid #eee;
          }
          .fact dt {
            min-width: 90px;
            color: #555;
          }
          .fact dd {
            margin: 0;
            font-weight: 600;
          }
          .status {
            background: #f8fafc;
            border-left: 4px solid #64748b;
            padding: 10px 14px;
            border-radius: 6px;
          }
          .notice {
            padding: 12px 14px;
            border-radius: 8px;
            background: #fef9c3;
          }
          .notice.ok {
            background: #dcfce7;
            font-weight: 600;
          }
          .notice.err {
            background: #fee2e2;
          }
          .notice ul {
            margin: 4px 0 0;
            padding-left: 20px;
          }
          .choice {
            margin: 12px 0;
          }
          details.choice {
            border: 1px solid #d4d4d8;
            border-radius: 10px;
            padding: 0 16px;
          }
          summary {
            min-height: 52px;
            display: flex;
            align-items: center;
            font-weight: 600;
            cursor: pointer;
          }
          label {
            display: block;
            margin: 12px 0 4px;
            font-weight: 600;
          }
          input,
          textarea {
            width: 100%;
            font: inherit;
            padding: 12px;
            border: 1px solid #a1a1aa;
            border-radius: 8px;
            min-height: 48px;
          }
          button {
            font: inherit;
            font-weight: 700;
            min-height: 52px;
            padding: 12px 22px;
            border-radius: 10px;
            border: 0;
            background: #475569;
            color: #fff;
            margin: 14px 0;
            cursor: pointer;
            width: 100%;
          }
          button.primary {
            background: #b91c1c;
            font-size: 19px;
          }
          button:focus-visible,
          summary:focus-visible,
          input:focus-visible,
          textarea:focus-visible {
            outline: 3px solid #2563eb;
            outline-offset: 2px;
          }
          .agenda {
            padding-left: 22px;
          }
          footer {
            text-align: center;
            color: #71717a;
            font-size: 14px;
            padding: 16px;
          }
        </style>
      </head>
      <body>
        <header>I-Cabinet · Phòng họp không giấy</header>
        <main>${body}</main>
        <footer>Đường dẫn này dành riêng cho người được mời; xin không chuyển tiếp.</footer>
      </body>
    </html>`.toString();
}
