import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Me, SecondFactorChallenge } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { ApiError } from '../../lib/api';
import { minutesToWait } from '../../lib/api-error';
import { errorText } from '../../lib/errors';
import { setServerIssues, useZodForm } from '../../lib/form';
import { authApi } from './auth.api';

/** The code step's form: the server checks the code itself (a TOTP or a recovery code). */
const CodeForm = z.object({ code: z.string().trim().min(1) });

/** The second sign-in step: the 6-digit code from the authenticator app, or a recovery code. */
export function SecondFactorStep({
  challenge,
  onSignedIn,
  onBack,
}: {
  challenge: SecondFactorChallenge;
  onSignedIn: (me: Me) => void;
  onBack: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const {
    register,
    handleSubmit,
    setError: setFieldError,
    errorOf,
    resetField,
  } = useZodForm(CodeForm, {
    code: '',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recovery, setRecovery] = useState(false);

  const submit = handleSubmit(async ({ code }) => {
    setError(null);
    setBusy(true);
    try {
      onSignedIn(await authApi.loginSecondFactor({ pendingToken: challenge.pendingToken, code }));
    } catch (e) {
      resetField('code');
      if (e instanceof ApiError && e.code === 'rate_limited') {
        setError(t('login.locked', { count: minutesToWait(e.retryAfterSeconds) }));
      } else if (e instanceof ApiError && e.code === 'unauthorized') {
        // The pending step ran out: back to the password.
        setError(errorText(e, t));
      } else {
        if (e instanceof ApiError && setServerIssues(setFieldError, e.issues, ['code'])) return;
        setError(errorText(e, t));
      }
    } finally {
      setBusy(false);
    }
  });

  return (
    <form className="login__form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="code-title">
      <h1 id="code-title" className="login__title">
        {t('secondFactor.login.title')}
      </h1>
      <p className="login__subtitle">
        {recovery ? t('secondFactor.login.recoveryHint') : t('secondFactor.login.hint')}
      </p>
      {error && <Alert kind="error">{error}</Alert>}
      <TextField
        key={recovery ? 'recovery' : 'totp'}
        label={recovery ? t('secondFactor.login.recoveryCode') : t('secondFactor.login.code')}
        autoComplete="one-time-code"
        inputMode={recovery ? 'text' : 'numeric'}
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        autoFocus
        maxLength={recovery ? 20 : 8}
        {...register('code')}
        error={errorOf('code')}
      />
      <Button type="submit" variant="primary" className="btn--block" busy={busy}>
        {busy ? t('login.submitting') : t('secondFactor.login.submit')}
      </Button>
      <Button type="button" className="btn--block" onClick={() => setRecovery((r) => !r)} disabled={busy}>
        {recovery ? t('secondFactor.login.useApp') : t('secondFactor.login.useRecovery')}
      </Button>
      <Button type="button" className="btn--block" onClick={onBack} disabled={busy}>
        {t('secondFactor.login.back')}
      </Button>
    </form>
  );
}
