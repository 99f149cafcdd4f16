import { formatLongDateTime, formatTime } from '@icabinet/shared';
import { messageParts, t, type Lang, type MessageKey } from '../../i18n/messages.js';
import { html, raw, type HtmlValue, type SafeHtml } from '../../lib/html.js';
import type { PublicInvitation } from './invitations.shared.js';

/** What the page shows besides the invitation: a reply just saved, or the problems of a refused one. */
export interface ReplyViewState {
  saved?: boolean;
  problems?: string[];
  /** The refused form's values, shown again so nothing typed is lost. */
  values?: Record<string, unknown>;
  /** The answer whose form is shown open. */
  open?: string | null;
}

/** A catalogue message whose placeholders are filled with markup (escaped text stays escaped). */
function tHtml(lang: Lang, key: MessageKey, params: Record<string, HtmlValue>): SafeHtml {
  return html`${messageParts(lang, key).map((part, i) => (i % 2 === 1 ? html`${params[part]}` : part))}`;
}

/** An error page's content: what went wrong, in a sentence. */
export function renderError(message: string, lang: Lang): SafeHtml {
  return html`<section class="card">
    <h1>${t(lang, 'reply_error_title')}</h1>
    <p class="lead">${message}</p>
  </section>`;
}

/** The invitation, where its reply stands, and the forms to answer it (while it can be answered). */
export function renderInvitation(v: PublicInvitation, state: ReplyViewState, lang: Lang): SafeHtml {
  const m = v.meeting;
  const facts = [
    [t(lang, 'reply_fact_time'), `${formatLongDateTime(m.startsAt, lang)} – ${formatTime(m.endsAt, lang)}`],
    ...(m.location ? [[t(lang, 'reply_fact_location'), m.location]] : []),
  ].map(
    ([k, x]) =>
      html`<div class="fact">
        <dt>${k}</dt>
        <dd>${x}</dd>
      </div>`,
  );
  const agenda =
    v.agenda.length > 0 &&
    html`<h2>${t(lang, 'reply_agenda')}</h2>
      <ol class="agenda">
        ${v.agenda.map((a) => html`<li>${a.title}</li>`)}
      </ol>`;
  const banner = state.saved
    ? html`<p class="notice ok" role="status">${t(lang, 'reply_saved')}</p>`
    : state.problems?.length
      ? html`<div class="notice err" role="alert">
          <p>${t(lang, 'reply_problems')}</p>
          <ul>
            ${state.problems.map((p) => html`<li>${p}</li>`)}
          </ul>
        </div>`
      : null;
  const recipient = v.recipientTitle ? `${v.recipientTitle} ${v.recipientName}` : v.recipientName;
  return html`<section class="card">
    <p class="eyebrow">${t(lang, 'reply_eyebrow')}</p>
    <h1>${m.title}</h1>
    <p>${tHtml(lang, 'reply_salutation', { recipient: html`<strong>${recipient}</strong>` })}</p>
    <dl class="facts">${facts}</dl>
    ${banner}
    <p class="status">${current(v, lang)}</p>
    ${forms(v, state, lang)} ${agenda}
  </section>`;
}

/** Where the reply stands: the status in words, with the deputy or the reason given. */
function current(v: PublicInvitation, lang: Lang): SafeHtml {
  const status = t(lang, `reply_status_${v.status}`);
  if (v.deputy) {
    const deputy = html`<strong>${v.deputy.fullName}</strong>${v.deputy.title && html`, ${v.deputy.title}`}`;
    return html`${status} ${tHtml(lang, 'reply_current_deputy', { deputy })}`;
  }
  return html`${status}${v.reason && v.status === 'declined' && html` ${t(lang, 'reply_current_reason', { reason: v.reason })}`}`;
}

function forms(v: PublicInvitation, state: ReplyViewState, lang: Lang): SafeHtml {
  const m = v.meeting;
  if (!v.canReply) {
    if (v.deputyFor) {
      const principal = html`<strong>${v.deputyFor}</strong>`;
      return html`<p class="lead">${tHtml(lang, 'reply_deputy_for', { principal })}</p>`;
    }
    const closed =
      m.status !== 'cancelled'
        ? t(lang, 'reply_closed_ended')
        : m.statusReason
          ? t(lang, 'reply_closed_cancelled_reason', { reason: m.statusReason })
          : t(lang, 'reply_closed_cancelled');
    return html`<p class="notice">${closed}</p>`;
  }
  const val = (k: string) => (typeof state.values?.[k] === 'string' ? state.values[k] : '');
  const openAttr = (kind: string) => (state.open === kind ? raw(' open') : null);
  return html`<h2>${t(lang, 'reply_heading')}</h2>
    <form method="post" class="choice">
      <input type="hidden" name="answer" value="attend" />
      <button class="primary" type="submit">${t(lang, 'reply_attend')}</button>
    </form>
    <details class="choice" id="decline" ${openAttr('decline')}>
      <summary>${t(lang, 'reply_decline')}</summary>
      <form method="post">
        <input type="hidden" name="answer" value="decline" />
        <label for="reason-decline">${t(lang, 'reply_decline_reason')}</label>
        <textarea id="reason-decline" name="reason" rows="3" maxlength="1000" required>
${state.open === 'decline' ? val('reason') : ''}</textarea>
        <button type="submit">${t(lang, 'reply_decline_send')}</button>
      </form>
    </details>
    <details class="choice" id="deputy" ${openAttr('deputy')}>
      <summary>${t(lang, 'reply_deputy')}</summary>
      <form method="post">
        <input type="hidden" name="answer" value="deputy" />
        <label for="deputyName">${t(lang, 'reply_deputy_name')}</label
        ><input id="deputyName" name="deputyName" maxlength="120" required value="${val('deputyName')}" />
        <label for="deputyTitle">${t(lang, 'reply_deputy_title')}</label
        ><input id="deputyTitle" name="deputyTitle" maxlength="200" value="${val('deputyTitle')}" />
        <label for="deputyEmail">${t(lang, 'reply_deputy_email')}</label
        ><input
          id="deputyEmail"
          name="deputyEmail"
          type="email"
          inputmode="email"
          maxlength="254"
          value="${val('deputyEmail')}"
        />
        <label for="deputyPhone">${t(lang, 'reply_deputy_phone')}</label
        ><input
          id="deputyPhone"
          name="deputyPhone"
          type="tel"
          inputmode="tel"
          maxlength="20"
          value="${val('deputyPhone')}"
        />
        <label for="reason-deputy">${t(lang, 'reply_deputy_reason')}</label
        ><textarea id="reason-deputy" name="reason" rows="2" maxlength="1000">
${state.open === 'deputy' ? val('reason') : ''}</textarea>
        <button type="submit">${t(lang, 'reply_deputy_send')}</button>
      </form>
    </details>`;
}
