import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { SecuritySettings, SystemRole, type SecuritySettingsView } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { setServerIssues, useZodForm } from '../../lib/form';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { forgetPasswordRules, settingsApi } from './settings.api';

const CHECKS = ['passwordBlockCommon', 'passwordBlockPersonal', 'passwordBlockSequences'] as const;
const CHECK_LABELS = {
  passwordBlockCommon: 'security.blockCommon',
  passwordBlockPersonal: 'security.blockPersonal',
  passwordBlockSequences: 'security.blockSequences',
} as const;

/** Cài đặt hệ thống → Bảo mật: the password policy and the roles that must use two-step sign-in. */
export function SecuritySection(): ReactElement {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => settingsApi.security(signal), []);
  const view = useResource(load);
  return (
    <>
      <p className="muted">{t('security.subtitle')}</p>
      {view.status === 'error' ? (
        <ErrorState error={view.error} onRetry={view.reload} />
      ) : !view.data ? (
        <Spinner label={t('common.loading')} />
      ) : (
        <SettingsForm initial={view.data} />
      )}
    </>
  );
}

function SettingsForm({ initial }: { initial: SecuritySettingsView }): ReactElement {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [view, setView] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const {
    register,
    handleSubmit,
    reset,
    setError: setFieldError,
    errorOf,
  } = useZodForm(SecuritySettings, initial.settings);
  useEffect(() => reset(view.settings), [reset, view]);
  // The schema's own codes (`settings_min_length`) become the catalogue's sentences.
  const fieldError = (name: 'passwordMinLength' | 'passwordHistory' | 'twoFactorRoles') => {
    const message = errorOf(name);
    const key = `security.errors.${message ?? ''}`;
    return message && i18n.exists(key) ? (i18n.t as (k: string) => string)(key) : message;
  };

  const save = async (settings: SecuritySettings) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await settingsApi.saveSecurity({ ...settings, version: view.version });
      forgetPasswordRules();
      setView(saved);
      toast.show('success', t('security.saved'));
    } catch (e) {
      if (e instanceof ApiError)
        setServerIssues(setFieldError, e.issues, ['passwordMinLength', 'passwordHistory', 'twoFactorRoles']);
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void handleSubmit(save)(e)} noValidate>
      {error && <Alert kind="error">{error}</Alert>}
      <section className="panel" aria-labelledby="password-policy">
        <h2 className="panel__title" id="password-policy">
          {t('security.passwordTitle')}
        </h2>
        <div className="grid-2">
          <TextField
            label={t('security.minLength')}
            type="number"
            inputMode="numeric"
            hint={t('security.minLengthHint')}
            {...register('passwordMinLength', { valueAsNumber: true })}
            error={fieldError('passwordMinLength')}
          />
          <TextField
            label={t('security.history')}
            type="number"
            inputMode="numeric"
            hint={t('security.historyHint')}
            {...register('passwordHistory', { valueAsNumber: true })}
            error={fieldError('passwordHistory')}
          />
        </div>
        <div className="checks">
          {CHECKS.map((name) => (
            <label key={name} className="checkbox">
              <input type="checkbox" {...register(name)} />
              <span>{t(CHECK_LABELS[name])}</span>
            </label>
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby="two-factor-roles">
        <h2 className="panel__title" id="two-factor-roles">
          {t('security.twoFactorTitle')}
        </h2>
        <p className="muted">{t('security.twoFactorHint')}</p>
        <div className="checks" role="group" aria-labelledby="two-factor-roles">
          {SystemRole.options.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" value={role} {...register('twoFactorRoles')} />
              <span>{t(`security.roles.${role}`)}</span>
            </label>
          ))}
        </div>
        {fieldError('twoFactorRoles') && <Alert kind="error">{fieldError('twoFactorRoles')}</Alert>}
      </section>
      <p className="muted">
        {view.updatedAt
          ? t('security.lastChanged', { at: formatDateTime(view.updatedAt, currentLanguage()) })
          : t('security.neverChanged')}
      </p>
      <div className="form__actions">
        <Button type="submit" variant="primary" icon="shield" busy={busy}>
          {t('security.save')}
        </Button>
      </div>
    </form>
  );
}
