import { useCallback, type ReactElement } from 'react';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MeetingKind, MeetingStatus, type MeetingSummary } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { Select, TextField } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { Tabs } from '../../components/Tabs';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { DateTimeField } from './DateTimeField';
import { fromLocalInput } from './meeting-time';
import { ActualTime, StatusBadge, formatMeetingTime } from './meeting-ui';
import { MEETINGS_PAGE_SIZE, meetingsApi, type MeetingFilters } from './meetings.api';

const SCOPES = ['upcoming', 'past', 'drafts'] as const;
type ListScope = (typeof SCOPES)[number];

function readFilters(params: URLSearchParams): MeetingFilters {
  const scope = params.get('scope');
  const kind = params.get('kind') ?? '';
  const status = params.get('status') ?? '';
  const day = (v: string | null, end: boolean) =>
    v ? (fromLocalInput(`${v}T${end ? '23:59' : '00:00'}`) ?? '') : '';
  return {
    scope: SCOPES.includes(scope as ListScope) ? (scope as ListScope) : 'upcoming',
    q: params.get('q') ?? '',
    kind: MeetingKind.safeParse(kind).success ? (kind as MeetingKind) : '',
    status: MeetingStatus.safeParse(status).success ? (status as MeetingStatus) : '',
    from: day(params.get('from'), false),
    to: day(params.get('to'), true),
  };
}

