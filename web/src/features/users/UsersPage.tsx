import { useCallback, useMemo, useState, type ReactElement } from 'react';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SystemRole as SystemRoles, type SystemRole, type User, type UserWithSecret } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Select, TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { canManageUsers, pathOf } from '../../app/nav';
import { Icon } from '../../components/Icon';
import { ApiError } from '../../lib/api';
import { formatDateTime, sortByFullName } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { useMe } from '../auth/auth.context';
import { unitOptions } from '../units/unit-tree';
import { unitsApi } from '../units/units.api';
import { ImportDialog } from './ImportDialog';
import { SecretDialog } from './SecretDialog';
import { UserFormDialog, type AccountAction } from './UserFormDialog';
import { USERS_PAGE_SIZE, usersApi, type UserFilters } from './users.api';

type Modal =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'import' }
  | { kind: 'confirm'; action: AccountAction; user: User }
  | { kind: 'secret'; result: UserWithSecret; reason: 'created' | 'reset' };

const ROLE_TONE = { admin: 'red', secretary: 'blue', member: 'neutral' } as const;

function readFilters(params: URLSearchParams): UserFilters {
  const role = params.get('role') ?? '';
  const active = params.get('active') ?? '';
  return {
    q: params.get('q') ?? '',
    unitId: params.get('unit') ?? '',
    systemRole: SystemRoles.safeParse(role).success ? (role as SystemRole) : '',
    active: active === 'true' || active === 'false' ? active : '',
  };
}

