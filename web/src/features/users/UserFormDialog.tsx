import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemRole, Unit, User, UserWithSecret } from '@icabinet/shared';
import { SystemRole as SystemRoles } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { PasswordField, Select, TextField } from '../../components/Field';
import { PasswordStrength } from '../../components/PasswordStrength';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { setServerIssues, useZodForm } from '../../lib/form';
import { unitOptions } from '../units/unit-tree';
import {
  emptyUserForm,
  toCreateBody,
  toUpdateBody,
  userFormSchema,
  userToForm,
  type UserFormField,
  type UserFormValues,
} from './user-form';
import { usersApi } from './users.api';
import { UserSessions } from './UserSessions';

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
export type AccountAction = 'resetPassword' | 'resetSecondFactor' | 'deactivate' | 'reactivate';

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
  const mode = user ? 'edit' : 'create';
  const form = useZodForm(userFormSchema(mode), user ? userToForm(user) : emptyUserForm());
  const { register, handleSubmit, getValues, watch, setError: setFieldError, errorOf } = form;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    // The bodies are built from the inputs as typed (trimmed, empty → null) by the same helpers as before.
    const values: UserFormValues = getValues();
    setError(null);
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
      if (e instanceof ApiError) setServerIssues(setFieldError, e.issues, USER_FIELDS);
      setError(errorText(e, t));
      setBusy(false);
    }
  };
  const submit = handleSubmit(save, () => setError(t('validation.fixErrors')));
  const systemRole = watch('systemRole') ?? 'member';

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
              <Button icon="key" disabled={busy} onClick={() => onAccountAction('resetSecondFactor', user)}>
                {t('users.actions.resetSecondFactor')}
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
      {error && <Alert kind="error">{error}</Alert>}
      <div className="form-grid">
        <TextField
          label={t('users.form.fullName')}
          {...register('fullName')}
          error={errorOf('fullName')}
          autoComplete="off"
          autoFocus={!user}
        />
        <TextField
          label={t('users.form.username')}
          {...register('username')}
          error={errorOf('username')}
          hint={user ? undefined : t('users.form.usernameHint')}
          readOnly={Boolean(user)}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          label={t('users.form.title')}
          {...register('title')}
          error={errorOf('title')}
          placeholder={t('users.form.titlePlaceholder')}
          optional
        />
        <Select
          label={t('users.form.unit')}
          {...register('unitId')}
          error={errorOf('unitId')}
          options={[
            { value: '', label: t('users.form.noUnit') },
            ...unitOptions(units, user?.unitId ?? null),
          ]}
        />
        <TextField
          label={t('users.form.email')}
          type="email"
          inputMode="email"
          {...register('email')}
          error={errorOf('email')}
          autoCapitalize="off"
          optional
        />
        <TextField
          label={t('users.form.phone')}
          type="tel"
          inputMode="tel"
          {...register('phone')}
          error={errorOf('phone')}
          optional
        />
        <Select
          label={t('users.form.role')}
          {...register('systemRole')}
          error={errorOf('systemRole')}
          hint={t(`users.form.roleHint.${systemRole}`)}
          options={roleOptions}
          disabled={isSelf}
        />
        {!user && (
          <PasswordField
            label={t('users.form.password')}
            {...register('password')}
            error={errorOf('password')}
            hint={t('users.form.passwordHint')}
            autoComplete="new-password"
            optional
          />
        )}
        {!user && (
          <PasswordStrength
            password={watch('password') ?? ''}
            owner={{ username: watch('username'), fullName: watch('fullName'), email: watch('email') }}
          />
        )}
      </div>
      {user && <UserSessions userId={user.id} />}
    </Dialog>
  );
}
