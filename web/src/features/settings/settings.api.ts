import { settingsContract as api, type PasswordRules, type SecuritySettingsInput } from '@icabinet/shared';
import { call } from '../../lib/api';

/** REST calls of the security settings page and the password hint. */
export const settingsApi = {
  security: (signal?: AbortSignal) => call(api.getSecurity, { signal }),
  saveSecurity: (body: SecuritySettingsInput) => call(api.updateSecurity, { body }),
  passwordRules: () => call(api.passwordRules, {}),
};

let rules: Promise<PasswordRules> | null = null;

/** The rules in force, fetched once per page load (and again after an administrator saves them). */
export function passwordRules(): Promise<PasswordRules> {
  rules ??= settingsApi.passwordRules().catch((err: unknown) => {
    rules = null;
    throw err;
  });
  return rules;
}

export function forgetPasswordRules(): void {
  rules = null;
}
