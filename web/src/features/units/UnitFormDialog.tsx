import { useCallback, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { UnitCreateInput, type Unit, type UnitUpdateInput } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Select, TextField } from '../../components/Field';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { setServerIssues, useZodForm } from '../../lib/form';
import { useResource } from '../../lib/useResource';
import { usersApi } from '../users/users.api';
import { subtreeIds, unitOptions } from './unit-tree';
import { unitsApi } from './units.api';

/**
 * The unit form: the shared create rules for code and name; the parent is the select's value
 * ('' for none) until the body is built.
 */
export const UnitForm = UnitCreateInput.extend({ parentId: z.string() });
export type UnitFormValues = z.output<typeof UnitForm>;

/** The PATCH body for a unit: changed fields only, plus the version the editor saw. */
export function unitUpdateBody(unit: Unit, v: UnitFormValues): UnitUpdateInput {
  const body: UnitUpdateInput = { version: unit.version };
  if (v.code !== unit.code) body.code = v.code;
  if (v.name !== unit.name) body.name = v.name;
  const parentId = v.parentId === '' ? null : v.parentId;
  if (parentId !== unit.parentId) body.parentId = parentId;
  return body;
}

/** Creates or edits a unit; a unit cannot be placed under itself or its own sub-units. */
export function UnitFormDialog({
  unit,
  units,
  onClose,
  onSaved,
}: {
  unit?: Unit;
  units: readonly Unit[];
  onClose: () => void;
  onSaved: (unit: Unit, created: boolean) => void;
}): ReactElement {
  const { t } = useTranslation();
  const form = useZodForm(UnitForm, {
    code: unit?.code ?? '',
    name: unit?.name ?? '',
    parentId: unit?.parentId ?? '',
  });
  const { register, handleSubmit, setError: setFieldError, errorOf } = form;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The unit's head (overdue follow-up tasks are escalated to them): one of its active users.
  const [head, setHead] = useState(unit?.headUserId ?? '');
  const members = useResource(
    useCallback(
      (signal: AbortSignal) =>
        unit
          ? usersApi.list({ q: '', unitId: unit.id, systemRole: '', active: 'true' }, 0, signal)
          : Promise.resolve({ items: [], total: 0 }),
      [unit],
    ),
  );

  const save = async (values: UnitFormValues) => {
    setError(null);
    setBusy(true);
    try {
      const saved = unit
        ? await unitsApi.update(unit.id, {
            ...unitUpdateBody(unit, values),
            ...((head || null) !== (unit.headUserId ?? null) ? { headUserId: head || null } : {}),
          })
        : await unitsApi.create({
            code: values.code,
            name: values.name,
            parentId: values.parentId === '' ? null : values.parentId,
          });
      onSaved(saved.unit, !unit);
    } catch (e) {
      if (e instanceof ApiError) setServerIssues(setFieldError, e.issues, ['code', 'name', 'parentId']);
      setError(errorText(e, t));
      setBusy(false);
    }
  };
  const submit = handleSubmit(save, () => setError(t('validation.fixErrors')));

  const exclude = unit ? subtreeIds(units, unit.id) : new Set<string>();

  return (
    <Dialog
      title={unit ? t('units.form.editTitle') : t('units.form.createTitle')}
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      busy={busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            {busy ? t('common.saving') : unit ? t('common.save') : t('units.create')}
          </Button>
        </>
      }
    >
      {error && <Alert kind="error">{error}</Alert>}
      <div className="form">
        <TextField
          label={t('units.form.name')}
          {...register('name')}
          error={errorOf('name')}
          placeholder={t('units.form.namePlaceholder')}
          autoFocus={!unit}
          autoComplete="off"
        />
        <TextField
          label={t('units.form.code')}
          {...register('code')}
          error={errorOf('code')}
          hint={t('units.form.codeHint')}
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          autoComplete="off"
        />
        <Select
          label={t('units.form.parent')}
          {...register('parentId')}
          error={errorOf('parentId')}
          options={[
            { value: '', label: t('units.form.noParent') },
            ...unitOptions(units, unit?.parentId ?? null, exclude),
          ]}
        />
        {unit && (
          <Select
            label={t('units.form.head')}
            hint={t('units.form.headHint')}
            value={head}
            onChange={(e) => setHead(e.target.value)}
            options={[
              { value: '', label: t('units.form.noHead') },
              ...(members.data?.items ?? []).map((u) => ({ value: u.id, label: u.fullName })),
            ]}
          />
        )}
      </div>
    </Dialog>
  );
}
