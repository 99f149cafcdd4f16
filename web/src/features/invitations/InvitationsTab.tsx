import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { countsOf, type Invitation, type InvitationsChanged, type Meeting } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { TextField } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { compareVietnameseNames, formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { useUrlFilters } from '../../lib/useUrlFilters';
import {
  countByFilter,
  INVITATION_FILTERS,
  invitationsClosed,
  matchesFilter,
  matchesSearch,
  parseInvitationFilter,
  type InvitationFilter,
} from './invitation-filters';
import { CHANNELS, DeliveryChip, ReplyDetails, TrackingBadge } from './invitation-ui';
import { InvitationCharts } from './InvitationCharts';
import { invitationsApi } from './invitations.api';

/** Several deliveries finish within a moment of each other: one refetch for the burst. */
const REFETCH_DELAY_MS = 250;

/**
 * Follows the meeting's invitations live: joins the tracking room (again after every reconnect,
 * since a new connection has no rooms) and calls `onChanged` on each `invitations:changed`.
 */
function useInvitationsWatch(
  meetingId: string,
  enabled: boolean,
  onChanged: () => void,
  onInvitation: (invitation: Invitation) => void,
): void {
  const { socket, status } = useConnection();
  const latest = useRef(onChanged);
  const patch = useRef(onInvitation);
  useEffect(() => {
    latest.current = onChanged;
    patch.current = onInvitation;
  });
  useEffect(() => {
    if (!socket || !enabled || status !== 'connected') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = (p: InvitationsChanged) => {
      if (p.meetingId !== meetingId) return;
      // The changed record came along: patch the list, no request.
      if (p.invitation) return patch.current(p.invitation);
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), REFETCH_DELAY_MS);
    };
    socket.on('invitations:changed', changed);
    socket.emit('invitations:watch', { meetingId }, () => undefined);
    // Whatever changed while the room was not joined yet.
    latest.current();
    return () => {
      clearTimeout(timer);
      socket.off('invitations:changed', changed);
    };
  }, [socket, status, meetingId, enabled]);
}

/** The tab's filters in the address (`?tab=invitations&filter=failed&q=tài chính`): a reload keeps them. */
function readFilters(params: URLSearchParams): { q: string; filter: InvitationFilter } {
  return { q: params.get('q') ?? '', filter: parseInvitationFilter(params.get('filter')) };
}

