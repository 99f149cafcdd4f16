import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Invitation, MeetingSummary } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { Tabs } from '../../components/Tabs';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { ReplyBadge, ReplyDetails } from '../invitations/invitation-ui';
import { invitationsApi, notificationsApi } from '../invitations/invitations.api';
import type { Answer } from '../invitations/reply-form';
import { ReplyDialog } from '../invitations/ReplyDialog';
import { formatMeetingTime, StatusBadge } from '../meetings/meeting-ui';
import { meetingsApi } from '../meetings/meetings.api';
import { notificationFeed, useNotificationFeed } from './notification-feed';

type InboxTab = 'invitations' | 'notices';

const REPLYABLE = new Set(['published', 'in_progress', 'postponed']);

interface Row {
  invitation: Invitation;
  meeting: MeetingSummary | null;
  open: boolean;
}

async function loadInbox(signal: AbortSignal): Promise<Row[]> {
  const [mine, meetings] = await Promise.all([
    invitationsApi.mine(signal),
    meetingsApi.list({ scope: 'mine', q: '', kind: '', status: '', from: '', to: '' }, 0, signal, 200),
  ]);
  const byId = new Map(meetings.items.map((m) => [m.id, m]));
  const now = Date.now();
  const rows = mine.items.map((invitation) => {
    const meeting = byId.get(invitation.meetingId) ?? null;
    const open = !!meeting && REPLYABLE.has(meeting.status) && Date.parse(meeting.endsAt) > now;
    return { invitation, meeting, open };
  });
  // Meetings still to come first, soonest on top; then the past ones, latest on top.
  return rows.sort((a, b) => {
    if (a.open !== b.open) return a.open ? -1 : 1;
    const sa = a.meeting?.startsAt ?? '';
    const sb = b.meeting?.startsAt ?? '';
    return a.open ? sa.localeCompare(sb) : sb.localeCompare(sa);
  });
}

