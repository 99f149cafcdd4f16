import { useCallback, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeputySettingsView } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { integrationsApi } from './integrations.api';
import { SettingsSource } from './SettingsMeta';

/** Cài đặt hệ thống → Người dự thay: approve deputies at once or through the secretariat. */
export function DeputiesSection(): ReactElement {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => integrationsApi.deputies(signal), []);
  const view = useResource(load);
  if (view.status === 'error') return <ErrorState error={view.error} onRetry={view.reload} />;
  if (!view.data) return <Spinner label={t('common.loading')} />;
  return <DeputiesForm key={view.data.version} initial={view.data} />;
}

function DeputiesForm({ initial }: { initial: DeputySettingsView }): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const [view, setView] = useState(initial);
  const [autoApprove, setAutoApprove] = useState(initial.settings.autoApprove);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      setView(await integrationsApi.saveDeputies({ autoApprove, version: view.version }));
      toast.show('success', t('systemSettings.saved'));
    } catch (e) {
      setError(errorText(e, t));
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
      {error && <Alert kind="error">{error}</Alert>}
      <section className="panel" aria-labelledby="deputies-title">
        <h2 className="panel__title" id="deputies-title">
          {t('deputies.title')}
        </h2>
        <p className="muted">{t('deputies.hint')}</p>
        <label className="checkbox">
          <input type="checkbox" checked={autoApprove} onChange={(e) => setAutoApprove(e.target.checked)} />
          <span>{t('deputies.autoApprove')}</span>
        </label>
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
