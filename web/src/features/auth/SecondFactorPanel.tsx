import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { SecondFactorSetup } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { setServerIssues, useZodForm } from '../../lib/form';
import { authApi } from './auth.api';
import { useAuth, useMe } from './auth.context';

const ConfirmForm = z.object({ code: z.string().trim().min(1) });

/**
 * "Xác thực hai bước" on my account page: status, enrolment (QR code, manual key, a first code to
 * confirm) and the recovery codes, shown once.
 */
export function SecondFactorPanel(): ReactElement {
  const { t } = useTranslation();
  const { secondFactor } = useMe();
  const { refresh } = useAuth();
  const [setup, setSetup] = useState<SecondFactorSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { register, handleSubmit, setError: setFieldError, errorOf } = useZodForm(ConfirmForm, { code: '' });
  // Once confirmed it is on, even before "I have saved the codes" re-reads my account.
  const enabled = secondFactor.enabled || codes !== null;

  const start = async () => {
    setError(null);
    setBusy(true);
    try {
      setSetup(await authApi.secondFactorSetup());
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const confirm = handleSubmit(async ({ code }) => {
    setError(null);
    setBusy(true);
    try {
      const result = await authApi.secondFactorConfirm(code);
      setSetup(null);
      setCodes(result.recoveryCodes);
    } catch (e) {
      if (e instanceof ApiError && setServerIssues(setFieldError, e.issues, ['code'])) return;
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  });

  const done = async () => {
    setCodes(null);
    await refresh();
  };

  return (
    <section className="panel" aria-labelledby="second-factor-title">
      <h2 className="panel__title" id="second-factor-title">
        {t('secondFactor.title')}{' '}
        <Badge tone={enabled ? 'green' : 'neutral'}>
          {enabled ? t('secondFactor.on') : t('secondFactor.off')}
        </Badge>
      </h2>
      {secondFactor.required && !enabled && <Alert kind="warning">{t('secondFactor.requiredBanner')}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}

      {codes ? (
        <div className="form" data-testid="recovery-codes">
          <Alert kind="success">{t('secondFactor.enabled')}</Alert>
          <p>{t('secondFactor.recoveryIntro')}</p>
          <ol className="recovery-codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <div className="form__actions">
            <Button variant="primary" onClick={() => void done()}>
              {t('secondFactor.savedCodes')}
            </Button>
          </div>
        </div>
      ) : setup ? (
        <form className="form" onSubmit={(e) => void confirm(e)} noValidate>
          <ol className="steps">
            <li>{t('secondFactor.step1')}</li>
            <li>{t('secondFactor.step2')}</li>
          </ol>
          <img
            className="qr-code"
            src={setup.qrDataUrl}
            width={220}
            height={220}
            alt={t('secondFactor.qrAlt')}
          />
          <p>
            {t('secondFactor.manualKey')} <code data-testid="totp-secret">{setup.secret}</code>
          </p>
          <TextField
            label={t('secondFactor.firstCode')}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={8}
            {...register('code')}
            error={errorOf('code')}
          />
          <div className="form__actions">
            <Button type="button" onClick={() => setSetup(null)} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="primary" busy={busy}>
              {t('secondFactor.confirm')}
            </Button>
          </div>
        </form>
      ) : secondFactor.enabled ? (
        <p>{t('secondFactor.enabledText', { count: secondFactor.recoveryCodesLeft })}</p>
      ) : (
        <div className="form">
          <p>{t('secondFactor.intro')}</p>
          <div className="form__actions">
            <Button variant="primary" icon="key" busy={busy} onClick={() => void start()}>
              {t('secondFactor.start')}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
