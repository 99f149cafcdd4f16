import type { Messages } from '../vi';

/** Security settings, the password strength hint, audit search and export. */
export const security: Pick<Messages, 'security' | 'strength' | 'auditSearch'> = {
  security: {
    title: 'Security settings',
    subtitle:
      'Password policy and two-step sign-in for every account. Every change is recorded in the audit log.',
    passwordTitle: 'Password policy',
    minLength: 'Minimum length (characters)',
    minLengthHint: 'From 10 to 64.',
    history: 'How many recent passwords may not be reused',
    historyHint: 'From 0 (off) to 12, counting the current one.',
    blockCommon: 'Refuse common or breached passwords (like "123456", "matkhau")',
    blockPersonal: 'Refuse passwords containing the username, name or e-mail',
    blockSequences: 'Refuse repeated or consecutive characters (like "aaaa", "1234", "qwer")',
    twoFactorTitle: 'Required two-step sign-in',
    twoFactorHint:
      'People with the chosen roles must set up an authenticator app (6-digit codes) before they can work, and enter a code at every sign-in.',
    roles: { admin: 'Administrators', secretary: 'Secretariat', member: 'Members' },
    save: 'Save settings',
    saved: 'Security settings saved.',
    lastChanged: 'Last changed: {{at}}',
    neverChanged: 'The default settings are in use.',
    errors: {
      settings_min_length: 'The minimum length must be between 10 and 64 characters.',
      settings_history: 'The number of recent passwords must be between 0 and 12.',
      settings_roles_repeated: 'Each role may be chosen only once.',
    },
  },
  strength: {
    label: 'Password strength',
    weak: 'Weak',
    fair: 'Fair',
    strong: 'Strong',
    rules: {
      too_short: 'At least {{min}} characters are needed.',
      common: 'Too common or found in data breaches.',
      personal: 'Must not contain the username, name or e-mail.',
      sequence: 'Has repeated or consecutive characters (aaaa, 1234, qwer).',
      reused: 'Recent passwords may not be reused.',
    },
    fairTip: 'Longer, with capitals, digits and symbols, is stronger.',
    strongTip: 'A good password.',
  },
  auditSearch: {
    user: 'By',
    anyone: 'Anyone',
    target: 'Target id',
    from: 'From',
    to: 'To',
    text: 'Search the details',
    textPlaceholder: 'File name, person, IP address…',
    clear: 'Clear filters',
    export: 'Export CSV',
    found_one: '{{count}} matching entry',
    found_other: '{{count}} matching entries',
  },
};
