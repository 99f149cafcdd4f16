import { useEffect, useState, type ReactElement } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PairingStarted } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Emblem } from '../../components/Emblem';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Spinner } from '../../components/Spinner';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { serverBase } from '../../lib/server-base';
import { CodeQr } from './CodeQr';
import { readDevice, saveDevice } from './device-credential';
import { devicesApi } from './devices.api';
import './kiosk.css';

/** How often the tablet asks whether it has been paired. */
const POLL_MS = 2000;

/** "ABC DEF": a code read aloud or typed in two halves. */
export const spacedCode = (code: string): string => `${code.slice(0, 3)} ${code.slice(3)}`;

/**
 * A meeting-room tablet's pairing screen (`/pair`): shows a short code and its QR, and waits
 * until the secretariat pairs it on the fleet page; then keeps the device credential and opens
 * its room. An expired code is replaced by a new one by itself.
 */
export function PairingPage(): ReactElement {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [pairing, setPairing] = useState<PairingStarted | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const paired = readDevice();

  useEffect(() => {
    if (paired) return;
    let gone = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (started: PairingStarted) => {
      try {
        const claim = await devicesApi.claimPairing({ code: started.code, claimSecret: started.claimSecret });
        if (gone) return;
        setError(null);
        if (claim.status === 'paired') {
          // In the desktop shell the credential goes to the OS-encrypted store; refused there
          // (no keyring), the tablet says so rather than keep it in clear.
          const kept = await saveDevice({ token: claim.token, device: claim.device }).then(
            () => true,
            () => false,
          );
          if (gone) return;
          if (kept) void navigate('/tablet', { replace: true });
          else setError(t('pairing.storeFailed'));
          return;
        }
      } catch (e) {
        if (gone) return;
        // Expired or unknown: a new code; a network failure: keep trying with this one.
        if (e instanceof ApiError && (e.code === 'invalid_state' || e.code === 'not_found')) {
          setGeneration((g) => g + 1);
          return;
        }
        setError(errorText(e, t));
      }
      timer = setTimeout(() => void poll(started), POLL_MS);
    };
    devicesApi.startPairing().then(
      (started) => {
        if (gone) return;
        setPairing(started);
        setError(null);
        timer = setTimeout(() => void poll(started), POLL_MS);
      },
      (e: unknown) => {
        if (gone) return;
        setError(errorText(e, t));
        timer = setTimeout(() => setGeneration((g) => g + 1), POLL_MS * 5);
      },
    );
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [generation, navigate, paired, t]);

  if (paired) return <Navigate to="/tablet" replace />;
  const origin = serverBase() || window.location.origin;
  return (
    <div className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <div className="login__brand">
        <Emblem size={72} />
        <p className="login__org">{t('app.organisation')}</p>
        <p className="login__name">{t('app.name')}</p>
        <p className="login__tagline">{t('kioskSetup.tagline')}</p>
      </div>
      <main className="login__panel">
        <section className="login__form pair" aria-labelledby="pair-title" aria-busy={!pairing}>
          <h1 id="pair-title" className="login__title">
            {t('pairing.title')}
          </h1>
          <p className="login__subtitle">{t('pairing.subtitle')}</p>
          {error && <Alert kind="error">{error}</Alert>}
          {pairing ? (
            <>
              <p className="pair__code" aria-label={t('pairing.codeLabel')} data-code={pairing.code}>
                {spacedCode(pairing.code)}
              </p>
              <CodeQr
                text={`${origin}/fleet?code=${pairing.code}`}
                alt={t('pairing.qrAlt', { code: spacedCode(pairing.code) })}
              />
              <p className="pair__waiting">
                <Spinner inline label={t('pairing.waiting')} /> {t('pairing.waiting')}
              </p>
              <p className="login__help">
                {t('pairing.expires', { time: formatDateTime(pairing.expiresAt, currentLanguage()) })}
              </p>
            </>
          ) : (
            !error && <Spinner label={t('pairing.asking')} />
          )}
        </section>
      </main>
    </div>
  );
}