/** The editor's "Giấy mời" tab: replies and deliveries per participant, live, for the secretariat. */
export function InvitationsTab({ meeting }: { meeting: Meeting }): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const published = meeting.status !== 'draft';
  // Once the meeting is over there is nothing to resend (the server refuses with 409 too).
  const closed = invitationsClosed(meeting.status);
  const load = useCallback(
    (signal: AbortSignal) =>
      published ? invitationsApi.forMeeting(meeting.id, signal) : Promise.resolve(null),
    [meeting.id, published],
  );
  const list = useResource(load);
  const { reload } = list;
  const { mutate } = list;
  const upsert = useCallback(
    (invitation: Invitation) =>
      mutate((data) => {
        if (!data) return data;
        const known = data.items.some((i) => i.id === invitation.id);
        const items = known
          ? data.items.map((i) =>
              // The record sent live does not carry the room's check-in: the one we have stays.
              i.id === invitation.id ? { ...invitation, arrivedAt: invitation.arrivedAt ?? i.arrivedAt } : i,
            )
          : [...data.items, invitation];
        return { items, counts: countsOf(items) };
      }),
    [mutate],
  );
  useInvitationsWatch(meeting.id, published, reload, upsert);
  const [busy, setBusy] = useState<string | null>(null);
  const [bulk, setBulk] = useState<{ done: number; total: number } | null>(null);
  const { filters, search, setSearch, update } = useUrlFilters(readFilters);
  const { filter } = filters;

  const items = useMemo(
    () =>
      [...(list.data?.items ?? [])].sort(
        (a, b) =>
          // Deputies sit right under the person they stand in for.
          compareVietnameseNames(
            principalName(list.data?.items ?? [], a),
            principalName(list.data?.items ?? [], b),
          ) || Number(a.deputyForInvitationId !== null) - Number(b.deputyForInvitationId !== null),
      ),
    [list.data],
  );
  // Search first, as typed (the address follows once the typing pauses); the chips count within it.
  const found = useMemo(() => items.filter((i) => matchesSearch(i, search)), [items, search]);
  const counts = useMemo(() => countByFilter(found), [found]);
  const shown = useMemo(() => found.filter((i) => matchesFilter(i, filter)), [found, filter]);

  const act = async (key: string, run: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await run();
      toast.show('success', done);
      reload();
    } catch (e) {
      toast.show('error', errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  /** Resends every failed invitation shown on its failed channels only, one after the other, counting as it goes. */
  const resendFailed = async (targets: readonly Invitation[]) => {
    setBusy('resend:failed');
    setBulk({ done: 0, total: targets.length });
    let sent = 0;
    const errors: unknown[] = [];
    for (const [index, i] of targets.entries()) {
      try {
        await invitationsApi.resend(meeting.id, i.id, { only: 'failed' });
        sent += 1;
      } catch (e) {
        errors.push(e);
      }
      setBulk({ done: index + 1, total: targets.length });
    }
    if (errors.length === 0) {
      toast.show('success', t('invitations.filters.resentAll', { count: sent }));
    } else {
      toast.show(
        'error',
        t('invitations.filters.resentSome', {
          done: String(sent),
          total: String(targets.length),
          failed: String(errors.length),
          error: errorText(errors[0], t),
        }),
      );
    }
    setBulk(null);
    setBusy(null);
    reload();
  };

  const showAll = () => {
    setSearch('');
    update({ filter: '', q: '' });
  };

  if (!published) {
    return (
      <EmptyState icon="calendar" title={t('invitations.emptyTitle')} text={t('invitations.emptyText')} />
    );
  }
  if (list.status === 'error' && !list.data) return <ErrorState error={list.error} onRetry={reload} />;
  if (!list.data) return <Spinner label={t('common.loading')} />;

  const columns: Column<Invitation>[] = [
    {
      key: 'name',
      header: t('invitations.columns.name'),
      hideOnCard: true,
      render: (i) => <Recipient invitation={i} />,
    },
    {
      key: 'reply',
      header: t('invitations.columns.reply'),
      render: (i) => (
        <div className="reply-cell">
          <TrackingBadge invitation={i} />
          <ReplyDetails invitation={i} />
        </div>
      ),
    },
    {
      key: 'channels',
      header: t('invitations.columns.channels'),
      render: (i) =>
        i.deliveries.length === 0 ? (
          <span className="muted">{t('invitations.noChannel')}</span>
        ) : (
          <div className="delivery-list">
            {CHANNELS.flatMap((c) => i.deliveries.filter((d) => d.channel === c)).map((d) => (
              <DeliveryChip key={d.channel} delivery={d} />
            ))}
          </div>
        ),
    },
    {
      key: 'opened',
      header: t('invitations.columns.opened'),
      render: (i) =>
        i.openedAt ? (
          formatDateTime(i.openedAt, lang)
        ) : (
          <span className="muted">{t('invitations.notOpened')}</span>
        ),
    },
  ];

  return (
    <section className="invitations-tab" aria-label={t('editor.tabs.invitations')}>
      <div className="list-toolbar invitations-tab__toolbar">
        <p className="muted">{t('invitations.live')}</p>
        <a className="btn btn--secondary" href={invitationsApi.csvUrl(meeting.id)} download>
          <Icon name="download" />
          <span className="btn__label">{t('invitations.exportCsv')}</span>
        </a>
      </div>
      <InvitationCharts counts={list.data.counts} />
      {items.length > 0 && (
        <div className="invite-filters">
          <div className="filter-chips" role="group" aria-label={t('invitations.filters.label')}>
            {INVITATION_FILTERS.map((f) => (
              <button
                key={f}
                type="button"
                className={`filter-chip filter-chip--${f}${counts[f] === 0 ? ' is-zero' : ''}`}
                aria-pressed={filter === f}
                aria-label={t('invitations.filters.chip', {
                  label: t(`invitations.filters.${f}`),
                  number: String(counts[f]),
                })}
                onClick={() => update({ filter: f === 'all' ? '' : f })}
              >
                {t(`invitations.filters.${f}`)}
                <span className="filter-chip__count" aria-hidden="true">
                  {counts[f]}
                </span>
              </button>
            ))}
          </div>
          <TextField
            className="input--search"
            label={t('invitations.filters.searchLabel')}
            type="search"
            placeholder={t('invitations.filters.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
      )}
      {closed && (
        <p className="muted" role="note">
          {t('invitations.closedNote')}
        </p>
      )}
      {!closed && filter === 'failed' && (counts.failed > 0 || bulk) && (
        <div className="invite-bulk">
          <p className="invite-bulk__text">{t('invitations.filters.resendFailedHint')}</p>
          <span className="visually-hidden" aria-live="polite">
            {bulk &&
              t('invitations.filters.resending', { done: String(bulk.done), total: String(bulk.total) })}
          </span>
          <Button
            variant="primary"
            icon="refresh"
            busy={busy === 'resend:failed'}
            disabled={busy !== null}
            onClick={() => void resendFailed(shown)}
          >
            {bulk
              ? t('invitations.filters.resending', { done: String(bulk.done), total: String(bulk.total) })
              : t('invitations.filters.resendFailed', { count: counts.failed })}
          </Button>
        </div>
      )}
      {items.length === 0 ? (
        <EmptyState icon="users" title={t('invitations.noneTitle')} text={t('invitations.noneText')} />
      ) : shown.length === 0 ? (
        <EmptyState
          icon={search.trim() ? 'search' : filter === 'failed' ? 'check' : 'users'}
          title={t(`invitations.filters.empty.${filter}`)}
          text={search.trim() ? t('invitations.filters.emptySearch', { query: search.trim() }) : undefined}
          action={
            <Button icon="x" onClick={showAll}>
              {t('invitations.filters.showAll')}
            </Button>
          }
        />
      ) : (
        <ResponsiveList
          items={shown}
          columns={columns}
          rowKey={(i) => i.id}
          caption={t('invitations.caption')}
          cardTitle={(i) => <Recipient invitation={i} />}
          actions={(i) => (
            <div className="invite-actions">
              {i.status === 'deputy_pending' && (
                <>
                  <Button
                    variant="primary"
                    icon="check"
                    busy={busy === `approve:${i.id}`}
                    disabled={busy !== null}
                    onClick={() =>
                      void act(
                        `approve:${i.id}`,
                        () => invitationsApi.decideDeputy(meeting.id, i.id, true),
                        t('invitations.deputyApproved'),
                      )
                    }
                  >
                    {t('invitations.actions.approve')}
                    <span className="visually-hidden"> {i.deputy?.fullName}</span>
                  </Button>
                  <Button
                    variant="danger"
                    icon="x"
                    busy={busy === `reject:${i.id}`}
                    disabled={busy !== null}
                    onClick={() =>
                      void act(
                        `reject:${i.id}`,
                        () => invitationsApi.decideDeputy(meeting.id, i.id, false),
                        t('invitations.deputyRejected'),
                      )
                    }
                  >
                    {t('invitations.actions.reject')}
                    <span className="visually-hidden"> {i.deputy?.fullName}</span>
                  </Button>
                </>
              )}
              {i.deliveries.length > 0 && !closed && (
                <Button
                  icon="refresh"
                  busy={busy === `resend:${i.id}`}
                  disabled={busy !== null}
                  onClick={() =>
                    void act(
                      `resend:${i.id}`,
                      () => invitationsApi.resend(meeting.id, i.id),
                      t('invitations.resent', { name: i.recipientName }),
                    )
                  }
                >
                  {t('invitations.actions.resend')}
                  <span className="visually-hidden"> {i.recipientName}</span>
                </Button>
              )}
            </div>
          )}
        />
      )}
    </section>
  );
}

/** The name a row sorts under: a deputy's principal, so the pair stays together. */
function principalName(all: readonly Invitation[], i: Invitation): string {
  if (!i.deputyForInvitationId) return i.recipientName;
  return all.find((x) => x.id === i.deputyForInvitationId)?.recipientName ?? i.recipientName;
}

function Recipient({ invitation: i }: { invitation: Invitation }): ReactElement {
  const { t } = useTranslation();
  return (
    <span className="recipient">
      <span className="recipient__name">{i.recipientName}</span>
      {i.recipientTitle && <span className="recipient__title">{i.recipientTitle}</span>}
      {i.deputyForInvitationId && <span className="recipient__deputy">{t('invitations.isDeputy')}</span>}
    </span>
  );
}
