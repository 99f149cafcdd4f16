import { useCallback, useMemo, useState, type ReactElement } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { meetingTimeline } from './meeting-time';
import type { MeetingSummary } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { Tabs } from '../../components/Tabs';
import { useResource } from '../../lib/useResource';
import { MeetingPackLoader } from './MeetingPack';
import { meetingsApi } from './meetings.api';

type When = 'upcoming' | 'past';

/** "Cuộc họp của tôi": the meetings I take part in, each with the documents I may read. */
export function MyMeetingsPage(): ReactElement {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const when: When = params.get('when') === 'past' ? 'past' : 'upcoming';
  const load = useCallback(
    (signal: AbortSignal) =>
      meetingsApi.list({ scope: 'mine', q: '', kind: '', status: '', from: '', to: '' }, 0, signal, 200),
    [],
  );
  const meetings = useResource(load);
  const items = useMemo(() => {
    // Read once per load: lists do not reshuffle while someone reads them.
    const now = Date.now();
    const all = (meetings.data?.items ?? []).filter((m) => m.status !== 'draft');
    const list = all.filter((m) => meetingTimeline(m, now) === when);
    return list.sort((a, b) =>
      when === 'upcoming' ? a.startsAt.localeCompare(b.startsAt) : b.startsAt.localeCompare(a.startsAt),
    );
  }, [meetings.data, when]);
  const requested = params.get('open');
  const [open, setOpen] = useState<Set<string>>(() => new Set(requested ? [requested] : []));
  const isOpen = (m: MeetingSummary, i: number) => open.has(m.id) || (i === 0 && !open.has(`-${m.id}`));
  const toggle = (m: MeetingSummary, i: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (isOpen(m, i)) {
        next.delete(m.id);
        next.add(`-${m.id}`);
      } else {
        next.add(m.id);
        next.delete(`-${m.id}`);
      }
      return next;
    });

  return (
    <>
      <PageHeader
        title={t('myMeetings.title')}
        subtitle={t('myMeetings.subtitle')}
        actions={
          <Link className="btn btn--secondary" to="/search">
            <Icon name="search" />
            <span>{t('search.title')}</span>
          </Link>
        }
      />
      <Tabs
        label={t('myMeetings.title')}
        idPrefix="mine"
        items={[
          { key: 'upcoming', label: t('myMeetings.upcoming') },
          { key: 'past', label: t('myMeetings.past') },
        ]}
        active={when}
        onChange={(w) => setParams(w === 'upcoming' ? {} : { when: w }, { replace: true })}
      />
      <div id="mine-panel" role="tabpanel" aria-labelledby={`mine-tab-${when}`} className="tab-panel">
        {meetings.status === 'error' && !meetings.data ? (
          <ErrorState error={meetings.error} onRetry={meetings.reload} />
        ) : !meetings.data ? (
          <Spinner label={t('common.loading')} />
        ) : items.length === 0 ? (
          <EmptyState icon="briefcase" title={t('myMeetings.emptyTitle')} text={t('myMeetings.emptyText')} />
        ) : (
          <ul className="my-meetings">
            {items.map((m, i) => (
              <li key={m.id} className="panel">
                {isOpen(m, i) ? (
                  <>
                    <MeetingPackLoader meeting={m} myRole={m.myRole} />
                    <div className="panel__footer">
                      <Button variant="ghost" icon="chevronLeft" onClick={() => toggle(m, i)}>
                        {t('myMeetings.hide')}
                      </Button>
                    </div>
                  </>
                ) : (
                  <div className="my-meeting">
                    <span className="my-meeting__title">{m.title}</span>
                    <Button icon="file" onClick={() => toggle(m, i)}>
                      {t('myMeetings.show')}
                      <span className="visually-hidden"> {m.title}</span>
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
