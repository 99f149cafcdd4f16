import { useCallback, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { documentsContract, TASK_PRIORITIES, type Task, type TaskPriority } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Select, TextArea, TextField } from '../../components/Field';
import { call } from '../../lib/api';
import { useServerFieldErrors } from '../../lib/form-errors';
import { compareVi } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { unitsApi } from '../units/units.api';
import { usersApi } from '../users/users.api';
import { cityToday, tasksApi } from './tasks.api';

/** Where the task comes from when it is made from a conclusion point. */
export interface TaskSource {
  meetingId: string;
  agendaItemId: string;
  conclusionPointId: string;
  pointText: string;
}

const FIELDS = [
  'title',
  'leadUnitId',
  'coordinatingUnitIds',
  'assigneeId',
  'deadline',
  'expectedProduct',
  'description',
  'documentId',
  'page',
  'quote',
] as const;
type FieldName = (typeof FIELDS)[number];
const ALIASES: Readonly<Record<string, FieldName>> = {
  'source.passage.documentId': 'documentId',
  'source.passage.page': 'page',
  'source.passage.quote': 'quote',
};

/**
 * "Giao nhiệm vụ": the secretariat assigns a task to a lead unit (with coordinating units, the
 * person responsible, the deadline, the expected product and the priority), from a conclusion
 * point (its text as the title, and optionally a quoted passage of a meeting document) or by hand.
 */