/** "Giấy mời của tôi": my invitations with their meeting and my reply, and my notices. */
export function InboxPage(): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const lang = currentLanguage();
  const { id: focusId } = useParams();
  const [params, setParams] = useSearchParams();
  const tab: InboxTab = params.get('tab') === 'notices' ? 'notices' : 'invitations';
  const feed = useNotificationFeed();
  const rows = useResource(useCallback((signal: AbortSignal) => loadInbox(signal), []));
  const [replying, setReplying] = useState<{ row: Row; answer: Answer } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  // The notices that were new when the page opened keep their mark while it stays open.
  const [freshIds] = useState(
    () =>
      new Set(
        notificationFeed
          .get()
          .items.filter((n) => !n.readAt)
          .map((n) => n.id),
      ),
  );
  const focused = useRef<HTMLLIElement | null>(null);

  // Opening the inbox reads the notices: the bell goes back to zero.
  useEffect(() => {
    if (!feed.loaded || feed.unread === 0) return;
    notificationsApi.markRead('all').then(
      () => notificationFeed.markAllRead(new Date().toISOString()),
      () => undefined,
    );
  }, [feed.loaded, feed.unread]);

  // A new notice is usually a new or changed invitation: show it without a reload.
  const newest = feed.items[0]?.id;
  const { reload } = rows;
  const seen = useRef(newest);
  useEffect(() => {
    if (newest === seen.current) return;
    seen.current = newest;
    reload();
  }, [newest, reload]);

  useEffect(() => {
    if (focusId && rows.data) focused.current?.scrollIntoView({ block: 'center' });
  }, [focusId, rows.data]);

  const attend = async (row: Row) => {
    setBusyId(row.invitation.id);
    try {
      await invitationsApi.reply(row.invitation.id, { answer: 'attend' });
      toast.show('success', t('inbox.reply.saved'));
      reload();
    } catch (e) {
      toast.show('error', errorText(e, t));
    } finally {
      setBusyId(null);
    }
  };

  const unreadLabel = useMemo(() => (freshIds.size > 0 ? String(freshIds.size) : undefined), [freshIds]);

  return (
    <>
      <PageHeader title={t('inbox.title')} subtitle={t('inbox.subtitle')} />
      <Tabs
        label={t('inbox.title')}
        idPrefix="inbox"
        items={[
          { key: 'invitations', label: t('inbox.tabs.invitations') },
          { key: 'notices', label: t('inbox.tabs.notices'), extra: unreadLabel },
        ]}
        active={tab}
        onChange={(k) => setParams(k === 'invitations' ? {} : { tab: k }, { replace: true })}
      />
      <div id="inbox-panel" role="tabpanel" aria-labelledby={`inbox-tab-${tab}`} className="tab-panel">
        {tab === 'notices' ? (
          feed.items.length === 0 ? (
            <EmptyState icon="info" title={t('inbox.noticesEmptyTitle')} text={t('inbox.noticesEmptyText')} />
          ) : (
            <ul className="notices">
              {feed.items.map((n) => (
                <li key={n.id} className={freshIds.has(n.id) ? 'notice-item is-new' : 'notice-item'}>
                  <div className="notice-item__head">
                    {/* A notice about something in the app (a task, a document) opens it. */}
                    {n.link?.startsWith('/') ? (
                      <Link className="notice-item__title notice-item__link" to={n.link}>
                        {n.title}
                      </Link>
                    ) : (
                      <span className="notice-item__title">{n.title}</span>
                    )}
                    {freshIds.has(n.id) && <span className="notice-item__new">{t('inbox.new')}</span>}
                  </div>
                  {n.body && <p className="notice-item__body">{n.body}</p>}
                  <p className="notice-item__time muted">{formatDateTime(n.createdAt, lang)}</p>
                </li>
              ))}
            </ul>
          )
        ) : rows.status === 'error' && !rows.data ? (
          <ErrorState error={rows.error} onRetry={reload} />
        ) : !rows.data ? (
          <Spinner label={t('common.loading')} />
        ) : rows.data.length === 0 ? (
          <EmptyState icon="briefcase" title={t('inbox.emptyTitle')} text={t('inbox.emptyText')} />
        ) : (
          <ul className="inbox">
            {rows.data.map((row) => {
              const { invitation: inv, meeting } = row;
              const title = meeting?.title ?? t('inbox.unknownMeeting');
              const isFocus = inv.id === focusId;
              return (
                <li
                  key={inv.id}
                  ref={isFocus ? focused : undefined}
                  className={['invite-card', isFocus ? 'is-focus' : '', row.open ? '' : 'is-past'].join(' ')}
                >
                  <div className="invite-card__main">
                    <h2 className="invite-card__title">{title}</h2>
                    {meeting && (
                      <dl className="invite-card__facts">
                        <div>
                          <dt>
                            <Icon name="clock" size={18} />
                            <span className="visually-hidden">{t('inbox.when')}</span>
                          </dt>
                          <dd>{formatMeetingTime(meeting, lang)}</dd>
                        </div>
                        <div>
                          <dt>
                            <Icon name="pin" size={18} />
                            <span className="visually-hidden">{t('inbox.where')}</span>
                          </dt>
                          <dd>{meeting.location ?? t('meetings.noLocation')}</dd>
                        </div>
                      </dl>
                    )}
                    <p className="invite-card__reply">
                      <span className="muted">{t('inbox.myReply')}</span> <ReplyBadge status={inv.status} />
                      {meeting && meeting.status !== 'published' && <StatusBadge status={meeting.status} />}
                    </p>
                    <ReplyDetails invitation={inv} />
                  </div>
                  <div className="invite-card__actions">
                    {row.open ? (
                      <>
                        <Button
                          variant={inv.status === 'attending' ? 'secondary' : 'primary'}
                          icon="check"
                          busy={busyId === inv.id}
                          disabled={inv.status === 'attending'}
                          onClick={() => void attend(row)}
                        >
                          {t('inbox.actions.attend')}
                        </Button>
                        <Button icon="x" onClick={() => setReplying({ row, answer: 'decline' })}>
                          {t('inbox.actions.decline')}
                        </Button>
                        <Button icon="users" onClick={() => setReplying({ row, answer: 'deputy' })}>
                          {t('inbox.actions.deputy')}
                        </Button>
                      </>
                    ) : (
                      <p className="muted">{t('inbox.closed')}</p>
                    )}
                    {meeting && (
                      <Link
                        className="btn btn--ghost"
                        to={`/my-meetings?open=${encodeURIComponent(meeting.id)}`}
                      >
                        <Icon name="file" />
                        <span className="btn__label">{t('inbox.actions.documents')}</span>
                      </Link>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {replying && (
        <ReplyDialog
          invitation={replying.row.invitation}
          meetingTitle={replying.row.meeting?.title ?? ''}
          initialAnswer={replying.answer}
          onClose={() => setReplying(null)}
          onSaved={() => {
            setReplying(null);
            toast.show('success', t('inbox.reply.saved'));
            reload();
          }}
        />
      )}
    </>
  );
}
