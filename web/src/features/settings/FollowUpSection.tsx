import { useCallback, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpSettingsView } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { tasksApi } from '../tasks/tasks.api';
import { SettingsSource } from './SettingsMeta';

/** The days before a deadline as the administrator types them: "3, 1" → [3, 1]; null when not numbers. */
export function parseDays(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const days = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  return days.some((d) => Number.isNaN(d)) ? null : days;
}

/** Cài đặt hệ thống → Nhắc việc: when follow-up tasks are reminded and escalated to the unit's head. */
export function FollowUpSection(): ReactElement {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => tasksApi.followUp(signal), []);
  const view = useResource(load);
  if (view.status === 'error') return <ErrorState error={view.error} onRetry={view.reload} />;
  if (!view.data) return <Spinner label={t('common.loading')} />;
  return <FollowUpForm key={view.data.version} initial={view.data} />;
}

function FollowUpForm({ initial }: { initial: FollowUpSettingsView }): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const [view, setView] = useState(initial);
  const [days, setDays] = useState(initial.settings.remindDaysBefore.join(', '));
  const [onDay, setOnDay] = useState(initial.settings.remindOnDay);
  const [escalate, setEscalate] = useState(String(initial.settings.escalateAfterDays));
  const [hour, setHour] = useState(String(initial.settings.hour));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const remindDaysBefore = parseDays(days);
    if (remindDaysBefore === null) {
      setError(t('followUpSettings.daysInvalid'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setView(
        await tasksApi.saveFollowUp({
          remindDaysBefore,
          remindOnDay: onDay,
          escalateAfterDays: Number(escalate),
          hour: Number(hour),
          version: view.version,
        }),
      );
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
      <section className="panel" aria-labelledby="follow-up-title">
        <h2 className="panel__title" id="follow-up-title">
          {t('followUpSettings.title')}
        </h2>
        <p className="muted">{t('followUpSettings.hint')}</p>
        <TextField
          label={t('followUpSettings.daysBefore')}
          hint={t('followUpSettings.daysBeforeHint')}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={onDay} onChange={(e) => setOnDay(e.target.checked)} />
          <span>{t('followUpSettings.onDay')}</span>
        </label>
        <TextField
          label={t('followUpSettings.escalateAfter')}
          hint={t('followUpSettings.escalateAfterHint')}
          type="number"
          min={0}
          max={30}
          value={escalate}
          onChange={(e) => setEscalate(e.target.value)}
        />
        <TextField
          label={t('followUpSettings.hour')}
          type="number"
          min={0}
          max={23}
          value={hour}
          onChange={(e) => setHour(e.target.value)}
        />
        <SettingsSource meta={{ ...view, source: view.updatedAt ? 'app' : 'env' }} />
      </section>
      <div className="form__actions">
        <Button type="submit" variant="primary" icon="check" busy={busy}>
          {t('systemSettings.save')}
        </Button>
      </div>
    </form>
  );
}
