import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { QUESTION_MAX, type CommandPayload, type SiteQuestion } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { currentLanguage } from '../../lib/i18n';
import { emitCommand } from '../../lib/socket';
import { timeOfDay } from '../room/room-format';
import { splitQueue } from './questions-state';
import './questions.css';

type Moderate = CommandPayload<'question:moderate'>;

/** Site and district, "Phường Phúc Xá · Quận Ba Đình". */
export const placeOf = (q: Pick<SiteQuestion, 'siteName' | 'districtName'>): string =>
  [q.siteName, q.districtName !== q.siteName ? q.districtName : null].filter(Boolean).join(' · ');

/**
 * The chair's moderator queue (drawer "Câu hỏi từ điểm cầu"): the site that has the floor with its
 * video-conference link highlighted, then what waits in arrival order — give the floor, answer in
 * writing, or dismiss — then what was dealt with.
 */
export function QuestionsPanel({
  meetingId,
  questions,
  refusal,
}: {
  meetingId: string;
  questions: SiteQuestion[];
  refusal: string | null;
}): ReactElement {
  const { t } = useTranslation();
  const { socket } = useConnection();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { open, done } = splitQueue(questions);
  const floor = open.find((q) => q.status === 'floor') ?? null;
  const waiting = open.filter((q) => q.status === 'waiting');

  const act = async (key: string, payload: Moderate): Promise<boolean> => {
    if (!socket) return false;
    setBusy(key);
    setError(null);
    try {
      const res = await emitCommand(socket, 10_000, 'question:moderate', payload);
      if (!res.ok) setError(res.error.issues?.[0]?.message ?? res.error.message);
      return res.ok;
    } catch {
      setError(t('errors.network'));
      return false;
    } finally {
      setBusy(null);
    }
  };

  return (
    // The drawer's head already names it: no second heading inside.
    <section className="room-panel questions" aria-label={t('questions.title')} data-testid="questions-panel">
      {refusal && <Alert kind="error">{refusal}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      {floor && (
        <div className="questions-floor" data-testid="questions-floor" role="status">
          <span className="questions-floor__label">{t('questions.floorTitle')}</span>
          <strong className="questions-floor__site">{floor.siteName}</strong>
          {floor.districtName && floor.districtName !== floor.siteName && (
            <span className="questions-floor__district">{floor.districtName}</span>
          )}
          {floor.text && <p className="questions__text questions-floor__text">{floor.text}</p>}
          {floor.conferenceUrl ? (
            <a
              className="btn btn--primary questions-floor__video"
              href={floor.conferenceUrl}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="floor-video-link"
            >
              {t('questions.joinVideo')}
            </a>
          ) : (
            <span className="muted">{t('questions.noVideo')}</span>
          )}
          <Button
            variant="danger"
            busy={busy === 'end'}
            onClick={() => void act('end', { meetingId, action: 'endFloor' })}
          >
            {t('questions.endFloor')}
          </Button>
        </div>
      )}
      <h3 className="questions__subtitle">{t('questions.waiting', { n: String(waiting.length) })}</h3>
      {waiting.length === 0 ? (
        <p className="muted">{t(questions.length === 0 ? 'questions.empty' : 'questions.noneWaiting')}</p>
      ) : (
        <ol className="questions__list">
          {waiting.map((q) => (
            <OpenQuestion key={q.id} q={q} busy={busy} act={act} meetingId={meetingId} />
          ))}
        </ol>
      )}
      {done.length > 0 && (
        <>
          <h3 className="questions__subtitle">{t('questions.handled', { n: String(done.length) })}</h3>
          <ol className="questions__list questions__list--done">
            {done.map((q) => (
              <li key={q.id} className="questions__item" data-status={q.status}>
                <QuestionHead q={q} />
                {q.text && <p className="questions__text">{q.text}</p>}
                {q.answer && (
                  <p className="questions__answer">
                    <span className="questions__answer-label">{t('questions.answerText')}: </span>
                    {q.answer}
                  </p>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function QuestionHead({ q }: { q: SiteQuestion }): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="questions__head">
      <span className="questions__number">{t('questions.number', { n: String(q.number) })}</span>
      <span className="questions__kind" data-kind={q.kind}>
        {t(q.kind === 'hand' ? 'questions.hand' : 'questions.written')}
      </span>
      <strong className="questions__site">{placeOf(q)}</strong>
      <span className="questions__time">
        {t('questions.askedAt', { time: timeOfDay(q.askedAt, currentLanguage()) })}
      </span>
      <span className="questions__status" data-status={q.status}>
        {t(`questions.status.${q.status}`)}
      </span>
    </div>
  );
}

function OpenQuestion({
  q,
  busy,
  act,
  meetingId,
}: {
  q: SiteQuestion;
  busy: string | null;
  act: (key: string, payload: Moderate) => Promise<boolean>;
  meetingId: string;
}): ReactElement {
  const { t } = useTranslation();
  const [answering, setAnswering] = useState(false);
  const [text, setText] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(`answer:${q.id}`, { meetingId, action: 'answer', questionId: q.id, text })) {
      setAnswering(false);
      setText('');
    }
  };
  return (
    <li className="questions__item" data-status={q.status} data-testid="question-item">
      <QuestionHead q={q} />
      {q.text && <p className="questions__text">{q.text}</p>}
      <p className="questions__by muted">{t('questions.by', { name: q.askedByName })}</p>
      {answering ? (
        <form className="questions__answer-form" onSubmit={(e) => void submit(e)}>
          <label className="field__label" htmlFor={`answer-${q.id}`}>
            {t('questions.answerLabel')}
          </label>
          <textarea
            id={`answer-${q.id}`}
            className="input"
            rows={3}
            maxLength={QUESTION_MAX}
            value={text}
            onChange={(e) => setText(e.target.value)}
            required
          />
          <div className="questions__actions">
            <Button type="submit" variant="primary" busy={busy === `answer:${q.id}`}>
              {t('questions.sendAnswer')}
            </Button>
            <Button onClick={() => setAnswering(false)}>{t('questions.cancel')}</Button>
          </div>
        </form>
      ) : (
        <div className="questions__actions">
          {q.status === 'waiting' && (
            <Button
              variant="primary"
              icon="users"
              busy={busy === `floor:${q.id}`}
              onClick={() => void act(`floor:${q.id}`, { meetingId, action: 'floor', questionId: q.id })}
            >
              {t('questions.giveFloor')}
            </Button>
          )}
          <Button onClick={() => setAnswering(true)}>{t('questions.answer')}</Button>
          <Button
            variant="ghost"
            busy={busy === `dismiss:${q.id}`}
            onClick={() => void act(`dismiss:${q.id}`, { meetingId, action: 'dismiss', questionId: q.id })}
          >
            {t('questions.dismiss')}
          </Button>
        </div>
      )}
    </li>
  );
}
