import { useCallback, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { TASK_STATUSES, type Task } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { Select, TextField } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { compareVi, formatDate } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useMe } from '../auth/auth.context';
import { unitsApi } from '../units/units.api';
import { TaskAssignDialog } from './TaskAssignDialog';
import { PriorityBadge, StatusBadge } from './TaskBadges';
import { TaskDetail } from './TaskDetail';
import { TASKS_PAGE_SIZE, tasksApi, type TaskFilters } from './tasks.api';
import './tasks.css';

const readFilters = (p: URLSearchParams): TaskFilters => ({
  q: p.get('q') ?? '',
  status: p.get('status') ?? '',
  unitId: p.get('unitId') ?? '',
  deadlineFrom: p.get('deadlineFrom') ?? '',
  deadlineTo: p.get('deadlineTo') ?? '',
  overdue: p.get('overdue') === 'true' ? 'true' : '',
});

/**
 * "Nhiệm vụ": the tasks the signed-in person may see (the secretariat all of them, others their
 * unit's), filtered by status, unit and deadline (kept in the address), nearest deadline first;
 * `/tasks/:id` shows one task with its trace, history and the moves the person may make.
 */
export function TasksPage(): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const navigate = useNavigate();
  const { id } = useParams();
  const { user } = useMe();
  const manages = user.systemRole === 'admin' || user.systemRole === 'secretary';
  const [assigning, setAssigning] = useState(false);
  const { filters, offset, search, setSearch, update } = useUrlFilters(readFilters);
  const units = useResource(useCallback((signal: AbortSignal) => unitsApi.list(signal), []));
  const unitMap = useMemo(() => new Map((units.data?.items ?? []).map((u) => [u.id, u])), [units.data]);
  const load = useCallback(
    (signal: AbortSignal) => tasksApi.list(filters, offset, signal),
    [filters, offset],
  );
  const list = useResource(load);
  const filtered = Object.values(filters).some(Boolean);

  if (id) {
    return (
      <>
        <Link className="btn btn--ghost task-back" to={{ pathname: '/tasks' }}>
          <Icon name="chevronLeft" />
          <span className="btn__label">{t('tasks.back')}</span>
        </Link>
        <TaskDetail id={id} units={unitMap} onChanged={() => list.reload()} />
      </>
    );
  }

  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        subtitle={t('tasks.subtitle')}
        actions={
          manages ? (
            <Button variant="primary" icon="plus" onClick={() => setAssigning(true)}>
              {t('tasks.assign')}
            </Button>
          ) : undefined
        }
      />
      <div className="task-filters" role="search">
        <TextField
          label={t('tasks.filters.search')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Select
          label={t('tasks.filters.status')}
          value={filters.status}
          options={[
            { value: '', label: t('tasks.filters.anyStatus') },
            ...TASK_STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) })),
          ]}
          onChange={(e) => update({ status: e.target.value })}
        />
        <Select
          label={t('tasks.filters.unit')}
          value={filters.unitId}
          options={[
            { value: '', label: t('tasks.filters.anyUnit') },
            ...[...unitMap.values()]
              .sort((a, b) => compareVi(a.name, b.name))
              .map((u) => ({ value: u.id, label: u.name })),
          ]}
          onChange={(e) => update({ unitId: e.target.value })}
        />
        <TextField
          label={t('tasks.filters.deadlineFrom')}
          type="date"
          value={filters.deadlineFrom}
          onChange={(e) => update({ deadlineFrom: e.target.value })}
        />
        <TextField
          label={t('tasks.filters.deadlineTo')}
          type="date"
          value={filters.deadlineTo}
          onChange={(e) => update({ deadlineTo: e.target.value })}
        />
        <label className={`choice-chip task-filters__overdue${filters.overdue ? ' is-on' : ''}`}>
          <input
            type="checkbox"
            checked={filters.overdue === 'true'}
            onChange={(e) => update({ overdue: e.target.checked ? 'true' : '' })}
          />
          <span>{t('tasks.filters.overdue')}</span>
        </label>
      </div>
      {list.status === 'error' && !list.data && <ErrorState error={list.error} onRetry={list.reload} />}
      {!list.data && list.status === 'loading' && <Spinner label={t('common.loading')} />}
      {list.data && items.length === 0 && (
        <EmptyState
          icon="check"
          title={filtered ? t('tasks.emptyFiltered') : t('tasks.empty')}
          text={filtered ? undefined : t('tasks.emptyText')}
          action={
            filtered ? (
              <Button
                onClick={() =>
                  update({ q: '', status: '', unitId: '', deadlineFrom: '', deadlineTo: '', overdue: '' })
                }
              >
                {t('tasks.clearFilters')}
              </Button>
            ) : undefined
          }
        />
      )}
      {items.length > 0 && (
        <ul className="task-list" aria-label={t('tasks.title')}>
          {items.map((task: Task) => (
            <li key={task.id}>
              <Link className="task-card" to={`/tasks/${task.id}`}>
                <span className="task-card__title">{task.title}</span>
                <span className="task-card__meta">
                  {t('tasks.leadUnitIs', { unit: unitMap.get(task.leadUnitId)?.name ?? '—' })} ·{' '}
                  {t('tasks.deadlineOn', { date: formatDate(task.deadline, lang) })}
                </span>
                <span className="task-card__badges">
                  <StatusBadge task={task} />
                  <PriorityBadge priority={task.priority} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {list.data && (
        <Pagination
          total={list.data.total}
          offset={offset}
          limit={TASKS_PAGE_SIZE}
          onChange={(next) => update({ offset: String(next) })}
        />
      )}
      {assigning && (
        <TaskAssignDialog
          source={null}
          onClose={() => setAssigning(false)}
          onCreated={(task) => {
            setAssigning(false);
            toast.show('success', t('tasks.created', { unit: unitMap.get(task.leadUnitId)?.name ?? '' }));
            void navigate(`/tasks/${task.id}`);
          }}
        />
      )}
    </>
  );
}
