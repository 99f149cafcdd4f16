import { useState, type FormEvent, type ReactElement } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { PasswordField, TextField } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Emblem } from '../../components/Emblem';
import { ApiError } from '../../lib/api';
import { minutesToWait } from '../../lib/api-error';
import { errorText } from '../../lib/errors';
import { desktopBridge } from '../../lib/bridge';
import { needsSecondFactor, type SecondFactorChallenge } from '@icabinet/shared';
import { useAuth } from './auth.context';
import { authApi } from './auth.api';
import { SecondFactorStep } from './SecondFactorStep';

/** Where RequireAuth sends a signed-out visitor, remembering where they were going. */
export interface LoginLocationState {
  from?: string;
  expired?: boolean;
}

function readState(state: unknown): LoginLocationState {
  if (typeof state !== 'object' || state === null) return {};
  const s = state as Record<string, unknown>;
  return {
    from:
      typeof s.from === 'string' && s.from.startsWith('/') && !s.from.startsWith('//') ? s.from : undefined,
    expired: s.expired === true,
  };
}

/** The sign-in page: Vietnamese by default, with the language switch in reach before signing in. */
export function LoginPage(): ReactElement {
  const { t } = useTranslation();
  const { state, signedIn } = useAuth();
  const location = useLocation();
  const { from, expired } = readState(location.state);

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(null);

  if (state.status === 'signedIn') {
    const { secondFactor, user } = state.me;
    const mustEnrol = secondFactor.required && !secondFactor.enabled;
    const target = user.mustChangePassword || mustEnrol ? '/account' : (from ?? '/');
    return <Navigate to={target} replace />;
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors = {
      username: username.trim() === '' ? t('validation.required') : undefined,
      password: password === '' ? t('validation.required') : undefined,
    };
    setFieldErrors(errors);
    setError(null);
    if (errors.username || errors.password) return;
    setBusy(true);
    try {
      const result = await authApi.login({ username: username.trim(), password });
      if (needsSecondFactor(result)) setChallenge(result);
      else signedIn(result);
    } catch (e) {
      setPassword('');
      if (e instanceof ApiError && e.code === 'rate_limited') {
        setError(t('login.locked', { count: minutesToWait(e.retryAfterSeconds) }));
      } else {
        setError(errorText(e, t));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <div className="login__brand">
        <Emblem size={72} />
        <p className="login__org">{t('app.organisation')}</p>
        <p className="login__name">{t('app.name')}</p>
        <p className="login__tagline">{t('app.tagline')}</p>
      </div>
      <main className="login__panel">
        {challenge ? (
          <SecondFactorStep
            challenge={challenge}
            onSignedIn={signedIn}
            onBack={() => {
              setChallenge(null);
              setPassword('');
            }}
          />
        ) : (
          <form
            className="login__form"
            onSubmit={(e) => void submit(e)}
            noValidate
            aria-labelledby="login-title"
          >
            <h1 id="login-title" className="login__title">
              {t('login.title')}
            </h1>
            <p className="login__subtitle">{t('login.subtitle')}</p>
            {expired && !error && <Alert kind="info">{t('login.sessionEnded')}</Alert>}
            {error && <Alert kind="error">{error}</Alert>}
            <TextField
              label={t('login.username')}
              name="username"
              autoComplete="username"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              error={fieldErrors.username}
            />
            <PasswordField
              label={t('login.password')}
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fieldErrors.password}
            />
            <Button type="submit" variant="primary" className="btn--block" busy={busy}>
              {busy ? t('login.submitting') : t('login.submit')}
            </Button>
            <p className="login__help">{t('login.help')}</p>
            {/* The desktop shell's bundled copy: the server may have moved (only this copy may save it). */}
            {desktopBridge() !== null && window.location.protocol === 'app:' && (
              <Link className="btn btn--ghost btn--block" to="/setup">
                {t('kioskSetup.change')}
              </Link>
            )}
          </form>
        )}
      </main>
    </div>
  );
}
