import { useCallback, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { votesContract } from '@icabinet/shared';
import { urlOf, call } from '../../lib/api';
import { useResource } from '../../lib/useResource';
import { VoteResultChart } from './VoteResultChart';
import './votes.css';

/** The meeting page after the meeting: every held vote's result, and the CSV export. */
export function VoteRecords({ meetingId }: { meetingId: string }): ReactElement | null {
  const { t } = useTranslation();
  const load = useCallback(
    (signal: AbortSignal) => call(votesContract.list, { params: { id: meetingId }, signal }),
    [meetingId],
  );
  const { data } = useResource(load);
  const held = (data?.items ?? []).filter((v) => v.state === 'closed' || v.state === 'annulled');
  if (held.length === 0) return null;
  return (
    <section className="vote-records" aria-labelledby="vote-records-title" data-testid="vote-records">
      <div className="vote-panel__bar">
        <h2 id="vote-records-title">{t('votes.records.title')}</h2>
        <a
          className="btn btn--secondary"
          href={urlOf(votesContract.csv, { params: { id: meetingId } })}
          download
        >
          <span className="btn__label">{t('votes.records.csv')}</span>
        </a>
      </div>
      <ul className="vote-records__list">
        {held.map((v) => (
          <li key={v.id} className="vote-records__item">
            <h3 className="vote-panel__question">{v.question}</h3>
            {v.state === 'closed' ? (
              <VoteResultChart vote={v} />
            ) : (
              <p className="muted">{t('votes.annulled', { reason: v.annulReason ?? '' })}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
