import { useCallback, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Unit } from '@icabinet/shared';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { UnitFormDialog } from './UnitFormDialog';
import { unitTree, type UnitRow } from './unit-tree';
import { unitsApi } from './units.api';

type Modal =
  { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; unit: Unit } | { kind: 'toggle'; unit: Unit };

/** Units as an indented tree: create, edit, deactivate and reactivate. */
export function UnitsPage(): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const [modal, setModal] = useState<Modal>({ kind: 'none' });
  const [showInactive, setShowInactive] = useState(false);
  const load = useCallback((signal: AbortSignal) => unitsApi.list(signal), []);
  const units = useResource(load);
  const all = useMemo(() => units.data?.items ?? [], [units.data]);
  const byId = useMemo(() => new Map(all.map((u) => [u.id, u])), [all]);
  const rows = useMemo(() => unitTree(showInactive ? all : all.filter((u) => u.active)), [all, showInactive]);
  const inactiveCount = all.filter((u) => !u.active).length;
  const close = () => setModal({ kind: 'none' });

  const columns: Column<UnitRow>[] = [
    {
      key: 'name',
      header: t('units.columns.name'),
      hideOnCard: true,
      render: ({ unit, depth }) => (
        <span className="tree-name" style={{ paddingInlineStart: `${depth * 1.5}rem` }}>
          {depth > 0 && <span className="tree-name__branch" aria-hidden="true" />}
          <span className="person__name">{unit.name}</span>
        </span>
      ),
    },
    { key: 'code', header: t('units.columns.code'), render: ({ unit }) => <code>{unit.code}</code> },
    {
      key: 'parent',
      header: t('units.columns.parent'),
      render: ({ unit }) =>
        unit.parentId ? (byId.get(unit.parentId)?.name ?? t('common.none')) : t('units.topLevel'),
    },
    {
      key: 'status',
      header: t('units.columns.status'),
      render: ({ unit }) => (
        <Badge tone={unit.active ? 'green' : 'grey'}>
          {unit.active ? t('units.status.active') : t('units.status.inactive')}
        </Badge>
      ),
    },
  ];

  const toggle = async (unit: Unit) => {
    try {
      await unitsApi.update(unit.id, { active: !unit.active, version: unit.version });
      toast.show(
        'success',
        t(unit.active ? 'units.toast.deactivated' : 'units.toast.reactivated', { name: unit.name }),
      );
      close();
      units.reload();
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'conflict')) throw e;
      toast.show('error', t('units.toast.conflict'));
      close();
      units.reload();
    }
  };

  return (
    <>
      <PageHeader
        title={t('units.title')}
        subtitle={t('units.subtitle')}
        actions={
          <>
            <Link className="btn btn--secondary" to="/sites">
              {t('nav.sites')}
            </Link>
            <Link className="btn btn--secondary" to="/fleet">
              {t('fleet.title')}
            </Link>
            <Button variant="primary" icon="plus" onClick={() => setModal({ kind: 'create' })}>
              {t('units.create')}
            </Button>
          </>
        }
      />

      <div className="list-toolbar">
        <span className="list-toolbar__count">{units.data && t('units.count', { count: rows.length })}</span>
        {inactiveCount > 0 && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={showInactive}
              onChange={(e) => setShowInactive(e.target.checked)}
            />
            <span>{t('units.showInactive')}</span>
          </label>
        )}
      </div>

      {units.status === 'error' ? (
        <ErrorState error={units.error} onRetry={units.reload} />
      ) : !units.data ? (
        <Spinner label={t('common.loading')} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon="units"
          title={t('units.emptyTitle')}
          text={t('units.emptyText')}
          action={
            <Button variant="primary" icon="plus" onClick={() => setModal({ kind: 'create' })}>
              {t('units.create')}
            </Button>
          }
        />
      ) : (
        <ResponsiveList
          items={rows}
          columns={columns}
          rowKey={({ unit }) => unit.id}
          caption={t('units.title')}
          muted={({ unit }) => !unit.active}
          cardTitle={({ unit }) => <span className="person__name">{unit.name}</span>}
          actions={({ unit }) => (
            <div className="row-actions">
              <Button icon="edit" onClick={() => setModal({ kind: 'edit', unit })}>
                {t('units.actions.edit')}
                <span className="visually-hidden"> {unit.name}</span>
              </Button>
              {unit.active ? (
                <Button icon="lock" onClick={() => setModal({ kind: 'toggle', unit })}>
                  {t('units.actions.deactivate')}
                  <span className="visually-hidden"> {unit.name}</span>
                </Button>
              ) : (
                <Button
                  icon="unlock"
                  onClick={() =>
                    void toggle(unit).catch((e: unknown) => toast.show('error', errorText(e, t)))
                  }
                >
                  {t('units.actions.reactivate')}
                  <span className="visually-hidden"> {unit.name}</span>
                </Button>
              )}
            </div>
          )}
        />
      )}

      {(modal.kind === 'create' || modal.kind === 'edit') && (
        <UnitFormDialog
          unit={modal.kind === 'edit' ? modal.unit : undefined}
          units={all}
          onClose={close}
          onSaved={(unit, created) => {
            toast.show(
              'success',
              t(created ? 'units.toast.created' : 'units.toast.updated', { name: unit.name }),
            );
            close();
            units.reload();
          }}
        />
      )}
      {modal.kind === 'toggle' && (
        <ConfirmDialog
          title={t('units.confirm.deactivateTitle')}
          text={t('units.confirm.deactivateText', { name: modal.unit.name })}
          confirmLabel={t('units.actions.deactivate')}
          danger
          onConfirm={() => toggle(modal.unit)}
          onClose={close}
        />
      )}
    </>
  );
}
