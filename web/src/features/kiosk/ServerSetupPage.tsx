import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DesktopInfo } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Emblem } from '../../components/Emblem';
import { desktopBridge } from '../../lib/bridge';
import { checkServerAddress, type AddressCheck } from './server-address';

type Phase =
  | { kind: 'loading' }
  | { kind: 'noShell' }
  | { kind: 'ready' }
  | { kind: 'checking' }
  | { kind: 'saving'; version: string }
  | { kind: 'opening'; version: string; serverUrl: string };

/**
 * The desktop shell's first-run screen (`app://bundle/setup`): asks for the I-Cabinet server's
 * address, checks it answers GET /api/health as I-Cabinet, and only then saves it through the
 * bridge and opens the server. Also how the secretariat corrects the address later.
 */
export function ServerSetupPage(): ReactElement {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [address, setAddress] = useState('');
  const [current, setCurrent] = useState<DesktopInfo | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const bridge = desktopBridge();
    if (bridge === null) {
      setPhase({ kind: 'noShell' });
      return;
    }
    void bridge.getInfo().then(
      (result) => {
        if (result.ok) {
          setCurrent(result.data);
          if (result.data.serverUrl !== null) setAddress(result.data.serverUrl);
        }
        setPhase({ kind: 'ready' });
      },
      () => setPhase({ kind: 'ready' }),
    );
  }, []);

  const explain = (check: Exclude<AddressCheck, { ok: true }>, typed: string) => {
    if (check.reason === 'empty' || check.reason === 'invalid') {
      setFieldError(t(check.reason === 'empty' ? 'kioskSetup.errors.empty' : 'kioskSetup.errors.invalid'));
      return;
    }
    const where = typed.trim();
    if (check.reason === 'unreachable') setError(t('kioskSetup.errors.unreachable', { address: where }));
    else if (check.reason === 'notIcabinet') setError(t('kioskSetup.errors.notIcabinet', { address: where }));
    else setError(t('kioskSetup.errors.httpError', { address: where, status: String(check.status ?? '') }));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const bridge = desktopBridge();
    if (bridge === null) return;
    setFieldError(undefined);
    setError(null);
    setPhase({ kind: 'checking' });
    const check = await checkServerAddress(address);
    if (!check.ok) {
      explain(check, address);
      setPhase({ kind: 'ready' });
      return;
    }
    setPhase({ kind: 'saving', version: check.version });
    const saved = await bridge.setServerUrl(check.serverUrl).catch(() => null);
    if (saved === null || !saved.ok || saved.data.serverUrl === null) {
      setError(t('kioskSetup.errors.notSaved'));
      setPhase({ kind: 'ready' });
      return;
    }
    const serverUrl = saved.data.serverUrl;
    setPhase({ kind: 'opening', version: check.version, serverUrl });
    window.location.assign(serverUrl);
  };

  const busy = phase.kind === 'checking' || phase.kind === 'saving' || phase.kind === 'opening';

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
        {phase.kind === 'noShell' ? (
          <div className="login__form">
            <h1 className="login__title">{t('kioskSetup.title')}</h1>
            <Alert kind="info">{t('kioskSetup.noShell')}</Alert>
            <Link className="btn btn--primary btn--block" to="/">
              {t('kioskSetup.toApp')}
            </Link>
          </div>
        ) : (
          <form
            className="login__form"
            onSubmit={(e) => void submit(e)}
            noValidate
            aria-labelledby="setup-title"
            aria-busy={busy}
          >
            <h1 id="setup-title" className="login__title">
              {t('kioskSetup.title')}
            </h1>
            <p className="login__subtitle">
              {current?.serverUrl ? t('kioskSetup.subtitleChange') : t('kioskSetup.subtitleFirst')}
            </p>
            {error && <Alert kind="error">{error}</Alert>}
            {(phase.kind === 'saving' || phase.kind === 'opening') && (
              <Alert kind="success">
                {phase.kind === 'saving'
                  ? t('kioskSetup.connected', { version: phase.version })
                  : t('kioskSetup.opening', { version: phase.version })}
              </Alert>
            )}
            <TextField
              label={t('kioskSetup.address')}
              name="server"
              type="url"
              inputMode="url"
              autoComplete="url"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              autoFocus
              placeholder="http://192.168.1.10:8080"
              hint={t('kioskSetup.hint')}
              value={address}
              disabled={phase.kind === 'loading' || busy}
              onChange={(e) => setAddress(e.target.value)}
              error={fieldError}
            />
            <Button type="submit" variant="primary" className="btn--block" busy={busy}>
              {phase.kind === 'checking' ? t('kioskSetup.checking') : t('kioskSetup.submit')}
            </Button>
            {current && (
              <p className="login__help">
                {t('kioskSetup.about', { version: current.appVersion, platform: current.platform })}
              </p>
            )}
          </form>
        )}
      </main>
    </div>
  );
}
