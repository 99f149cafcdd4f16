import type { ComponentType } from 'react';
import { ApiTokensSection } from './ApiTokensSection';
import { UnitCostsSection } from '../reports/UnitCostsSection';
import { DeputiesSection } from './DeputiesSection';
import { FollowUpSection } from './FollowUpSection';
import { GatewaySection } from './GatewaySection';
import { SecuritySection } from './SecuritySection';
import { WebhooksSection } from './WebhooksSection';

/**
 * The sections of Quản trị → Cài đặt hệ thống, in tab order: one component each, loading and
 * saving its own settings (its own endpoint, version and audit). A new section is one line here
 * plus its label `systemSettings.sections.<key>` in web/src/i18n/{vi,en}.
 */
export interface SettingsSection {
  key: string;
  /** i18n key of the tab's label. */
  label: string;
  Component: ComponentType;
}

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  { key: 'security', label: 'systemSettings.sections.security', Component: SecuritySection },
  { key: 'deputies', label: 'systemSettings.sections.deputies', Component: DeputiesSection },
  { key: 'follow-up', label: 'systemSettings.sections.followUp', Component: FollowUpSection },
  { key: 'unit-costs', label: 'systemSettings.sections.unitCosts', Component: UnitCostsSection },
  { key: 'gateway', label: 'systemSettings.sections.gateway', Component: GatewaySection },
  { key: 'api-tokens', label: 'systemSettings.sections.apiTokens', Component: ApiTokensSection },
  { key: 'webhooks', label: 'systemSettings.sections.webhooks', Component: WebhooksSection },
];
