import { useCallback, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditAction, type AuditEntry, type AuditVerifyResult } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Select, TextField } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { usersApi } from '../users/users.api';
import { AUDIT_PAGE_SIZE, EMPTY_SEARCH, auditApi, type AuditSearch } from './audit.api';

type Verify =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; result: AuditVerifyResult }
  | { status: 'error'; error: unknown };

const TARGET_TYPES = ['user', 'unit', 'session', 'meeting', 'document', 'participant', 'invitation'] as const;

/** The action groups, in the order the schema lists them (`document.uploaded` → `document`). */
const ACTION_GROUPS = [...new Set(AuditAction.options.map((a) => a.split('.')[0] ?? a))];
type KnownTarget = (typeof TARGET_TYPES)[number];
const isKnownTarget = (v: string | null): v is KnownTarget => TARGET_TYPES.includes(v as KnownTarget);

/** A readable name for whoever an entry's data names (usernames are logged for sign-ins). */
function dataLabel(entry: AuditEntry): string | null {
  for (const key of ['fullName', 'username', 'name', 'code'] as const) {
    const value = entry.data[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

/** The audit log: recent entries and a one-tap integrity check of the hash chain. */
export function AuditPage(): ReactElement {
  const { t, i18n } = useTranslation();
  // Other modules add audit actions over time; an action without a label yet shows its code
  // instead of breaking the page (audit-labels.test.ts makes sure every known one has a label).
  const actionLabel = (action: string): string => {
    const key = `audit.actions.${action}`;
    return i18n.exists(key) ? (i18n.t as (k: string) => string)(key) : action;
  };
  const lang = currentLanguage();
  const [offset, setOffset] = useState(0);
  const [search, setSearch] = useState<AuditSearch>(EMPTY_SEARCH);
  const action = search.action;
  const change = (patch: Partial<AuditSearch>) => {
    setSearch((s) => ({ ...s, ...patch }));
    setOffset(0);
  };
  const [verify, setVerify] = useState<Verify>({ status: 'idle' });
  const load = useCallback((signal: AbortSignal) => auditApi.list(offset, search, signal), [offset, search]);
  // A group first ("All: Documents"), then each of its actions.
  const actionOptions = [
    { value: '', label: t('audit.allActions') },
    ...ACTION_GROUPS.flatMap((g) => [
      { value: g, label: t('audit.allOfGroup', { group: t(`audit.groups.${g}` as 'audit.groups.auth') }) },
      ...AuditAction.options
        .filter((a) => a.startsWith(`${g}.`))
        .map((a) => ({ value: a, label: `— ${actionLabel(a)}` })),
    ]),
  ];
  const entries = useResource(load);
  // Actor ids become names; one page of up to 500 users covers a committee's administrators.
  const loadUsers = useCallback(
    (signal: AbortSignal) => usersApi.list({ q: '', unitId: '', systemRole: '', active: '' }, 0, signal),
    [],
  );
  const users = useResource(loadUsers);
  const names = useMemo(
    () => new Map((users.data?.items ?? []).map((u) => [u.id, u.fullName])),
    [users.data],
  );

  const runVerify = async () => {
    setVerify({ status: 'busy' });
    try {
      setVerify({ status: 'done', result: await auditApi.verify() });
    } catch (error) {
      setVerify({ status: 'error', error });
    }
  };

  const columns: Column<AuditEntry>[] = [
    {
      key: 'seq',
      header: t('audit.columns.seq'),
      className: 'num',
      hideOnCard: true,
      render: (e) => `#${e.seq}`,
    },
    {
      key: 'at',
      header: t('audit.columns.at'),
      className: 'nowrap',
      render: (e) => formatDateTime(e.at, lang),
    },
    {
      key: 'action',
      header: t('audit.columns.action'),
      hideOnCard: true,
      render: (e) => <span className="person__name">{actionLabel(e.action)}</span>,
    },
    {
      key: 'actor',
      header: t('audit.columns.actor'),
      render: (e) => (e.actorId ? (names.get(e.actorId) ?? e.actorId.slice(0, 8)) : t('audit.system')),
    },
    {
      key: 'target',
      header: t('audit.columns.target'),
      render: (e) => {
        const type = isKnownTarget(e.targetType) ? t(`audit.targets.${e.targetType}`) : e.targetType;
        const label = dataLabel(e) ?? (e.targetId ? (names.get(e.targetId) ?? null) : null);
        return [type, label].filter(Boolean).join(': ') || t('common.none');
      },
    },
    { key: 'ip', header: t('audit.columns.ip'), render: (e) => e.ip ?? t('common.none') },
  ];

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        actions={
          <Button
            variant="primary"
            icon="shield"
            busy={verify.status === 'busy'}
            onClick={() => void runVerify()}
          >
            {verify.status === 'busy' ? t('audit.verifying') : t('audit.verify')}
          </Button>
        }
      />
      {verify.status === 'done' && <VerifyResult result={verify.result} />}
      {verify.status === 'error' && <Alert kind="error">{errorText(verify.error, t)}</Alert>}

      <div className="filters" role="search">
        <Select
          label={t('audit.filterAction')}
          value={action}
          onChange={(e) => change({ action: e.target.value })}
          options={actionOptions}
        />
        <Select
          label={t('auditSearch.user')}
          value={search.actorId}
          onChange={(e) => change({ actorId: e.target.value })}
          options={[
            { value: '', label: t('auditSearch.anyone') },
            ...(users.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.fullName} (${u.username})`,
            })),
          ]}
        />
        <TextField
          label={t('auditSearch.from')}
          type="date"
          value={search.from}
          onChange={(e) => change({ from: e.target.value })}
        />
        <TextField
          label={t('auditSearch.to')}
          type="date"
          value={search.to}
          onChange={(e) => change({ to: e.target.value })}
        />
        <TextField
          label={t('auditSearch.target')}
          value={search.targetId}
          onChange={(e) => change({ targetId: e.target.value })}
        />
        <TextField
          label={t('auditSearch.text')}
          type="search"
          placeholder={t('auditSearch.textPlaceholder')}
          value={search.q}
          onChange={(e) => change({ q: e.target.value })}
        />
      </div>
      <div className="list-toolbar">
        <p className="muted" aria-live="polite">
          {entries.data ? t('auditSearch.found', { count: entries.data.total }) : ''}
        </p>
        <Button icon="x" disabled={search === EMPTY_SEARCH} onClick={() => change(EMPTY_SEARCH)}>
          {t('auditSearch.clear')}
        </Button>
        <a className="btn btn--secondary" href={auditApi.exportUrl(search, lang)} download>
          <Icon name="download" />
          <span className="btn__label">{t('auditSearch.export')}</span>
        </a>
      </div>

      {entries.status === 'error' ? (
        <ErrorState error={entries.error} onRetry={entries.reload} />
      ) : !entries.data ? (
        <Spinner label={t('common.loading')} />
      ) : entries.data.items.length === 0 ? (
        <EmptyState icon="audit" title={t('audit.emptyTitle')} text={t('audit.emptyText')} />
      ) : (
        <>
          <ResponsiveList
            items={entries.data.items}
            columns={columns}
            rowKey={(e) => String(e.seq)}
            caption={t('audit.title')}
            cardTitle={(e) => (
              <span>
                <span className="muted">#{e.seq}</span>{' '}
                <span className="person__name">{actionLabel(e.action)}</span>
              </span>
            )}
          />
          <Pagination
            offset={offset}
            limit={AUDIT_PAGE_SIZE}
            total={entries.data.total}
            onChange={setOffset}
          />
        </>
      )}
    </>
  );
}

function VerifyResult({ result }: { result: AuditVerifyResult }): ReactElement {
  const { t } = useTranslation();
  if (result.intact) return <Alert kind="success" title={t('audit.intact', { count: result.entries })} />;
  return (
    <Alert
      kind="error"
      title={
        result.firstBad
          ? t('audit.broken', {
              seq: String(result.firstBad.seq),
              reason: t(`audit.reasons.${result.firstBad.reason}`),
            })
          : t('audit.brokenUnknown')
      }
    />
  );
}
