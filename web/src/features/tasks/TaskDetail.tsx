import { useCallback, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task, TaskAction, TaskFile, Unit } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextArea, TextField } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { cityToday, tasksApi } from './tasks.api';
import { PriorityBadge, StatusBadge } from './TaskBadges';

/** The moves that need words (a report, a reason) or a date before they are sent. */
const NEEDS_FORM: readonly TaskAction[] = [
  'report',
  'return',
  'requestExtension',
  'refuseExtension',
  'accept',
];

/** One move in progress: its form (text, date, files) and the send. */
function ActionForm({
  task,
  action,
  onDone,
  onCancel,
}: {
  task: Task;
  action: TaskAction;
  onDone: (task: Task) => void;
  onCancel: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [deadline, setDeadline] = useState('');
  const [files, setFiles] = useState<TaskFile[]>([]);
  const [version, setVersion] = useState(task.version);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const label = {
    report: t('tasks.reportText'),
    return: t('tasks.returnReason'),
    refuseExtension: t('tasks.refuseReason'),
    requestExtension: t('tasks.extensionReason'),
    accept: t('tasks.acceptComment'),
  }[action as 'report'];
  const optional = action === 'accept';

  async function attach(list: FileList | null): Promise<void> {
    const file = list?.[0];
    if (!file) return;
    setUploading(true);
    setProblem(null);
    try {
      const { file: saved } = await tasksApi.attach(task.id, file);
      setFiles((f) => [...f, saved]);
      // Attaching a file writes the task: the report goes on the version after it.
      setVersion((await tasksApi.get(task.id)).task.version);
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setUploading(false);
    }
  }

  async function send(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!optional && !text.trim()) return setProblem(t('tasks.needText'));
    if (action === 'requestExtension' && !deadline) return setProblem(t('tasks.needDeadline'));
    setBusy(true);
    setProblem(null);
    try {
      const base = { version };
      const body =
        action === 'report'
          ? { ...base, action, text, fileIds: files.map((f) => f.id) }
          : action === 'return' || action === 'refuseExtension'
            ? { ...base, action, reason: text }
            : action === 'requestExtension'
              ? { ...base, action, deadline, reason: text }
              : action === 'accept'
                ? { ...base, action, comment: text || null }
                : { ...base, action };
      const { task: next } = await tasksApi.act(task.id, body);
      onDone(next);
    } catch (err) {
      setProblem(errorText(err, t));
      if (err instanceof ApiError && err.status === 409) onCancel();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="task-action-form"
      onSubmit={(e) => void send(e)}
      aria-label={t(`tasks.actions.${action}`)}
    >
      {action === 'requestExtension' && (
        <TextField
          label={t('tasks.newDeadline')}
          type="date"
          min={task.deadline > cityToday() ? task.deadline : cityToday()}
          value={deadline}
          onChange={(e) => setDeadline(e.target.value)}
        />
      )}
      <TextArea
        label={label}
        optional={optional}
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {action === 'report' && (
        <div className="task-files">
          <label className="btn btn--secondary task-files__pick">
            <Icon name="upload" />
            <span className="btn__label">{uploading ? t('tasks.attaching') : t('tasks.attach')}</span>
            <input
              type="file"
              className="visually-hidden"
              disabled={uploading}
              onChange={(e) => void attach(e.target.files)}
            />
          </label>
          {uploading && <progress className="task-files__progress" aria-label={t('tasks.attaching')} />}
          <ul>
            {files.map((f) => (
              <li key={f.id}>
                <Icon name="file" size={16} /> {f.name}
              </li>
            ))}
          </ul>
        </div>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
      <div className="task-actions">
        <Button onClick={onCancel} disabled={busy}>
          {t('tasks.cancel')}
        </Button>
        <Button type="submit" variant="primary" icon="check" busy={busy} disabled={uploading}>
          {t(`tasks.actions.${action}`)}
        </Button>
      </div>
    </form>
  );
}

/** A task: its details, trace (with the quoted passage opening in the viewer), report, history and moves. */
export function TaskDetail({
  id,
  units,
  onChanged,
}: {
  id: string;
  units: Map<string, Unit>;
  onChanged: (task: Task) => void;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const res = useResource(useCallback((signal: AbortSignal) => tasksApi.get(id, signal), [id]));
  const [open, setOpen] = useState<TaskAction | null>(null);
  const [busy, setBusy] = useState<TaskAction | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (res.status === 'error' && !res.data) return <ErrorState error={res.error} onRetry={res.reload} />;
  if (!res.data) return <Spinner label={t('common.loading')} />;
  const task = res.data.task;
  const unitName = (uid: string) => units.get(uid)?.name ?? '—';
  const done = (next: Task) => {
    res.mutate(() => ({ task: next }));
    setOpen(null);
    toast.show('success', t('tasks.saved'));
    onChanged(next);
  };

  async function quick(action: TaskAction): Promise<void> {
    setBusy(action);
    setProblem(null);
    try {
      const { task: next } = await tasksApi.act(task.id, {
        action: action as 'start',
        version: task.version,
      });
      done(next);
    } catch (err) {
      setProblem(errorText(err, t));
      if (err instanceof ApiError && err.status === 409) res.reload();
    } finally {
      setBusy(null);
    }
  }

  return (
    <article className="task-detail" aria-label={task.title}>
      <header className="task-detail__head">
        <h2>{task.title}</h2>
        <div className="task-detail__badges">
          <StatusBadge task={task} />
          <PriorityBadge priority={task.priority} />
        </div>
      </header>
      <dl className="task-detail__facts">
        <dt>{t('tasks.fields.leadUnit')}</dt>
        <dd>{unitName(task.leadUnitId)}</dd>
        {task.coordinatingUnitIds.length > 0 && (
          <>
            <dt>{t('tasks.fields.coordinating')}</dt>
            <dd>{task.coordinatingUnitIds.map(unitName).join(', ')}</dd>
          </>
        )}
        <dt>{t('tasks.fields.deadline')}</dt>
        <dd>{formatDate(task.deadline, lang)}</dd>
        {task.expectedProduct && (
          <>
            <dt>{t('tasks.fields.product')}</dt>
            <dd>{task.expectedProduct}</dd>
          </>
        )}
        {task.description && (
          <>
            <dt>{t('tasks.fields.description')}</dt>
            <dd className="pre-line">{task.description}</dd>
          </>
        )}
      </dl>
      <section className="task-detail__trace">
        <h3>{t('tasks.trace.title')}</h3>
        {task.trace ? (
          <dl className="task-detail__facts">
            <dt>{t('tasks.trace.meeting')}</dt>
            <dd>{task.trace.meetingTitle ?? '—'}</dd>
            <dt>{t('tasks.trace.item')}</dt>
            <dd>{task.trace.agendaItemTitle ?? '—'}</dd>
            <dt>{t('tasks.trace.point')}</dt>
            <dd>{task.trace.pointText ?? t('tasks.trace.pointRemoved')}</dd>
          </dl>
        ) : (
          <p className="muted">{t('tasks.trace.byHand')}</p>
        )}
        {task.passage && (
          <figure className="task-passage">
            <blockquote>{task.passage.quote}</blockquote>
            <figcaption>
              <Link
                className="btn btn--secondary"
                to={`/documents/${task.passage.documentId}?page=${task.passage.page}`}
              >
                <Icon name="file" />
                <span className="btn__label">
                  {t('tasks.trace.openPassage', { page: String(task.passage.page) })}
                </span>
              </Link>
            </figcaption>
          </figure>
        )}
      </section>
      {task.extension && (
        <Alert kind="info">
          {t('tasks.extensionPending', {
            date: formatDate(task.extension.deadline, lang),
            reason: task.extension.reason,
          })}
        </Alert>
      )}
      {task.report && (
        <section>
          <h3>{t('tasks.report')}</h3>
          <p className="pre-line">{task.report.text}</p>
          <p className="muted">
            {task.report.byName} · {formatDateTime(task.report.at, lang)}
          </p>
          {task.report.fileIds.length > 0 && (
            <ul className="task-files__list" aria-label={t('tasks.files')}>
              {task.files
                .filter((f) => task.report?.fileIds.includes(f.id))
                .map((f) => (
                  <li key={f.id}>
                    <a href={tasksApi.fileUrl(task.id, f.id)} download>
                      <Icon name="download" size={16} /> {f.name}
                    </a>
                  </li>
                ))}
            </ul>
          )}
        </section>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
      {open ? (
        <ActionForm task={task} action={open} onDone={done} onCancel={() => setOpen(null)} />
      ) : (
        task.actions.length > 0 && (
          <div className="task-actions">
            {task.actions.map((a) => (
              <Button
                key={a}
                variant={
                  a === 'accept' || a === 'report' || a === 'approveExtension' ? 'primary' : 'secondary'
                }
                busy={busy === a}
                onClick={() => (NEEDS_FORM.includes(a) ? setOpen(a) : void quick(a))}
              >
                {t(`tasks.actions.${a}`)}
              </Button>
            ))}
          </div>
        )
      )}
      <section>
        <h3>{t('tasks.history')}</h3>
        <ol className="task-history">
          {task.history.map((h, i) => (
            <li key={i}>
              <strong>{t(`tasks.historyAction.${h.action}`)}</strong> · {h.byName} ·{' '}
              {formatDateTime(h.at, lang)}
              {h.deadline && h.action !== 'create' && <> · {formatDate(h.deadline, lang)}</>}
              {h.comment && <p className="pre-line">{h.comment}</p>}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
