import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { PasswordField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toast';
import { useServerFieldErrors } from '../../lib/form-errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useValidationText } from '../../lib/useValidationText';
import { validatePasswordChange, type FormErrors, type PasswordChangeValues } from '../../lib/validation';
import { authApi } from './auth.api';
import { useAuth, useMe } from './auth.context';

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
        </section>
        <ChangePasswordForm />
      </div>
    </>
  );
}

function ChangePasswordForm(): ReactElement {
  const { t } = useTranslation();
  const { refresh } = useAuth();
  const { user } = useMe();
  const toast = useToast();
  const message = useValidationText();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FormErrors<keyof PasswordChangeValues>>({});
  const server = useServerFieldErrors<'currentPassword' | 'newPassword'>(
    ['currentPassword', 'newPassword'],
    t,
  );
  const [busy, setBusy] = useState(false);

  const set = (field: keyof PasswordChangeValues) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validatePasswordChange(values);
    setErrors(found);
    server.clear();
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await authApi.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      setValues(EMPTY);
      toast.show('success', t('account.changed'));
      await refresh();
    } catch (e) {
      server.fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 className="panel__title" id="password-title">
        {t('account.changePassword')}
      </h2>
      {user.mustChangePassword && <Alert kind="warning">{t('mustChange.banner')}</Alert>}
      <form
        className="form"
        onSubmit={(e) => void submit(e)}
        noValidate
        ref={(el) => {
          server.scope.current = el;
        }}
      >
        {server.general && <Alert kind="error">{server.general}</Alert>}
        <PasswordField
          label={t('account.currentPassword')}
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={(e) => set('currentPassword')(e.target.value)}
          error={message(errors.currentPassword) ?? server.errors.currentPassword}
        />
        <PasswordField
          label={t('account.newPassword')}
          autoComplete="new-password"
          hint={t('account.newPasswordHint')}
          value={values.newPassword}
          onChange={(e) => set('newPassword')(e.target.value)}
          error={message(errors.newPassword) ?? server.errors.newPassword}
        />
        <PasswordField
          label={t('account.confirmPassword')}
          autoComplete="new-password"
          value={values.confirmPassword}
          onChange={(e) => set('confirmPassword')(e.target.value)}
          error={message(errors.confirmPassword)}
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