export function TaskAssignDialog({
  source,
  onClose,
  onCreated,
}: {
  source: TaskSource | null;
  onClose: () => void;
  onCreated: (task: Task) => void;
}): ReactElement {
  const { t } = useTranslation();
  const units = useResource(useCallback((signal: AbortSignal) => unitsApi.list(signal), []));
  const [title, setTitle] = useState(source?.pointText.slice(0, 500) ?? '');
  const [leadUnitId, setLead] = useState('');
  const [coordinating, setCoordinating] = useState<string[]>([]);
  const [assigneeId, setAssignee] = useState('');
  const [deadline, setDeadline] = useState('');
  const [product, setProduct] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('normal');
  const [documentId, setDocumentId] = useState('');
  const [page, setPage] = useState('1');
  const [quote, setQuote] = useState('');
  const [busy, setBusy] = useState(false);
  const server = useServerFieldErrors<FieldName>(FIELDS, t, ALIASES);
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const errors = { fields: { ...server.errors, ...local }, general: server.general };
  const people = useResource(
    useCallback(
      (signal: AbortSignal) =>
        leadUnitId
          ? usersApi.list({ q: '', unitId: leadUnitId, systemRole: '', active: 'true' }, 0, signal)
          : Promise.resolve({ items: [], total: 0 }),
      [leadUnitId],
    ),
  );
  const docs = useResource(
    useCallback(
      (signal: AbortSignal) =>
        source
          ? call(documentsContract.list, { params: { id: source.meetingId }, signal })
          : Promise.resolve({ items: [] }),
      [source],
    ),
  );
  const active = (units.data?.items ?? []).filter((u) => u.active).sort((a, b) => compareVi(a.name, b.name));

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const missing: Partial<Record<FieldName, string>> = {};
    if (!title.trim()) missing.title = t('tasks.needTitle');
    if (!leadUnitId) missing.leadUnitId = t('tasks.needUnit');
    if (!deadline) missing.deadline = t('tasks.needDeadline');
    if (documentId && !quote.trim()) missing.quote = t('tasks.needText');
    setLocal(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    server.clear();
    try {
      const { task } = await tasksApi.create({
        title,
        description: description || null,
        source: source
          ? {
              meetingId: source.meetingId,
              agendaItemId: source.agendaItemId,
              conclusionPointId: source.conclusionPointId,
              passage: documentId ? { documentId, page: Number(page) || 1, quote } : null,
            }
          : null,
        leadUnitId,
        coordinatingUnitIds: coordinating.filter((c) => c !== leadUnitId),
        assigneeId: assigneeId || null,
        deadline,
        expectedProduct: product || null,
        priority,
      });
      onCreated(task);
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={t('tasks.assignTitle')}
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      busy={busy}
      size="large"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('tasks.cancel')}
          </Button>
          <Button type="submit" variant="primary" icon="check" busy={busy}>
            {t('tasks.assign')}
          </Button>
        </>
      }
    >
      {source && (
        <blockquote className="task-source">
          <strong>{t('tasks.fromPoint')}:</strong> {source.pointText}
        </blockquote>
      )}
      {errors.general && <Alert kind="error">{errors.general}</Alert>}
      <TextArea
        label={t('tasks.fields.title')}
        value={title}
        rows={2}
        maxLength={500}
        error={errors.fields.title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <div className="task-form__row">
        <Select
          label={t('tasks.fields.leadUnit')}
          value={leadUnitId}
          error={errors.fields.leadUnitId}
          options={[
            { value: '', label: t('tasks.fields.chooseUnit') },
            ...active.map((u) => ({ value: u.id, label: u.name })),
          ]}
          onChange={(e) => {
            setLead(e.target.value);
            setAssignee('');
          }}
        />
        <Select
          label={t('tasks.fields.assignee')}
          value={assigneeId}
          error={errors.fields.assigneeId}
          disabled={!leadUnitId}
          options={[
            { value: '', label: t('tasks.fields.noAssignee') },
            ...(people.data?.items ?? []).map((u) => ({ value: u.id, label: u.fullName })),
          ]}
          onChange={(e) => setAssignee(e.target.value)}
        />
      </div>
      <fieldset className="task-form__units">
        <legend>{t('tasks.fields.coordinating')}</legend>
        {active
          .filter((u) => u.id !== leadUnitId)
          .map((u) => (
            <label key={u.id} className={`choice-chip${coordinating.includes(u.id) ? ' is-on' : ''}`}>
              <input
                type="checkbox"
                checked={coordinating.includes(u.id)}
                onChange={(e) =>
                  setCoordinating((c) => (e.target.checked ? [...c, u.id] : c.filter((x) => x !== u.id)))
                }
              />
              <span>{u.name}</span>
            </label>
          ))}
        {errors.fields.coordinatingUnitIds && (
          <p className="field__error" role="alert">
            {errors.fields.coordinatingUnitIds}
          </p>
        )}
      </fieldset>
      <div className="task-form__row">
        <TextField
          label={t('tasks.fields.deadline')}
          type="date"
          min={cityToday()}
          value={deadline}
          error={errors.fields.deadline}
          onChange={(e) => setDeadline(e.target.value)}
        />
        <Select
          label={t('tasks.priority.label')}
          value={priority}
          options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priority.${p}`) }))}
          onChange={(e) => setPriority(e.target.value as TaskPriority)}
        />
      </div>
      <TextArea
        label={t('tasks.fields.product')}
        optional
        rows={2}
        maxLength={1000}
        value={product}
        error={errors.fields.expectedProduct}
        onChange={(e) => setProduct(e.target.value)}
      />
      <TextArea
        label={t('tasks.fields.description')}
        optional
        rows={2}
        maxLength={4000}
        value={description}
        error={errors.fields.description}
        onChange={(e) => setDescription(e.target.value)}
      />
      {source && (
        <fieldset className="task-form__passage">
          <legend>{t('tasks.fields.passage')}</legend>
          <div className="task-form__row">
            <Select
              label={t('tasks.fields.document')}
              value={documentId}
              error={errors.fields.documentId}
              options={[
                { value: '', label: t('tasks.fields.noDocument') },
                ...(docs.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })),
              ]}
              onChange={(e) => setDocumentId(e.target.value)}
            />
            <TextField
              label={t('tasks.fields.page')}
              type="number"
              min={1}
              inputMode="numeric"
              disabled={!documentId}
              value={page}
              error={errors.fields.page}
              onChange={(e) => setPage(e.target.value)}
            />
          </div>
          {documentId && (
            <TextArea
              label={t('tasks.fields.quote')}
              rows={2}
              maxLength={2000}
              value={quote}
              error={errors.fields.quote}
              onChange={(e) => setQuote(e.target.value)}
            />
          )}
        </fieldset>
      )}
    </Dialog>
  );
}
