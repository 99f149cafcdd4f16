import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemRole, Unit, User, UserWithSecret } from '@icabinet/shared';
import { SystemRole as SystemRoles } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { PasswordField, Select, TextField } from '../../components/Field';
import { ApiError } from '../../lib/api';
import { useServerFieldErrors } from '../../lib/form-errors';
import { useValidationText } from '../../lib/useValidationText';
import type { FormErrors } from '../../lib/validation';
import { unitOptions } from '../units/unit-tree';
import {
  emptyUserForm,
  toCreateBody,
  toUpdateBody,
  userToForm,
  validateUserForm,
  type UserFormField,
  type UserFormValues,
} from './user-form';
import { usersApi } from './users.api';

const USER_FIELDS: readonly UserFormField[] = [
  'username',
  'fullName',
  'title',
  'unitId',
  'email',
  'phone',
  'systemRole',
  'password',
];

/** What the admin can do to an account from its edit dialog. */
export type AccountAction = 'resetPassword' | 'deactivate' | 'reactivate';

export interface UserFormDialogProps {
  /** The user to edit; absent to create one. */
  user?: User;
  units: readonly Unit[];
  /** The signed-in admin, who may not lock themself out. */
  selfId: string;
  onClose: () => void;
  onSaved: (result: UserWithSecret, created: boolean) => void;
  /** Someone else changed the user meanwhile: the page reloads it instead of leaving a dead end. */
  onConflict: () => void;
  onAccountAction: (action: AccountAction, user: User) => void;
}

/** Creates a user or edits one; account actions (reset, deactivate) sit in the same dialog. */
export function UserFormDialog({
  user,
  units,
  selfId,
  onClose,
  onSaved,
  onConflict,
  onAccountAction,
}: UserFormDialogProps): ReactElement {
  const { t } = useTranslation();
  const message = useValidationText();
  const mode = user ? 'edit' : 'create';
  const [values, setValues] = useState<UserFormValues>(() => (user ? userToForm(user) : emptyUserForm()));
  const [errors, setErrors] = useState<FormErrors<UserFormField>>({});
  const server = useServerFieldErrors<UserFormField>(USER_FIELDS, t);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <F extends UserFormField>(field: F, value: UserFormValues[F]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    server.clear(field);
  };
  const fieldError = (field: UserFormField) => message(errors[field]) ?? server.errors[field];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateUserForm(values, mode);
    setErrors(found);
    server.clear();
    setError(null);
    if (Object.keys(found).length > 0) {
      setError(t('validation.fixErrors'));
      return;
    }
    setBusy(true);
    try {
      const result = user
        ? await usersApi.update(user.id, toUpdateBody(user, values))
        : await usersApi.create(toCreateBody(values));
      onSaved(result, !user);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict' && user) {
        onConflict();
        return;
      }
      // Each issue next to its field (focused); only what fits no field goes to the banner.
      server.fail(e);
      setBusy(false);
    }
  };

  const roleOptions = SystemRoles.options.map((role: SystemRole) => ({
    value: role,
    label: t(`roles.${role}`),
  }));
  const isSelf = user?.id === selfId;

  return (
    <Dialog
      title={user ? t('users.form.editTitle') : t('users.form.createTitle')}
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      busy={busy}
      size="large"
      footer={
        <>
          {user && (
            <div className="dialog__footer-start">
              <Button icon="key" disabled={busy} onClick={() => onAccountAction('resetPassword', user)}>
                {t('users.actions.resetPassword')}
              </Button>
              {user.active ? (
                <Button
                  icon="lock"
                  variant="danger"
                  disabled={busy || isSelf}
                  onClick={() => onAccountAction('deactivate', user)}
                >
                  {t('users.actions.deactivate')}
                </Button>
              ) : (
                <Button icon="unlock" disabled={busy} onClick={() => onAccountAction('reactivate', user)}>
                  {t('users.actions.reactivate')}
                </Button>
              )}
            </div>
          )}
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            {busy ? t('common.saving') : user ? t('common.save') : t('users.form.submitCreate')}
          </Button>
        </>
      }
    >
      {(error ?? server.general) && <Alert kind="error">{error ?? server.general}</Alert>}
      <div
        className="form-grid"
        ref={(el) => {
          server.scope.current = el;
        }}
      >
        <TextField
          label={t('users.form.fullName')}
          value={values.fullName}
          onChange={(e) => set('fullName', e.target.value)}
          error={fieldError('fullName')}
          autoComplete="off"
          autoFocus={!user}
        />
        <TextField
          label={t('users.form.username')}
          value={values.username}
          onChange={(e) => set('username', e.target.value)}
          error={fieldError('username')}
          hint={user ? undefined : t('users.form.usernameHint')}
          readOnly={Boolean(user)}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          label={t('users.form.title')}
          value={values.title}
          onChange={(e) => set('title', e.target.value)}
          error={fieldError('title')}
          placeholder={t('users.form.titlePlaceholder')}
          optional
        />
        <Select
          label={t('users.form.unit')}
          value={values.unitId}
          onChange={(e) => set('unitId', e.target.value)}
          error={fieldError('unitId')}
          options={[
            { value: '', label: t('users.form.noUnit') },
            ...unitOptions(units, user?.unitId ?? null),
          ]}
        />
        <TextField
          label={t('users.form.email')}
          type="email"
          inputMode="email"
          value={values.email}
          onChange={(e) => set('email', e.target.value)}
          error={fieldError('email')}
          autoCapitalize="off"
          optional
        />
        <TextField
          label={t('users.form.phone')}
          type="tel"
          inputMode="tel"
          value={values.phone}
          onChange={(e) => set('phone', e.target.value)}
          error={fieldError('phone')}
          optional
        />
        <Select
          label={t('users.form.role')}
          value={values.systemRole}
          onChange={(e) => set('systemRole', e.target.value as SystemRole)}
          error={fieldError('systemRole')}
          hint={t(`users.form.roleHint.${values.systemRole}`)}
          options={roleOptions}
          disabled={isSelf}
        />
        {!user && (
          <PasswordField
            label={t('users.form.password')}
            value={values.password}
            onChange={(e) => set('password', e.target.value)}
            error={fieldError('password')}
            hint={t('users.form.passwordHint')}
            autoComplete="new-password"
            optional
          />
        )}
      </div>
    </Dialog>
  );
}
