import { useCallback, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { votesContract, type Invitation, type MeetingSummary } from '@icabinet/shared';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { call } from '../../lib/api';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { invitationsApi } from '../invitations/invitations.api';
import { formatMeetingTime } from '../meetings/meeting-ui';
import { meetingsApi } from '../meetings/meetings.api';
import { useKeepPacks } from '../offline/usePack';
import { PackBadge } from './PackBadge';
import './home.css';

/** How many of the next meetings the home screen shows (and keeps offline). */
const SHOWN = 5;
const LIVE = new Set(['published', 'in_progress']);

interface NextMeeting {
  meeting: MeetingSummary;
  /** My invitation, when it still waits for my answer. */
  pendingInvitation: Invitation | null;
  votesOpen: number;
  votesPrepared: number;
}

async function loadNext(signal: AbortSignal): Promise<NextMeeting[]> {
  const [list, mine] = await Promise.all([
    meetingsApi.list({ scope: 'upcoming', q: '', kind: '', status: '', from: '', to: '' }, 0, signal, 50),
    invitationsApi.mine(signal).catch(() => ({ items: [] as Invitation[] })),
  ]);
  const meetings = list.items
    .filter((m) => LIVE.has(m.status) && m.myRole !== null)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .slice(0, SHOWN);
  return Promise.all(
    meetings.map(async (meeting) => {
      const votes = await call(votesContract.list, { params: { id: meeting.id }, signal }).catch(() => ({
        items: [],
      }));
      const pendingInvitation =
        mine.items.find((i) => i.meetingId === meeting.id && i.status === 'pending') ?? null;
      return {
        meeting,
        pendingInvitation,
        votesOpen: votes.items.filter((v) => v.state === 'open').length,
        votesPrepared: votes.items.filter((v) => v.state === 'prepared').length,
      };
    }),
  );
}

/** The tablet user's next meetings: state, what waits for them, and whether the pack is on the device. */
export function NextMeetings({ userId }: { userId: string }): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const next = useResource(useCallback((signal: AbortSignal) => loadNext(signal), []));
  useKeepPacks(next.data?.map((n) => n.meeting.id) ?? [], userId);

  return (
    <section className="next" aria-labelledby="next-title">
      <div className="next__head">
        <h2 className="section-title" id="next-title">
          {t('nextMeetings.title')}
        </h2>
        <Link className="next__more" to="/my-meetings">
          {t('nextMeetings.more')} <Icon name="chevronRight" size={18} />
        </Link>
      </div>
      {next.error ? (
        <ErrorState error={next.error} title={t('nextMeetings.loadError')} onRetry={next.reload} />
      ) : !next.data ? (
        <Spinner label={t('common.loading')} />
      ) : next.data.length === 0 ? (
        <EmptyState icon="calendar" title={t('nextMeetings.empty')} text={t('nextMeetings.emptyHint')} />
      ) : (
        <ul className="next__list">
          {next.data.map((n) => (
            <li key={n.meeting.id} className="next__card" data-meeting={n.meeting.id}>
              <div className="next__top">
                <Badge tone={n.meeting.status === 'in_progress' ? 'green' : 'blue'}>
                  {n.meeting.status === 'in_progress'
                    ? t('nextMeetings.inProgress')
                    : t('nextMeetings.upcoming')}
                </Badge>
                <span className="next__time">
                  <Icon name="clock" size={18} /> {formatMeetingTime(n.meeting, lang)}
                </span>
              </div>
              <h3 className="next__title">{n.meeting.title}</h3>
              <p className="next__meta">
                <span>
                  <Icon name="pin" size={16} /> {n.meeting.location}
                </span>
                <span>
                  <Icon name="file" size={16} />{' '}
                  {t('nextMeetings.documents', { count: n.meeting.documentCount })}
                </span>
              </p>
              {(n.pendingInvitation || n.votesOpen > 0 || n.votesPrepared > 0) && (
                <ul className="next__todo">
                  {n.pendingInvitation && (
                    <li>
                      <Link to={`/invitations/${n.pendingInvitation.id}`} className="next__todo-link">
                        <Icon name="alert" size={18} /> {t('nextMeetings.replyPending')}
                      </Link>
                    </li>
                  )}
                  {n.votesOpen > 0 && (
                    <li className="next__todo-hot">{t('nextMeetings.votesOpen', { count: n.votesOpen })}</li>
                  )}
                  {n.votesPrepared > 0 && (
                    <li>{t('nextMeetings.votesPrepared', { count: n.votesPrepared })}</li>
                  )}
                </ul>
              )}
              <PackBadge meetingId={n.meeting.id} userId={userId} />
              <div className="next__actions">
                <Link className="btn btn--primary" to={`/meetings/${n.meeting.id}/room`}>
                  <Icon name="meetings" /> {t('nextMeetings.enterRoom')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="next__policy">
        <Icon name="lock" size={16} /> {t('offlinePack.policy')}
      </p>
    </section>
  );
}
