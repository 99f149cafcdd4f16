import type { PasswordRules } from '../../domain/password-policy.js';
import { SecuritySettingsInput, type SecuritySettingsView } from '../../schemas/settings.js';
import { endpoint } from '../rest.js';

/** /api/settings (administrators) and /api/password-rules (anyone signed in, for the password hint). */
export const settingsContract = {
  getSecurity: endpoint<SecuritySettingsView>()({
    method: 'GET',
    path: '/settings/security',
    summary: 'The security settings: password policy and the roles that must use two-step sign-in.',
    errors: ['forbidden'],
  }),
  updateSecurity: endpoint<SecuritySettingsView>()({
    method: 'PUT',
    path: '/settings/security',
    summary: 'Changes the security settings (every field, with the version read); audited.',
    body: SecuritySettingsInput,
    errors: ['forbidden', 'conflict'],
  }),
  passwordRules: endpoint<PasswordRules>()({
    method: 'GET',
    path: '/password-rules',
    summary: 'The password rules in force, for the strength hint of password fields.',
  }),
} as const;
