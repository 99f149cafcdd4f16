import { formatLongDateTime, OPINION_CHOICES } from '@icabinet/shared';
import { t, type Lang } from '../../i18n/messages.js';
import { html, raw, type SafeHtml } from '../../lib/html.js';
import type { PublicOpinion } from './opinions.service.js';

/** What the page shows besides the request: an answer just saved, or the problems of a refused one. */
export interface OpinionViewState {
  saved?: boolean;
  problems?: string[];
  /** The refused form's values, shown again so nothing typed is lost. */
  values?: Record<string, string>;
}

/** The form's field names for one question. */
export const choiceField = (questionId: string) => `choice-${questionId}`;
export const commentField = (questionId: string) => `comment-${questionId}`;

/** Each choice a large, full-width touch target; the comment box under it. */
const STYLES = raw(`<style>
.q { border: 1px solid #d4d4d8; border-radius: 12px; padding: 4px 16px 12px; margin: 16px 0; }
.q h3 { font-size: 17px; margin: 12px 0 8px; }
.opts { display: grid; gap: 8px; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }
.opt { display: flex; align-items: center; gap: 10px; min-height: 52px; margin: 0; padding: 8px 14px;
  border: 2px solid #d4d4d8; border-radius: 10px; font-weight: 600; cursor: pointer; }
.opt input { width: 24px; height: 24px; min-height: 0; margin: 0; accent-color: #b91c1c; }
.opt:has(input:checked) { border-color: #b91c1c; background: #fef2f2; }
.answer { background: #f8fafc; border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.response { border-left: 4px solid #15803d; background: #f0fdf4; padding: 8px 12px; border-radius: 6px; margin: 8px 0; }
a.draft { display: flex; align-items: center; justify-content: center; min-height: 52px; border-radius: 10px;
  border: 2px solid #b91c1c; color: #b91c1c; font-weight: 700; text-decoration: none; margin: 12px 0; }
</style>`);

export function renderOpinionError(message: string, lang: Lang): SafeHtml {
  return html`<section class="card">
    <h1>${t(lang, 'opinion_error_title')}</h1>
    <p class="lead">${message}</p>
  </section>`;
}

/** The request, the draft, and one block per question: the form while open, the answer given after. */
export function renderOpinion(
  v: PublicOpinion,
  state: OpinionViewState,
  lang: Lang,
  token: string,
): SafeHtml {
  const r = v.request;
  const me = v.recipient;
  const facts = [
    [t(lang, 'opinion_meeting'), v.meetingTitle],
    [t(lang, 'opinion_deadline'), formatLongDateTime(r.deadline, lang)],
    ...(v.documentName ? [[t(lang, 'opinion_draft'), v.documentName]] : []),
  ].map(
    ([k, x]) =>
      html`<div class="fact">
        <dt>${k}</dt>
        <dd>${x}</dd>
      </div>`,
  );
  const banner = state.saved
    ? html`<p class="notice ok" role="status">${t(lang, 'opinion_saved')}</p>`
    : state.problems?.length
      ? html`<div class="notice err" role="alert">
          <p>${t(lang, 'opinion_problems')}</p>
          <ul>
            ${state.problems.map((p) => html`<li>${p}</li>`)}
          </ul>
        </div>`
      : null;
  const status = !v.open
    ? html`<p class="notice">
        ${t(lang, 'opinion_closed_notice', { at: formatLongDateTime(r.deadline, lang) })}
      </p>`
    : me.answeredAt
      ? html`<p class="status">
          ${t(lang, 'opinion_answered_at', { at: formatLongDateTime(me.answeredAt, lang) })}
        </p>`
      : null;
  const draft = v.draftByLink
    ? html`<a class="draft" href="/opinion/${token}/draft.pdf" target="_blank" rel="noopener"
        >${t(lang, 'opinion_open_draft')}</a
      >`
    : html`<p class="notice">${t(lang, 'opinion_draft_app_only')}</p>`;
  const recipient = me.title ? `${me.title} ${me.name}` : me.name;
  return html`${STYLES}
    <section class="card">
      <p class="eyebrow">${t(lang, 'opinion_eyebrow')}</p>
      <h1>${r.title}</h1>
      <p>${t(lang, 'reply_salutation', { recipient })}</p>
      <dl class="facts">${facts}</dl>
      ${r.note && html`<p>${r.note}</p>`} ${draft} ${banner} ${status}
      ${v.open ? form(v, state, lang) : answersGiven(v, lang)}
    </section>`;
}

function form(v: PublicOpinion, state: OpinionViewState, lang: Lang): SafeHtml {
  const answerOf = (qid: string) => v.recipient.answers.find((a) => a.questionId === qid);
  const value = (name: string, fallback: string) => state.values?.[name] ?? fallback;
  return html`<form method="post">
    ${v.request.questions.map((q, i) => {
      const given = answerOf(q.id);
      const chosen = value(choiceField(q.id), given?.choice ?? '');
      return html`<fieldset class="q">
        <h3>${t(lang, 'opinion_question', { n: String(i + 1) })}. ${q.text}</h3>
        <div class="opts" role="radiogroup">
          ${OPINION_CHOICES.map(
            (c) =>
              html`<label class="opt"
                ><input
                  type="radio"
                  name="${choiceField(q.id)}"
                  value="${c}"
                  ${chosen === c ? raw('checked') : null}
                />
                ${t(lang, `opinion_choice_${c}`)}</label
              >`,
          )}
        </div>
        <label for="${commentField(q.id)}">${t(lang, 'opinion_comment')}</label>
        <textarea id="${commentField(q.id)}" name="${commentField(q.id)}" rows="3" maxlength="2000">
${value(commentField(q.id), given?.comment ?? '')}</textarea>
        ${responseOf(v, q.id, lang)}
      </fieldset>`;
    })}
    <button class="primary" type="submit">
      ${t(lang, v.recipient.answeredAt ? 'opinion_send_again' : 'opinion_send')}
    </button>
  </form>`;
}

function responseOf(v: PublicOpinion, questionId: string, lang: Lang): SafeHtml | null {
  const resp = v.recipient.responses.find((x) => x.questionId === questionId);
  return resp
    ? html`<div class="response"><strong>${t(lang, 'opinion_response')}:</strong> ${resp.text}</div>`
    : null;
}

function answersGiven(v: PublicOpinion, lang: Lang): SafeHtml {
  return html`${v.request.questions.map((q, i) => {
    const a = v.recipient.answers.find((x) => x.questionId === q.id);
    return html`<div class="q">
      <h3>${t(lang, 'opinion_question', { n: String(i + 1) })}. ${q.text}</h3>
      <div class="answer">
        <strong>${t(lang, 'opinion_your_answer')}:</strong>
        ${a ? t(lang, `opinion_choice_${a.choice}`) : '—'}${a?.comment && html`<br />${a.comment}`}
      </div>
      ${responseOf(v, q.id, lang)}
    </div>`;
  })}`;
}
