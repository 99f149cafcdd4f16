import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit, UnitUpdateInput } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Select, TextField } from '../../components/Field';
import { useServerFieldErrors } from '../../lib/form-errors';
import { useValidationText } from '../../lib/useValidationText';
import { checkText, checkUnitCode, compact, type FormErrors } from '../../lib/validation';
import { subtreeIds, unitOptions } from './unit-tree';
import { unitsApi } from './units.api';

interface UnitFormValues {
  code: string;
  name: string;
  parentId: string;
}
type UnitField = keyof UnitFormValues;

/** Validates the unit form with the shared rules. */
export function validateUnitForm(v: UnitFormValues): FormErrors<UnitField> {
  return compact<UnitField>({
    code: checkUnitCode(v.code),
    name: checkText(v.name, 200),
    parentId: undefined,
  });
}

/** The PATCH body for a unit: changed fields only, plus the version the editor saw. */
export function unitUpdateBody(unit: Unit, v: UnitFormValues): UnitUpdateInput {
  const body: UnitUpdateInput = { version: unit.version };
  const code = v.code.trim().toUpperCase();
  if (code !== unit.code) body.code = code;
  if (v.name.trim() !== unit.name) body.name = v.name.trim();
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
  const message = useValidationText();
  const [values, setValues] = useState<UnitFormValues>({
    code: unit?.code ?? '',
    name: unit?.name ?? '',
    parentId: unit?.parentId ?? '',
  });
  const [errors, setErrors] = useState<FormErrors<UnitField>>({});
  const server = useServerFieldErrors<UnitField>(['code', 'name', 'parentId'], t);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: UnitField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    server.clear(field);
  };
  const fieldError = (field: UnitField) => message(errors[field]) ?? server.errors[field];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateUnitForm(values);
    setErrors(found);
    server.clear();
    setError(null);
    if (Object.keys(found).length > 0) {
      setError(t('validation.fixErrors'));
      return;
    }
    setBusy(true);
    try {
      const saved = unit
        ? await unitsApi.update(unit.id, unitUpdateBody(unit, values))
        : await unitsApi.create({
            code: values.code.trim().toUpperCase(),
            name: values.name.trim(),
            parentId: values.parentId === '' ? null : values.parentId,
          });
      onSaved(saved.unit, !unit);
    } catch (e) {
      server.fail(e);
      setBusy(false);
    }
  };

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
      {(error ?? server.general) && <Alert kind="error">{error ?? server.general}</Alert>}
      <div
        className="form"
        ref={(el) => {
          server.scope.current = el;
        }}
      >
        <TextField
          label={t('units.form.name')}
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
          error={fieldError('name')}
          placeholder={t('units.form.namePlaceholder')}
          autoFocus={!unit}
          autoComplete="off"
        />
        <TextField
          label={t('units.form.code')}
          value={values.code}
          onChange={(e) => set('code', e.target.value)}
          error={fieldError('code')}
          hint={t('units.form.codeHint')}
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          autoComplete="off"
        />
        <Select
          label={t('units.form.parent')}
          value={values.parentId}
          onChange={(e) => set('parentId', e.target.value)}
          error={fieldError('parentId')}
          options={[
            { value: '', label: t('units.form.noParent') },
            ...unitOptions(units, unit?.parentId ?? null, exclude),
          ]}
        />
      </div>
    </Dialog>
  );
}
