import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpSettingsView } from '@icabinet/shared';
import { TextField } from '../../components/Field';
import { tasksApi } from '../tasks/tasks.api';
import { SettingsSource } from './SettingsMeta';
import { SettingsFormShell, SettingsLoader, useSettingsSave } from './SettingsForm';

/** The days before a deadline as the administrator types them: "3, 1" → [3, 1]; null when not numbers. */
export function parseDays(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const days = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  return days.some((d) => Number.isNaN(d)) ? null : days;
}

const load = (signal: AbortSignal) => tasksApi.followUp(signal);

/** Cài đặt hệ thống → Nhắc việc: when follow-up tasks are reminded and escalated to the unit's head. */
export function FollowUpSection(): ReactElement {
  return <SettingsLoader load={load} render={(initial) => <FollowUpForm initial={initial} />} />;
}

function FollowUpForm({ initial }: { initial: FollowUpSettingsView }): ReactElement {
  const { t } = useTranslation();
  const { view, busy, error, setError, save } = useSettingsSave(initial);
  const [days, setDays] = useState(initial.settings.remindDaysBefore.join(', '));
  const [onDay, setOnDay] = useState(initial.settings.remindOnDay);
  const [escalate, setEscalate] = useState(String(initial.settings.escalateAfterDays));
  const [hour, setHour] = useState(String(initial.settings.hour));
  const submit = () => {
    const remindDaysBefore = parseDays(days);
    if (remindDaysBefore === null) {
      setError(t('followUpSettings.daysInvalid'));
      return;
    }
    void save((current) =>
      tasksApi.saveFollowUp({
        remindDaysBefore,
        remindOnDay: onDay,
        escalateAfterDays: Number(escalate),
        hour: Number(hour),
        version: current.version,
      }),
    );
  };
  return (
    <SettingsFormShell
      id="follow-up"
      title={t('followUpSettings.title')}
      hint={t('followUpSettings.hint')}
      error={error}
      busy={busy}
      onSubmit={submit}
    >
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
    </SettingsFormShell>
  );
}
