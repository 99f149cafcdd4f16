import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { BriefingFloor } from '@icabinet/shared';
import './questions.css';

/** On the projector: the site the chair gave the floor to, in type readable from the back of the hall. */
export function DisplayFloor({
  floor,
  card = 'display-card',
  testId = 'display-floor',
}: {
  floor: BriefingFloor;
  /** The card class of the screen it is on (the projector, or a viewer screen). */
  card?: string;
  testId?: string;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <section className={`${card} display-floor`} data-testid={testId} aria-live="polite">
      <span className="display__label">{t('questions.floorTitle')}</span>
      <p className="display-floor__site">{t('questions.floorSite', { name: floor.siteName })}</p>
      {floor.districtName && floor.districtName !== floor.siteName && (
        <p className="display-floor__district">{floor.districtName}</p>
      )}
    </section>
  );
}
