import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage, setLanguage } from '../lib/i18n';

/** VI | EN segmented switch; the choice is remembered on the device. */
export function LanguageSwitch({ tone = 'light' }: { tone?: 'light' | 'dark' }): ReactElement {
  const { t, i18n } = useTranslation();
  const active = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'vi';
  return (
    <div className={`lang-switch lang-switch--${tone}`} role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className="lang-switch__option"
          aria-pressed={active === lang}
          title={t(`language.${lang}`)}
          onClick={() => void setLanguage(lang)}
        >
          <span aria-hidden="true">{t(`language.${lang}Short`)}</span>
          <span className="visually-hidden">{t(`language.${lang}`)}</span>
        </button>
      ))}
    </div>
  );
}
