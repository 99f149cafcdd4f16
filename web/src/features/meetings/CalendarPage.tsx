import { useCallback, useMemo, type ReactElement } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { formatDate } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { addDays, localDay, localTime, weekStart } from './meeting-time';
import { StatusBadge } from './meeting-ui';
import { meetingsApi } from './meetings.api';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A week of meetings, Monday to Sunday in Hanoi time; the week is kept in the address. */
export function CalendarPage(): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [params, setParams] = useSearchParams();
  const requested = params.get('week');
  const start = useMemo(
    () => weekStart(requested && !Number.isNaN(Date.parse(requested)) ? requested : new Date().toISOString()),
    [requested],
  );
  const end = addDays(start, 7);
  const load = useCallback(
    (signal: AbortSignal) =>
      meetingsApi.list({ scope: 'all', q: '', kind: '', status: '', from: start, to: end }, 0, signal, 200),
    [start, end],
  );
  const meetings = useResource(load);
  const days = DAYS.map((key, i) => ({ key, date: addDays(start, i) }));
  const byDay = useMemo(() => {
    const map = new Map<string, MeetingSummary[]>();
    for (const m of meetings.data?.items ?? []) {
      const day = localDay(m.startsAt);
      map.set(day, [...(map.get(day) ?? []), m]);
    }
    for (const list of map.values()) list.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return map;
  }, [meetings.data]);
  const today = localDay(new Date().toISOString());
  const go = (iso: string | null) => setParams(iso ? { week: localDay(iso) } : {}, { replace: true });

  return (
    <>
      <PageHeader
        title={t('calendar.title')}
        subtitle={t('calendar.range', {
          from: formatDate(start, lang),
          to: formatDate(addDays(start, 6), lang),
        })}
        actions={
          <>
            <Link className="btn btn--secondary" to="/meetings">
              <Icon name="meetings" />
              <span>{t('meetings.list')}</span>
            </Link>
            <Link className="btn btn--primary" to="/meetings/new">
              <Icon name="plus" />
              <span>{t('meetings.create')}</span>
            </Link>
          </>
        }
      />
      <div className="week-nav">
        <Button icon="chevronLeft" onClick={() => go(addDays(start, -7))}>
          {t('calendar.previous')}
        </Button>
        <Button onClick={() => go(null)}>{t('calendar.thisWeek')}</Button>
        <Button onClick={() => go(addDays(start, 7))}>
          {t('calendar.next')}
          <Icon name="chevronRight" />
        </Button>
        {meetings.status === 'loading' && meetings.data && <Spinner inline label={t('common.loading')} />}
      </div>
      {meetings.status === 'error' ? (
        <ErrorState error={meetings.error} onRetry={meetings.reload} />
      ) : !meetings.data ? (
        <Spinner label={t('common.loading')} />
      ) : (
        <>
          {meetings.data.items.length === 0 && (
            <p className="week-empty" role="status">
              {t('calendar.empty')}
            </p>
          )}
          <ol className="week">
            {days.map(({ key, date }) => {
              const day = localDay(date);
              const list = byDay.get(day) ?? [];
              return (
                <li key={key} className={day === today ? 'week__day is-today' : 'week__day'}>
                  <h2 className="week__head">
                    <span>{t(`calendar.days.${key}`)}</span>
                    <span className="week__date">{formatDate(date, lang)}</span>
                  </h2>
                  {list.length === 0 ? (
                    <p className="week__none">{t('calendar.noMeetings')}</p>
                  ) : (
                    <ul className="week__list">
                      {list.map((m) => (
                        <li key={m.id}>
                          <Link
                            to={`/meetings/${m.id}/edit`}
                            className={m.status === 'cancelled' ? 'week__item is-muted' : 'week__item'}
                          >
                            <span className="week__time">
                              {localTime(m.startsAt)}–{localTime(m.endsAt)}
                            </span>
                            <span className="week__title">{m.title}</span>
                            {m.location && <span className="week__where">{m.location}</span>}
                            <StatusBadge status={m.status} />
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </>
  );
}