/** The secretariat's meetings: upcoming / past / drafts, filters and search kept in the address. */
export function MeetingsPage(): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const navigate = useNavigate();
  const { params, filters, offset, search, setSearch, update } = useUrlFilters(readFilters);

  const load = useCallback(
    (signal: AbortSignal) => meetingsApi.list(filters, offset, signal),
    [filters, offset],
  );
  const meetings = useResource(load);
  const items = meetings.data?.items ?? [];
  const total = meetings.data?.total ?? 0;
  const filtered =
    filters.q !== '' ||
    filters.kind !== '' ||
    filters.status !== '' ||
    params.get('from') !== null ||
    params.get('to') !== null;

  const columns: Column<MeetingSummary>[] = [
    {
      key: 'title',
      header: t('meetings.columns.title'),
      hideOnCard: true,
      render: (m) => (
        <span className="person">
          <Link className="person__name link-plain" to={`/meetings/${m.id}/edit`}>
            {m.title}
          </Link>
          <span className="person__sub">{t(`meetings.kind.${m.kind}`)}</span>
        </span>
      ),
    },
    {
      key: 'time',
      header: t('meetings.columns.time'),
      className: 'nowrap',
      render: (m) => (
        <span className="person">
          <span>{formatMeetingTime(m, lang)}</span>
          <ActualTime meeting={m} />
        </span>
      ),
    },
    {
      key: 'location',
      header: t('meetings.columns.location'),
      render: (m) => m.location ?? <span className="muted">{t('meetings.noLocation')}</span>,
    },
    { key: 'status', header: t('meetings.columns.status'), render: (m) => <StatusBadge status={m.status} /> },
    {
      key: 'people',
      header: t('meetings.columns.people'),
      className: 'nowrap',
      render: (m) => t('meetings.peopleCount', { count: m.participantCount }),
    },
    {
      key: 'documents',
      header: t('meetings.columns.documents'),
      className: 'nowrap',
      render: (m) => t('meetings.documentsCount', { count: m.documentCount }),
    },
  ];

  const scope = filters.scope as ListScope;
  const emptyTitle =
    scope === 'past'
      ? t('meetings.empty.pastTitle')
      : scope === 'drafts'
        ? t('meetings.empty.draftsTitle')
        : t('meetings.empty.upcomingTitle');

  return (
    <>
      <PageHeader
        title={t('meetings.title')}
        subtitle={t('meetings.subtitle')}
        actions={
          <>
            <Link className="btn btn--secondary" to="/meetings/calendar">
              <Icon name="calendar" />
              <span>{t('meetings.calendar')}</span>
            </Link>
            <Link className="btn btn--primary" to="/meetings/new">
              <Icon name="plus" />
              <span>{t('meetings.create')}</span>
            </Link>
          </>
        }
      />

      <Tabs
        label={t('meetings.tabsLabel')}
        idPrefix="meetings"
        items={SCOPES.map((s) => ({ key: s, label: t(`meetings.tabs.${s}`) }))}
        active={scope}
        onChange={(s) => update({ scope: s === 'upcoming' ? '' : s })}
      />

      <div id="meetings-panel" role="tabpanel" aria-labelledby={`meetings-tab-${scope}`}>
        <form
          className="filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: search.trim() });
          }}
        >
          <TextField
            className="input--search"
            label={t('meetings.searchLabel')}
            type="search"
            placeholder={t('meetings.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <Select
            label={t('meetings.filterKind')}
            value={filters.kind}
            onChange={(e) => update({ kind: e.target.value })}
            options={[
              { value: '', label: t('meetings.allKinds') },
              ...MeetingKind.options.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) })),
            ]}
          />
          <Select
            label={t('meetings.filterStatus')}
            value={filters.status}
            onChange={(e) => update({ status: e.target.value })}
            options={[
              { value: '', label: t('meetings.allStatuses') },
              ...MeetingStatus.options.map((s) => ({ value: s, label: t(`meetings.status.${s}`) })),
            ]}
          />
          <DateTimeField
            label={t('meetings.from')}
            withTime={false}
            value={params.get('from') ?? ''}
            onChange={(v) => update({ from: v })}
          />
          <DateTimeField
            label={t('meetings.to')}
            withTime={false}
            value={params.get('to') ?? ''}
            onChange={(v) => update({ to: v })}
          />
        </form>

        <div className="list-toolbar">
          <span className="list-toolbar__count" aria-live="polite">
            {meetings.data && t('meetings.count', { count: total })}
          </span>
          {meetings.status === 'loading' && meetings.data && <Spinner inline label={t('common.loading')} />}
          {search.trim() !== '' && (
            <Link className="btn btn--ghost" to={`/search?q=${encodeURIComponent(search.trim())}`}>
              <Icon name="search" />
              <span>{t('meetings.searchEverywhere')}</span>
            </Link>
          )}
          {filtered && (
            <Button
              variant="ghost"
              icon="x"
              onClick={() => {
                setSearch('');
                update({ q: '', kind: '', status: '', from: '', to: '' });
              }}
            >
              {t('common.clearFilters')}
            </Button>
          )}
        </div>

        {meetings.status === 'error' ? (
          <ErrorState error={meetings.error} onRetry={meetings.reload} />
        ) : !meetings.data ? (
          <Spinner label={t('common.loading')} />
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState
              icon="search"
              title={t('meetings.empty.noMatchTitle')}
              text={t('meetings.empty.noMatchText')}
            />
          ) : (
            <EmptyState
              icon="meetings"
              title={emptyTitle}
              text={t('meetings.empty.text')}
              action={
                <Button variant="primary" icon="plus" onClick={() => void navigate('/meetings/new')}>
                  {t('meetings.create')}
                </Button>
              }
            />
          )
        ) : (
          <>
            <ResponsiveList
              items={items}
              columns={columns}
              rowKey={(m) => m.id}
              caption={t('meetings.title')}
              muted={(m) => m.status === 'cancelled'}
              cardTitle={(m) => columns[0]?.render(m)}
              actions={(m) => (
                <Link className="btn btn--secondary" to={`/meetings/${m.id}/edit`}>
                  <Icon name="edit" />
                  <span>{t('meetings.edit')}</span>
                  <span className="visually-hidden"> {m.title}</span>
                </Link>
              )}
            />
            <Pagination
              offset={offset}
              limit={MEETINGS_PAGE_SIZE}
              total={total}
              onChange={(o) => update({ offset: String(o) })}
            />
          </>
        )}
      </div>
    </>
  );
}
