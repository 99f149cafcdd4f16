import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { Tabs } from '../../components/Tabs';
import { SETTINGS_SECTIONS } from './sections';

/**
 * Quản trị → Cài đặt hệ thống: one tab per section (security, deputies, the SMS/Zalo gateway,
 * API tokens, webhooks…). The open section is in the address (`?section=webhooks`), so a link
 * or a reload opens it again.
 */
export function SystemSettingsPage(): ReactElement {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const first = SETTINGS_SECTIONS[0]!;
  const active = SETTINGS_SECTIONS.find((s) => s.key === params.get('section')) ?? first;
  const label = (key: string) => (t as (k: string) => string)(key);
  return (
    <>
      <PageHeader title={t('systemSettings.title')} subtitle={t('systemSettings.subtitle')} />
      <Tabs
        label={t('systemSettings.sectionsLabel')}
        idPrefix="settings"
        items={SETTINGS_SECTIONS.map((s) => ({ key: s.key, label: label(s.label) }))}
        active={active.key}
        onChange={(key) => setParams(key === first.key ? {} : { section: key }, { replace: true })}
      />
      <div
        className="stack"
        role="tabpanel"
        id="settings-panel"
        aria-labelledby={`settings-tab-${active.key}`}
      >
        <active.Component key={active.key} />
      </div>
    </>
  );
}
