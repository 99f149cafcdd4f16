import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { vi } from '../i18n/vi';
import { en } from '../i18n/en';

/** Interface languages, Vietnamese first. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'icabinet.lang';

/** Whether a string names one of our interface languages. */
export function isLanguage(value: unknown): value is Language {
  return value === 'vi' || value === 'en';
}

function storedLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(saved) ? saved : 'vi';
  } catch {
    // Storage can be disabled (private mode, kiosk policy); Vietnamese is the right default then.
    return 'vi';
  }
}

function applyToDocument(lang: Language): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.title = i18next.t('app.documentTitle');
}

/** Starts i18next with the saved language (Vietnamese by default). Call once before rendering. */
export async function initI18n(): Promise<void> {
  const lng = storedLanguage();
  await i18next.use(initReactI18next).init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng,
    fallbackLng: 'vi',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    // Keeps test output and the tablets' consoles free of the library's advertisement.
    showSupportNotice: false,
  });
  applyToDocument(lng);
  i18next.on('languageChanged', (next) => {
    if (isLanguage(next)) applyToDocument(next);
  });
}

/** The current interface language. */
export function currentLanguage(): Language {
  const lang = i18next.resolvedLanguage ?? i18next.language;
  return isLanguage(lang) ? lang : 'vi';
}

/** Switches the interface language and remembers the choice on this device. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembering the choice is acceptable; the switch itself still works.
  }
  await i18next.changeLanguage(lang);
}

/** BCP 47 locale used for Intl formatting in each interface language. */
export function localeOf(lang: Language): string {
  return lang === 'vi' ? 'vi-VN' : 'en-GB';
}

export { i18next };
