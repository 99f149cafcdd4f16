import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { PasswordField } from '../../components/Field';
import { useToast } from '../../components/Toast';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { devicesApi } from './devices.api';

type Errors = Partial<Record<'pin' | 'currentPassword', string>>;

/** "Tài khoản của tôi": set or remove one's quick sign-in PIN for the meeting-room tablets. */
export function PinPanel(): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const [pin, setPin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = (e: unknown) => {
    if (e instanceof ApiError) {
      const next: Errors = {};
      for (const i of e.issues)
        if (i.path === 'pin' || i.path === 'currentPassword') next[i.path] = i.message;
      setErrors(next);
    }
    setError(errorText(e, t));
  };

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setErrors({});
    setError(null);
    setBusy(true);
    try {
      await devicesApi.setPin({ pin, currentPassword: password });
      setPin('');
      setPassword('');
      toast.show('success', t('pin.saved'));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const clear = async () => {
    setError(null);
    try {
      await devicesApi.clearPin();
      toast.show('success', t('pin.cleared'));
    } catch (e) {
      fail(e);
    }
  };

  return (
    <section className="panel" aria-labelledby="pin-title">
      <h2 className="panel__title" id="pin-title">
        {t('pin.title')}
      </h2>
      <p className="muted">{t('pin.hint')}</p>
      <form className="form" onSubmit={(e) => void save(e)} noValidate>
        {error && <Alert kind="error">{error}</Alert>}
        <PasswordField
          label={t('pin.pin')}
          name="pin"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          error={errors.pin}
        />
        <PasswordField
          label={t('pin.currentPassword')}
          name="pinPassword"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.currentPassword}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" icon="key" busy={busy}>
            {t('pin.save')}
          </Button>
          <Button variant="secondary" onClick={() => void clear()}>
            {t('pin.clear')}
          </Button>
        </div>
      </form>
    </section>
  );
}
