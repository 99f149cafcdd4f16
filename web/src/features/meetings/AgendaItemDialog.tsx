import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaItem } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Select, TextArea, TextField } from '../../components/Field';
import { ApiError } from '../../lib/api';
import { useServerFieldErrors } from '../../lib/form-errors';
import { agendaApi } from './meetings.api';

const AGENDA_FIELDS = ['title', 'minutes', 'presenter', 'parentId', 'description'] as const;
type AgendaField = (typeof AGENDA_FIELDS)[number];

/** Adds an agenda item (or sub-item) or edits one. */
export function AgendaItemDialog({
  meetingId,
  agendaVersion,
  item,
  topLevel,
  onClose,
  onSaved,
  onConflict,
}: {
  meetingId: string;
  agendaVersion: number;
  item?: AgendaItem;
  /** Top-level items, the possible parents of a new sub-item. */
  topLevel: readonly AgendaItem[];
  onClose: () => void;
  onSaved: (title: string, created: boolean) => void;
  onConflict: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const [title, setTitle] = useState(item?.title ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [presenter, setPresenter] = useState(item?.presenterName ?? '');
  const [minutes, setMinutes] = useState(String(item?.plannedMinutes ?? 15));
  const [parentId, setParentId] = useState(item?.parentId ?? '');
  const [errors, setErrors] = useState<{ title?: string; minutes?: string }>({});
  const [busy, setBusy] = useState(false);
  const server = useServerFieldErrors<AgendaField>(AGENDA_FIELDS, t, {
    plannedMinutes: 'minutes',
    presenterName: 'presenter',
  });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const planned = Number(minutes);
    const found = {
      title: title.trim() === '' ? t('validation.required') : undefined,
      minutes:
        minutes.trim() === '' || !Number.isInteger(planned) || planned < 0 || planned > 1440
          ? t('validation.required')
          : undefined,
    };
    setErrors(found);
    if (found.title || found.minutes) return;
    setBusy(true);
    server.clear();
    const body = {
      title: title.trim(),
      description: description.trim() || null,
      presenterName: presenter.trim() || null,
      plannedMinutes: planned,
      agendaVersion,
    };
    try {
      if (item) await agendaApi.update(meetingId, item.id, body);
      else await agendaApi.add(meetingId, { ...body, parentId: parentId || null });
      onSaved(body.title, !item);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') onConflict();
      else {
        server.fail(e);
        setBusy(false);
      }
    }
  };

  return (
    <Dialog
      title={item ? t('agenda.editTitle') : t('agenda.addTitle')}
      onClose={onClose}
      busy={busy}
      size="large"
      onSubmit={(e) => void submit(e)}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            {item ? t('common.save') : t('agenda.add')}
          </Button>
        </>
      }
    >
      {server.general && <Alert kind="error">{server.general}</Alert>}
      <div
        className="form-grid"
        ref={(el) => {
          server.scope.current = el;
        }}
      >
        <TextField
          className="span-2"
          label={t('agenda.itemTitle')}
          placeholder={t('agenda.itemTitlePlaceholder')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={errors.title ?? server.errors.title}
          autoFocus
        />
        <TextField
          label={t('agenda.presenter')}
          placeholder={t('agenda.presenterPlaceholder')}
          value={presenter}
          onChange={(e) => setPresenter(e.target.value)}
          error={server.errors.presenter}
          optional
        />
        <TextField
          label={t('agenda.minutes')}
          type="number"
          inputMode="numeric"
          min={0}
          max={1440}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          error={errors.minutes ?? server.errors.minutes}
        />
        {!item && topLevel.length > 0 && (
          <Select
            className="span-2"
            label={t('agenda.parent')}
            value={parentId}
            onChange={(e) => setParentId(e.target.value)}
            error={server.errors.parentId}
            options={[
              { value: '', label: t('agenda.topLevel') },
              ...topLevel.map((p) => ({ value: p.id, label: t('agenda.subOf', { title: p.title }) })),
            ]}
          />
        )}
        <TextArea
          className="span-2"
          label={t('agenda.description')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={server.errors.description}
          optional
        />
      </div>
    </Dialog>
  );
}
