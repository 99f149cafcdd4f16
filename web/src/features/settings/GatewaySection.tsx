import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { GatewaySettingsView } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { PasswordField, TextField } from '../../components/Field';
import { integrationsApi } from './integrations.api';
import { issueOf, SettingsSource } from './SettingsMeta';
import { SettingsFormShell, SettingsLoader, useSettingsSave } from './SettingsForm';

const load = (signal: AbortSignal) => integrationsApi.gateway(signal);

/** Cài đặt hệ thống → Cổng SMS/Zalo: the gateway invitations go through; its secret is write-only. */
export function GatewaySection(): ReactElement {
  return <SettingsLoader load={load} render={(initial) => <GatewayForm initial={initial} />} />;
}

function GatewayForm({ initial }: { initial: GatewaySettingsView }): ReactElement {
  const { t } = useTranslation();
  const { view, busy, error, save } = useSettingsSave(initial);
  const [url, setUrl] = useState(initial.settings.url ?? '');
  const [secret, setSecret] = useState('');
  const submit = () => {
    const trimmed = url.trim();
    void save(
      (current) =>
        integrationsApi.saveGateway({
          url: trimmed === '' ? null : trimmed,
          ...(secret !== '' ? { secret } : {}),
          version: current.version,
        }),
      () => setSecret(''),
    );
  };
  return (
    <SettingsFormShell
      id="gateway"
      title={t('gateway.title')}
      hint={t('gateway.hint')}
      error={error}
      busy={busy}
      onSubmit={submit}
    >
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
    </SettingsFormShell>
  );
}
