import { useCallback, useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DeviceHome } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Emblem } from '../../components/Emblem';
import { TextField } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Spinner } from '../../components/Spinner';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useAuth } from '../auth/auth.context';
import { forgetDevice, readDevice } from './device-credential';
import { devicesApi } from './devices.api';
import './kiosk.css';

type Load =
  | { kind: 'loading' }
  | { kind: 'ready'; home: DeviceHome }
  | { kind: 'revoked'; message: string }
  | { kind: 'failed'; message: string };

/**
 * A paired tablet's start screen (`/tablet`): its room and seat, the room's meeting and the
 * delegate seated there, who signs in with their PIN and lands in the meeting room. A revoked
 * or unknown credential is forgotten and the tablet offers to pair again.
 */
export function TabletPage(): ReactElement {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { refresh } = useAuth();
  const stored = readDevice();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [pin, setPin] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lang = currentLanguage();

  const reload = useCallback(
    (signal?: AbortSignal) => {
      if (!stored) return;
      devicesApi.home(stored.token, signal).then(
        (home) => setLoad({ kind: 'ready', home }),
        (e: unknown) => {
          if (signal?.aborted) return;
          if (e instanceof ApiError && e.code === 'unauthorized') {
            void forgetDevice();
            setLoad({ kind: 'revoked', message: e.message });
          } else setLoad({ kind: 'failed', message: errorText(e, t) });
        },
      );
    },
    [stored, t],
  );
  useEffect(() => {
    const aborter = new AbortController();
    reload(aborter.signal);
    return () => aborter.abort();
    // Once per visit: `stored` is read from storage on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!stored && load.kind !== 'revoked') return <Navigate to="/pair" replace />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (load.kind !== 'ready' || !load.home.delegate || !load.home.meeting || !stored) return;
    setFieldError(undefined);
    setError(null);
    if (!/^\d{4,8}$/.test(pin)) {
      setFieldError(t('tablet.pinFormat'));
      return;
    }
    setBusy(true);
    try {
      await devicesApi.pinLogin(stored.token, { userId: load.home.delegate.id, pin });
      await refresh();
      void navigate(`/meetings/${load.home.meeting.id}/room`, { replace: true });
    } catch (e) {
      setPin('');
      // The server's words name the tries left or the time to wait.
      setError(e instanceof ApiError ? e.message : errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const home = load.kind === 'ready' ? load.home : null;
  return (
    <div className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <div className="login__brand">
        <Emblem size={72} />
        <p className="login__org">{t('app.organisation')}</p>
        <p className="login__name">{t('app.name')}</p>
        {home && (
          <p className="login__tagline tablet__place">
            {t('tablet.place', { room: home.device.room, seat: home.device.seatLabel })}
          </p>
        )}
      </div>
      <main className="login__panel">
        <section className="login__form" aria-labelledby="tablet-title">
          {load.kind === 'loading' && <Spinner label={t('tablet.loading')} />}
          {load.kind === 'revoked' && (
            <>
              <h1 id="tablet-title" className="login__title">
                {t('tablet.revokedTitle')}
              </h1>
              <Alert kind="error">{load.message}</Alert>
              <Link className="btn btn--primary btn--block" to="/pair">
                {t('tablet.pairAgain')}
              </Link>
            </>
          )}
          {load.kind === 'failed' && (
            <>
              <h1 id="tablet-title" className="login__title">
                {t('tablet.title')}
              </h1>
              <Alert kind="error">{load.message}</Alert>
              <Button variant="primary" className="btn--block" onClick={() => reload()}>
                {t('common.retry')}
              </Button>
            </>
          )}
          {home && !home.meeting && (
            <>
              <h1 id="tablet-title" className="login__title">
                {t('tablet.title')}
              </h1>
              <Alert kind="info">{t('tablet.noMeeting')}</Alert>
              <Button variant="secondary" className="btn--block" onClick={() => reload()}>
                {t('common.retry')}
              </Button>
            </>
          )}
          {home?.meeting && (
            <>
              <h1 id="tablet-title" className="login__title">
                {home.meeting.title}
              </h1>
              <p className="login__subtitle">
                {t('tablet.when', { time: formatDateTime(home.meeting.startsAt, lang) })}
              </p>
              {home.delegate ? (
                <form onSubmit={(e) => void submit(e)} noValidate className="tablet__pin" aria-busy={busy}>
                  <p className="tablet__delegate">
                    <strong>{home.delegate.fullName}</strong>
                    {home.delegate.title && <span className="muted"> · {home.delegate.title}</span>}
                  </p>
                  {!home.delegate.hasPin && <Alert kind="info">{t('tablet.noPin')}</Alert>}
                  {error && <Alert kind="error">{error}</Alert>}
                  <TextField
                    label={t('tablet.pin')}
                    name="pin"
                    type="password"
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={8}
                    value={pin}
                    onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
                    error={fieldError}
                    hint={t('tablet.pinHint')}
                  />
                  <Button type="submit" variant="primary" className="btn--block" busy={busy}>
                    {t('tablet.signIn')}
                  </Button>
                </form>
              ) : (
                <Alert kind="info">{t('tablet.noDelegate')}</Alert>
              )}
            </>
          )}
          <p className="login__help">
            <Link to="/login">{t('tablet.withPassword')}</Link>
          </p>
        </section>
      </main>
    </div>
  );
}
