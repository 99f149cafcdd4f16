import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeputySettingsView } from '@icabinet/shared';
import { integrationsApi } from './integrations.api';
import { SettingsSource } from './SettingsMeta';
import { SettingsFormShell, SettingsLoader, useSettingsSave } from './SettingsForm';

const load = (signal: AbortSignal) => integrationsApi.deputies(signal);

/** Cài đặt hệ thống → Người dự thay: approve deputies at once or through the secretariat. */
export function DeputiesSection(): ReactElement {
  return <SettingsLoader load={load} render={(initial) => <DeputiesForm initial={initial} />} />;
}

function DeputiesForm({ initial }: { initial: DeputySettingsView }): ReactElement {
  const { t } = useTranslation();
  const { view, busy, error, save } = useSettingsSave(initial);
  const [autoApprove, setAutoApprove] = useState(initial.settings.autoApprove);
  return (
    <SettingsFormShell
      id="deputies"
      title={t('deputies.title')}
      hint={t('deputies.hint')}
      error={error}
      busy={busy}
      onSubmit={() =>
        void save((current) => integrationsApi.saveDeputies({ autoApprove, version: current.version }))
      }
    >
      <label className="checkbox">
        <input type="checkbox" checked={autoApprove} onChange={(e) => setAutoApprove(e.target.checked)} />
        <span>{t('deputies.autoApprove')}</span>
      </label>
      <SettingsSource meta={view} />
    </SettingsFormShell>
  );
}
