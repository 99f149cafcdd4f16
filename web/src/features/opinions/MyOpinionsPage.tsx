import { useCallback, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { OPINION_CHOICES, type MyOpinionRequest, type OpinionChoice } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { TextArea } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { opinionsApi } from './opinions.api';
import './opinions.css';

/** One request sent to me: the draft, the questions, and my answers (editable until the deadline). */
function MyOpinion({
  item,
  onSaved,
}: {
  item: MyOpinionRequest;
  onSaved: (next: MyOpinionRequest) => void;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const { request, recipient, open } = item;
  const given = (qid: string) => recipient.answers.find((a) => a.questionId === qid);
  const [choices, setChoices] = useState<Record<string, OpinionChoice | undefined>>(() =>
    Object.fromEntries(request.questions.map((q) => [q.id, given(q.id)?.choice])),
  );
  const [comments, setComments] = useState<Record<string, string>>(() =>
    Object.fromEntries(request.questions.map((q) => [q.id, given(q.id)?.comment ?? ''])),
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = request.questions.findIndex((q) => !choices[q.id]);
    if (missing >= 0) return setProblem(t('opinions.chooseEvery', { n: String(missing + 1) }));
    setBusy(true);
    setProblem(null);
    try {
      const saved = await opinionsApi.answer(request.id, {
        answers: request.questions.map((q) => ({
          questionId: q.id,
          choice: choices[q.id]!,
          comment: comments[q.id] || null,
        })),
      });
      toast.show('success', t('opinions.answerSaved'));
      onSaved(saved);
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const state = !open ? 'closed' : recipient.answeredAt ? 'answered' : 'pending';
  return (
    <article className="my-opinion" id={`opinion-${request.id}`}>
      <header className="my-opinion__head">
        <h2>{request.title}</h2>
        <Badge tone={state === 'pending' ? 'red' : state === 'answered' ? 'green' : 'grey'}>
          {t(`opinions.${state}Badge`)}
        </Badge>
      </header>
      <p className="muted">
        {item.meetingTitle} · {t('opinions.deadline', { at: formatDateTime(request.deadline, lang) })}
      </p>
      {request.note && <p>{request.note}</p>}
      <Link className="btn btn--secondary" to={`/documents/${request.documentId}`}>
        <Icon name="file" />
        <span className="btn__label">
          {t('opinions.openDraft')}: {request.documentTitle}
        </span>
      </Link>
      <form onSubmit={(e) => void submit(e)}>
        {request.questions.map((q, i) => {
          const resp = recipient.responses.find((r) => r.questionId === q.id);
          return (
            <fieldset className="my-opinion__q" key={q.id} disabled={!open}>
              <legend>
                {t('opinions.questionN', { n: String(i + 1) })}. {q.text}
              </legend>
              <div className="my-opinion__choices">
                {OPINION_CHOICES.map((c) => (
                  <label key={c} className={`choice-chip${choices[q.id] === c ? ' is-on' : ''}`}>
                    <input
                      type="radio"
                      name={`choice-${q.id}`}
                      value={c}
                      checked={choices[q.id] === c}
                      onChange={() => setChoices({ ...choices, [q.id]: c })}
                    />
                    <span>{t(`opinions.choice.${c}`)}</span>
                  </label>
                ))}
              </div>
              <TextArea
                label={t('opinions.commentLabel')}
                value={comments[q.id] ?? ''}
                rows={2}
                maxLength={2000}
                onChange={(e) => setComments({ ...comments, [q.id]: e.target.value })}
              />
              {resp && (
                <p className="opinion-response">
                  <strong>{t('opinions.response')}:</strong> {resp.text}
                </p>
              )}
            </fieldset>
          );
        })}
        {problem && <Alert kind="error">{problem}</Alert>}
        {open && (
          <Button type="submit" variant="primary" icon="check" busy={busy}>
            {t(recipient.answeredAt ? 'opinions.submitAgain' : 'opinions.submit')}
          </Button>
        )}
      </form>
    </article>
  );
}

/** "Phiếu lấy ý kiến của tôi": the requests sent to the signed-in member, open ones first. */
export function MyOpinionsPage(): ReactElement {
  const { t } = useTranslation();
  const { id } = useParams();
  const load = useCallback((signal: AbortSignal) => opinionsApi.mine(signal), []);
  const mine = useResource(load);
  const items = mine.data?.items ?? [];
  const shown = id
    ? [...items.filter((i) => i.request.id === id), ...items.filter((i) => i.request.id !== id)]
    : items;
  return (
    <>
      <PageHeader title={t('opinions.mineTitle')} />
      {mine.status === 'error' && !mine.data && <ErrorState error={mine.error} onRetry={mine.reload} />}
      {!mine.data && mine.status === 'loading' && <Spinner label={t('common.loading')} />}
      {mine.data && items.length === 0 && <EmptyState title={t('opinions.mineEmpty')} />}
      <div className="my-opinions">
        {shown.map((item) => (
          <MyOpinion
            key={item.request.id}
            item={item}
            onSaved={(next) =>
              mine.mutate((d) => ({
                items: d.items.map((x) => (x.request.id === next.request.id ? next : x)),
              }))
            }
          />
        ))}
      </div>
    </>
  );
}
