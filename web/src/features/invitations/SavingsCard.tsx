import { useCallback, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { invitationsApi } from './invitations.api';
import './invitations.css';

/** Money in đồng: "1.500.000 ₫" in Vietnamese, "₫1,500,000" in English. */
export function formatVnd(amount: number, lang: Language): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    style: 'currency',
    currency: 'VND',
    maximumFractionDigits: 0,
  }).format(amount);
}

/** "Tiết kiệm": invitations delivered digitally instead of on paper and by SMS, and what that saved. */
export function SavingsCard(): ReactElement | null {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const figures = useResource(useCallback((signal: AbortSignal) => invitationsApi.figures(signal), []));
  // A figure that cannot load is not worth an error on the home page.
  if (figures.status === 'error' || !figures.data) return null;
  const f = figures.data;
  const number = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB');
  return (
    <section className="savings" aria-labelledby="savings-title">
      <h2 className="savings__title" id="savings-title">
        {t('savings.title')}
      </h2>
      <p className="savings__amount">{formatVnd(f.savedVnd, lang)}</p>
      <p className="savings__line">
        {t('savings.delivered', { count: f.deliveredDigitally, number: number.format(f.deliveredDigitally) })}
        {' · '}
        {t('savings.meetings', { count: f.meetings, number: number.format(f.meetings) })}
      </p>
      <p className="savings__note">{t('savings.unitCost', { cost: formatVnd(f.unitCostVnd, lang) })}</p>
    </section>
  );
}