/** Users: search and filters kept in the address, table or cards, and the admin's actions. */
export function UsersPage(): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const me = useMe();
  const manage = canManageUsers(me.user.systemRole);
  const lang = currentLanguage();
  const { filters, offset, search, setSearch, update } = useUrlFilters(readFilters);
  const [modal, setModal] = useState<Modal>({ kind: 'none' });

  const loadUsers = useCallback(
    (signal: AbortSignal) => usersApi.list(filters, offset, signal),
    [filters, offset],
  );
  const users = useResource(loadUsers);
  const loadUnits = useCallback((signal: AbortSignal) => unitsApi.list(signal), []);
  const units = useResource(loadUnits);
  const unitList = useMemo(() => units.data?.items ?? [], [units.data]);
  const unitName = useMemo(() => new Map(unitList.map((u) => [u.id, u.name])), [unitList]);

  const items = useMemo(() => sortByFullName(users.data?.items ?? []), [users.data]);
  const filtered =
    filters.q !== '' || filters.unitId !== '' || filters.systemRole !== '' || filters.active !== '';
  const close = () => setModal({ kind: 'none' });

  const columns: Column<User>[] = [
    {
      key: 'fullName',
      header: t('users.columns.fullName'),
      hideOnCard: true,
      render: (u) => (
        <span className="person">
          <span className="person__name">
            {u.fullName} {u.id === me.user.id && <span className="muted">{t('users.you')}</span>}
          </span>
          <span className="person__sub">{u.username}</span>
        </span>
      ),
    },
    { key: 'title', header: t('users.columns.title'), render: (u) => u.title ?? t('common.none') },
    {
      key: 'unit',
      header: t('users.columns.unit'),
      render: (u) => (u.unitId ? (unitName.get(u.unitId) ?? t('common.none')) : t('common.none')),
    },
    {
      key: 'role',
      header: t('users.columns.role'),
      render: (u) => <Badge tone={ROLE_TONE[u.systemRole]}>{t(`roles.${u.systemRole}`)}</Badge>,
    },
    {
      key: 'status',
      header: t('users.columns.status'),
      render: (u) => (
        <Badge tone={u.active ? 'green' : 'grey'}>
          {u.active ? t('status.active') : t('status.inactive')}
        </Badge>
      ),
    },
    {
      key: 'lastLogin',
      header: t('users.columns.lastLogin'),
      className: 'nowrap',
      render: (u) =>
        u.lastLoginAt ? (
          formatDateTime(u.lastLoginAt, lang)
        ) : (
          <span className="muted">{t('users.neverSignedIn')}</span>
        ),
    },
  ];

  const reloadAfterConflict = () => {
    toast.show('error', t('users.toast.conflict'));
    close();
    users.reload();
  };
  const onConflict = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'conflict') {
      reloadAfterConflict();
      return true;
    }
    return false;
  };

  const runAction = async (action: AccountAction, user: User) => {
    try {
      if (action === 'resetSecondFactor') {
        await usersApi.resetSecondFactor(user.id);
        toast.show('success', t('users.toast.secondFactorReset', { name: user.fullName }));
        close();
      } else if (action === 'resetPassword') {
        const result = await usersApi.resetPassword(user.id);
        toast.show('success', t('users.toast.reset', { name: user.fullName }));
        setModal({ kind: 'secret', result, reason: 'reset' });
      } else {
        const active = action === 'reactivate';
        await usersApi.update(user.id, { active, version: user.version });
        toast.show(
          'success',
          t(active ? 'users.toast.reactivated' : 'users.toast.deactivated', { name: user.fullName }),
        );
        close();
      }
      users.reload();
    } catch (e) {
      if (!onConflict(e)) throw e;
    }
  };

  const onSaved = (result: UserWithSecret, created: boolean) => {
    users.reload();
    if (created) {
      toast.show('success', t('users.toast.created', { name: result.user.fullName }));
      setModal({ kind: 'secret', result, reason: 'created' });
    } else {
      toast.show('success', t('users.toast.updated', { name: result.user.fullName }));
      close();
    }
  };

  const total = users.data?.total ?? 0;

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          manage && (
            <>
              <Link to={pathOf('security')} className="btn btn--secondary">
                <Icon name="shield" />
                <span className="btn__label">{t('nav.security')}</span>
              </Link>
              <Button icon="upload" onClick={() => setModal({ kind: 'import' })}>
                {t('users.import')}
              </Button>
              <Button variant="primary" icon="plus" onClick={() => setModal({ kind: 'create' })}>
                {t('users.create')}
              </Button>
            </>
          )
        }
      />
      {!manage && <Alert kind="info">{t('users.readOnly')}</Alert>}

      <div className="filters" role="search">
        <TextField
          className="input--search"
          label={t('users.searchLabel')}
          type="search"
          placeholder={t('users.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Select
          label={t('users.filterRole')}
          value={filters.systemRole}
          onChange={(e) => update({ role: e.target.value })}
          options={[
            { value: '', label: t('users.allRoles') },
            ...SystemRoles.options.map((r) => ({ value: r, label: t(`roles.${r}`) })),
          ]}
        />
        <Select
          label={t('users.filterUnit')}
          value={filters.unitId}
          onChange={(e) => update({ unit: e.target.value })}
          options={[
            { value: '', label: t('users.allUnits') },
            ...unitOptions(unitList, filters.unitId || null),
          ]}
        />
        <Select
          label={t('users.filterStatus')}
          value={filters.active}
          onChange={(e) => update({ active: e.target.value })}
          options={[
            { value: '', label: t('users.allStatuses') },
            { value: 'true', label: t('status.active') },
            { value: 'false', label: t('status.inactive') },
          ]}
        />
      </div>

      <div className="list-toolbar">
        <span className="list-toolbar__count" aria-live="polite">
          {users.data && t('users.count', { count: total })}
        </span>
        {users.status === 'loading' && users.data && <Spinner inline label={t('common.loading')} />}
        {filtered && (
          <Button
            variant="ghost"
            icon="x"
            onClick={() => {
              setSearch('');
              update({ q: '', role: '', unit: '', active: '' });
            }}
          >
            {t('common.clearFilters')}
          </Button>
        )}
      </div>

      {users.status === 'error' ? (
        <ErrorState error={users.error} onRetry={users.reload} />
      ) : !users.data ? (
        <Spinner label={t('common.loading')} />
      ) : items.length === 0 ? (
        filtered ? (
          <EmptyState icon="search" title={t('users.noMatchTitle')} text={t('users.noMatchText')} />
        ) : (
          <EmptyState
            icon="users"
            title={t('users.emptyTitle')}
            text={manage ? t('users.emptyText') : undefined}
          />
        )
      ) : (
        <>
          <ResponsiveList
            items={items}
            columns={columns}
            rowKey={(u) => u.id}
            caption={t('users.title')}
            muted={(u) => !u.active}
            cardTitle={(u) => columns[0]?.render(u)}
            actions={
              manage
                ? (u) => (
                    <Button icon="edit" onClick={() => setModal({ kind: 'edit', user: u })}>
                      {t('users.actions.edit')}
                      <span className="visually-hidden"> {u.fullName}</span>
                    </Button>
                  )
                : undefined
            }
          />
          <Pagination
            offset={offset}
            limit={USERS_PAGE_SIZE}
            total={total}
            onChange={(o) => update({ offset: String(o) })}
          />
        </>
      )}

      {(modal.kind === 'create' || modal.kind === 'edit' || modal.kind === 'confirm') && (
        <UserFormDialog
          user={modal.kind === 'create' ? undefined : modal.user}
          units={unitList}
          selfId={me.user.id}
          onClose={close}
          onSaved={onSaved}
          onConflict={reloadAfterConflict}
          onAccountAction={(action, user) => setModal({ kind: 'confirm', action, user })}
        />
      )}
      {modal.kind === 'confirm' && (
        <ConfirmDialog
          title={t(`users.confirm.${CONFIRM_KEYS[modal.action]}Title`)}
          text={t(`users.confirm.${CONFIRM_KEYS[modal.action]}Text`, { name: modal.user.fullName })}
          confirmLabel={t(`users.actions.${modal.action}`)}
          danger={modal.action === 'deactivate'}
          onConfirm={() => runAction(modal.action, modal.user)}
          onClose={() => setModal({ kind: 'edit', user: modal.user })}
        />
      )}
      {modal.kind === 'secret' && (
        <SecretDialog result={modal.result} reason={modal.reason} onClose={close} />
      )}
      {modal.kind === 'import' && <ImportDialog onClose={close} onImported={users.reload} />}
    </>
  );
}

const CONFIRM_KEYS = {
  resetPassword: 'reset',
  resetSecondFactor: 'secondFactor',
  deactivate: 'deactivate',
  reactivate: 'reactivate',
} as const;
