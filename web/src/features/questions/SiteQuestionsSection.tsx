import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  QUESTION_MAX,
  type BriefingFloor,
  type FloorChanged,
  type Result,
  type SiteQuestion,
} from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { currentLanguage } from '../../lib/i18n';
import { emitCommand } from '../../lib/socket';
import { timeOfDay } from '../room/room-format';
import { upsertQuestion } from './questions-state';
import './questions.css';

/**
 * On a site's screen: who has the floor ("Điểm cầu … đang phát biểu", stronger when it is this
 * site), a raised hand, a written question to the chair, and the site's questions with the chair's
 * written answers. Follows `question:follow` on every (re)connection.
 */
export function SiteQuestionsSection({
  meetingId,
  siteId,
  closed,
}: {
  meetingId: string;
  siteId: string;
  /** The meeting has ended: nothing more can be asked. */
  closed: boolean;
}): ReactElement {
  const { t } = useTranslation();
  const { socket } = useConnection();
  const [questions, setQuestions] = useState<SiteQuestion[]>([]);
  const [floor, setFloor] = useState<BriefingFloor | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);

  useEffect(() => {
    if (!socket) return undefined;
    const follow = () => {
      void emitCommand(socket, 10_000, 'question:follow', { meetingId, siteId }).then(
        (res) => {
          if (!res.ok) return setError(res.error.message);
          setQuestions(res.data.questions);
          setFloor(res.data.floor);
        },
        () => undefined,
      );
    };
    const changed = (q: SiteQuestion) => {
      if (q.meetingId === meetingId && q.siteId === siteId) setQuestions((l) => upsertQuestion(l, q));
    };
    const floorChanged = (f: FloorChanged) => {
      if (f.meetingId === meetingId) setFloor(f.floor);
    };
    socket.on('connect', follow);
    socket.on('question:changed', changed);
    socket.on('briefing:floor', floorChanged);
    if (socket.connected) follow();
    return () => {
      socket.off('connect', follow);
      socket.off('question:changed', changed);
      socket.off('briefing:floor', floorChanged);
    };
  }, [socket, meetingId, siteId]);

  const run = async <T,>(key: string, send: () => Promise<Result<T>>): Promise<T | null> => {
    setBusy(key);
    setError(null);
    try {
      const res = await send();
      if (!res.ok) {
        setError(res.error.issues?.[0]?.message ?? res.error.message);
        return null;
      }
      return res.data;
    } catch {
      setError(t('errors.network'));
      return null;
    } finally {
      setBusy(null);
    }
  };
  const take = (q: SiteQuestion | null) => q && setQuestions((l) => upsertQuestion(l, q));

  const hand = questions.find((q) => q.kind === 'hand' && (q.status === 'waiting' || q.status === 'floor'));
  const raise = async () => {
    if (!socket) return;
    take(
      await run('hand', () =>
        emitCommand(socket, 10_000, 'question:ask', { meetingId, siteId, kind: 'hand' }),
      ),
    );
  };
  const withdraw = async (q: SiteQuestion) => {
    if (!socket) return;
    take(
      await run(`withdraw:${q.id}`, () =>
        emitCommand(socket, 10_000, 'question:withdraw', { meetingId, questionId: q.id }),
      ),
    );
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!socket) return;
    if (text.trim() === '') {
      setError(t('questions.site.empty'));
      return;
    }
    const q = await run('written', () =>
      emitCommand(socket, 10_000, 'question:ask', { meetingId, siteId, kind: 'written', text }),
    );
    if (q) {
      take(q);
      setText('');
      setSent(q.number);
    }
  };

  const mine = floor?.siteId === siteId;
  return (
    <section className="site-questions" aria-labelledby="site-questions-title" data-testid="site-questions">
      {floor && (
        <p
          className="site-floor"
          data-mine={mine ? 'true' : undefined}
          role="status"
          data-testid="site-floor"
        >
          <strong>{t('questions.floorSite', { name: floor.siteName })}</strong>
          {mine && <span className="site-floor__note">{t('questions.site.yourFloor')}</span>}
        </p>
      )}
      <h2 id="site-questions-title">{t('questions.site.title')}</h2>
      {closed ? (
        <Alert kind="info">{t('questions.site.closed')}</Alert>
      ) : (
        <>
          <div className="site-questions__hand">
            {hand ? (
              <>
                <p className="site-questions__hand-up" role="status">
                  {hand.status === 'floor' ? t('questions.status.floor') : t('questions.site.handUp')}
                </p>
                <Button busy={busy === `withdraw:${hand.id}`} onClick={() => void withdraw(hand)}>
                  {t('questions.site.lowerHand')}
                </Button>
              </>
            ) : (
              <Button variant="primary" icon="users" busy={busy === 'hand'} onClick={() => void raise()}>
                {t('questions.site.raiseHand')}
              </Button>
            )}
          </div>
          <form className="site-questions__form" onSubmit={(e) => void submit(e)}>
            <label className="field__label" htmlFor="site-question-text">
              {t('questions.site.questionLabel')}
            </label>
            <textarea
              id="site-question-text"
              className="input"
              rows={3}
              maxLength={QUESTION_MAX}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setSent(null);
              }}
            />
            <span className="field__hint">
              {t('questions.site.questionHint', { max: String(QUESTION_MAX) })}
            </span>
            <Button type="submit" variant="primary" busy={busy === 'written'}>
              {t('questions.site.send')}
            </Button>
          </form>
        </>
      )}
      {error && <Alert kind="error">{error}</Alert>}
      {sent !== null && !error && (
        <Alert kind="success">{t('questions.site.sent', { n: String(sent) })}</Alert>
      )}
      <h3>{t('questions.site.mine')}</h3>
      {questions.length === 0 ? (
        <p className="muted">{t('questions.site.none')}</p>
      ) : (
        <ol className="questions__list">
          {questions.map((q) => (
            <li key={q.id} className="questions__item" data-status={q.status} data-testid="site-question">
              <div className="questions__head">
                <span className="questions__number">{t('questions.number', { n: String(q.number) })}</span>
                <span className="questions__kind" data-kind={q.kind}>
                  {t(q.kind === 'hand' ? 'questions.hand' : 'questions.written')}
                </span>
                <span className="questions__time">
                  {t('questions.askedAt', { time: timeOfDay(q.askedAt, currentLanguage()) })}
                </span>
                <span className="questions__status" data-status={q.status}>
                  {t(`questions.status.${q.status}`)}
                </span>
              </div>
              {q.text && <p className="questions__text">{q.text}</p>}
              {q.answer && (
                <p className="questions__answer" data-testid="site-answer">
                  <span className="questions__answer-label">{t('questions.answerText')}: </span>
                  {q.answer}
                </p>
              )}
              {q.kind === 'written' && q.status === 'waiting' && !closed && (
                <Button busy={busy === `withdraw:${q.id}`} onClick={() => void withdraw(q)}>
                  {t('questions.site.withdraw')}
                </Button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
