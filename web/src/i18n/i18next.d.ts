import type { vi } from './vi';

// Typed keys: `t('nav.users')` is checked at compile time against the Vietnamese catalogue.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}
