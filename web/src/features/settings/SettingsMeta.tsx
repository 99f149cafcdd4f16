import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsMeta } from '@icabinet/shared';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';

/** Under a settings section: still the environment's default, or when it was last changed here. */
export function SettingsSource({ meta }: { meta: SettingsMeta }): ReactElement {
  const { t } = useTranslation();
  return (
    <p className="muted">
      {meta.source === 'app' && meta.updatedAt
        ? t('systemSettings.sourceApp', { at: formatDateTime(meta.updatedAt, currentLanguage()) })
        : t('systemSettings.sourceEnv')}
    </p>
  );
}

/** The message of a field from a refused save (`issues[].path`), for the field's error line. */
export function issueOf(error: unknown, path: string): string | undefined {
  const issues = (error as { issues?: { path: string; message: string }[] } | null)?.issues;
  return issues?.find((i) => i.path === path)?.message;
}
