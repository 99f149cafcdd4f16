import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task, TaskPriority, TaskStatus } from '@icabinet/shared';
import { Badge, type BadgeTone } from '../../components/Badge';

const STATUS_TONE: Record<TaskStatus, BadgeTone> = {
  assigned: 'blue',
  in_progress: 'blue',
  reported: 'neutral',
  returned: 'red',
  accepted: 'green',
};

/** The task's status, and "Quá hạn" beside it when it is past its deadline and not accepted. */
export function StatusBadge({ task }: { task: Pick<Task, 'status' | 'overdue'> }): ReactElement {
  const { t } = useTranslation();
  return (
    <>
      <Badge tone={STATUS_TONE[task.status]}>{t(`tasks.status.${task.status}`)}</Badge>
      {task.overdue && <Badge tone="red">{t('tasks.overdue')}</Badge>}
    </>
  );
}

export function PriorityBadge({ priority }: { priority: TaskPriority }): ReactElement | null {
  const { t } = useTranslation();
  if (priority === 'normal' || priority === 'low') return null;
  return <Badge tone={priority === 'urgent' ? 'red' : 'neutral'}>{t(`tasks.priority.${priority}`)}</Badge>;
}
