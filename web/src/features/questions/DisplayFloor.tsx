import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { BriefingFloor } from '@icabinet/shared';
import './questions.css';

/** On the projector: the site the chair gave the floor to, in type readable from the back of the hall. */
export function DisplayFloor({ floor }: { floor: BriefingFloor }): ReactElement {
  const { t } = useTranslation();
  return (
    <section className="display-card display-floor" data-testid="display-floor" aria-live="polite">
      <span className="display__label">{t('questions.floorTitle')}</span>
      <p className="display-floor__site">{t('questions.floorSite', { name: floor.siteName })}</p>
      {floor.districtName && floor.districtName !== floor.siteName && (
        <p className="display-floor__district">{floor.districtName}</p>
      )}
    </section>
  );
}
