import { useCallback, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { GatewaySettingsView } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { PasswordField, TextField } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { integrationsApi } from './integrations.api';
import { issueOf, SettingsSource } from './SettingsMeta';

/** Cài đặt hệ thống → Cổng SMS/Zalo: the gateway invitations go through; its secret is write-only. */
export function GatewaySection(): ReactElement {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => integrationsApi.gateway(signal), []);
  const view = useResource(load);
  if (view.status === 'error') return <ErrorState error={view.error} onRetry={view.reload} />;
  if (!view.data) return <Spinner label={t('common.loading')} />;
  return <GatewayForm key={view.data.version} initial={view.data} />;
}

function GatewayForm({ initial }: { initial: GatewaySettingsView }): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const [view, setView] = useState(initial);
  const [url, setUrl] = useState(initial.settings.url ?? '');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const trimmed = url.trim();
      setView(
        await integrationsApi.saveGateway({
          url: trimmed === '' ? null : trimmed,
          ...(secret !== '' ? { secret } : {}),
          version: view.version,
        }),
      );
      setSecret('');
      toast.show('success', t('systemSettings.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {error !== null && <Alert kind="error">{errorText(error, t)}</Alert>}
      <section className="panel" aria-labelledby="gateway-title">
        <h2 className="panel__title" id="gateway-title">
          {t('gateway.title')}
        </h2>
        <p className="muted">{t('gateway.hint')}</p>
        <TextField
          label={t('gateway.url')}
          hint={t('gateway.urlHint')}
          type="url"
          inputMode="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={issueOf(error, 'url')}
          optional
        />
        <PasswordField
          label={t('gateway.secret')}
          hint={view.settings.hasSecret ? t('gateway.secretKeep') : t('gateway.secretNone')}
          value={secret}
          autoComplete="new-password"
          onChange={(e) => setSecret(e.target.value)}
          error={issueOf(error, 'secret')}
        />
        {!view.settings.url && <Alert kind="info">{t('gateway.off')}</Alert>}
        <SettingsSource meta={view} />
      </section>
      <div className="form__actions">
        <Button type="submit" variant="primary" icon="check" busy={busy}>
          {t('systemSettings.save')}
        </Button>
      </div>
    </form>
  );
}
