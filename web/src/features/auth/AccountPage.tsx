import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { PasswordField } from '../../components/Field';
import { PasswordStrength } from '../../components/PasswordStrength';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toast';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { refineWith, setServerIssues, useZodForm } from '../../lib/form';
import { validatePasswordChange, type PasswordChangeValues } from '../../lib/validation';
import { authApi } from './auth.api';
import { useAuth, useMe } from './auth.context';
import { SecondFactorPanel } from './SecondFactorPanel';

const EMPTY: PasswordChangeValues = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** The signed-in user's own details and the change-password form. */
export function AccountPage(): ReactElement {
  const { t } = useTranslation();
  const { user, unit } = useMe();
  const lang = currentLanguage();
  const none = t('common.none');

  const rows: [string, string][] = [
    [t('account.fullName'), user.fullName],
    [t('account.username'), user.username],
    [t('account.jobTitle'), user.title ?? none],
    [t('account.unit'), unit?.name ?? t('home.noUnit')],
    [t('account.email'), user.email ?? none],
    [t('account.phone'), user.phone ?? none],
    [t('account.lastLogin'), user.lastLoginAt ? formatDateTime(user.lastLoginAt, lang) : none],
  ];

  return (
    <>
      <PageHeader title={t('account.title')} />
      <div className="grid-2">
        <section className="panel" aria-labelledby="profile-title">
          <h2 className="panel__title" id="profile-title">
            {t('account.profile')}
          </h2>
          <dl className="details">
            {rows.map(([label, value]) => (
              <div key={label} className="details__row">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
            <div className="details__row">
              <dt>{t('account.role')}</dt>
              <dd>
                <Badge tone={user.systemRole === 'admin' ? 'red' : 'blue'}>
                  {t(`roles.${user.systemRole}`)}
                </Badge>
              </dd>
            </div>
          </dl>
          <p className="muted">{t('account.profileHint')}</p>
          <p>
            <Link className="btn btn--secondary" to="/signatures/verify">
              {t('signatures.title')}
            </Link>
          </p>
        </section>
        <ChangePasswordForm />
        <SecondFactorPanel />
      </div>
    </>
  );
}

/** The change-password form; its rules (the shared NewPassword, then same/mismatch) are `validatePasswordChange`. */
export const PasswordChangeForm = z
  .object({ currentPassword: z.string(), newPassword: z.string(), confirmPassword: z.string() })
  .superRefine(refineWith(validatePasswordChange));

function ChangePasswordForm(): ReactElement {
  const { t } = useTranslation();
  const { refresh } = useAuth();
  const { user } = useMe();
  const toast = useToast();
  const {
    register,
    handleSubmit,
    reset,
    setError: setFieldError,
    errorOf,
    watch,
  } = useZodForm(PasswordChangeForm, EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (values: PasswordChangeValues) => {
    setError(null);
    setBusy(true);
    try {
      await authApi.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      reset(EMPTY);
      toast.show('success', t('account.changed'));
      await refresh();
    } catch (e) {
      if (e instanceof ApiError) setServerIssues(setFieldError, e.issues, ['currentPassword', 'newPassword']);
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const submit = handleSubmit(save);

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 className="panel__title" id="password-title">
        {t('account.changePassword')}
      </h2>
      {user.mustChangePassword && <Alert kind="warning">{t('mustChange.banner')}</Alert>}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {error && <Alert kind="error">{error}</Alert>}
        <PasswordField
          label={t('account.currentPassword')}
          autoComplete="current-password"
          {...register('currentPassword')}
          error={errorOf('currentPassword')}
        />
        <PasswordField
          label={t('account.newPassword')}
          autoComplete="new-password"
          hint={t('account.newPasswordHint')}
          {...register('newPassword')}
          error={errorOf('newPassword')}
        />
        <PasswordStrength
          password={watch('newPassword')}
          owner={{ username: user.username, fullName: user.fullName, email: user.email }}
        />
        <PasswordField
          label={t('account.confirmPassword')}
          autoComplete="new-password"
          {...register('confirmPassword')}
          error={errorOf('confirmPassword')}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" icon="key" busy={busy}>
            {busy ? t('common.saving') : t('account.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
