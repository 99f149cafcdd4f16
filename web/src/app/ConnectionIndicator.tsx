import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnection } from './ConnectionProvider';

/** A dot and a word in the header: green when live, amber while reconnecting, red when offline. */
export function ConnectionIndicator(): ReactElement {
  const { t } = useTranslation();
  const { status } = useConnection();
  const text = t(`connection.${status}`);
  return (
    <div className={`conn conn--${status}`} role="status" title={`${t('connection.label')}: ${text}`}>
      <span className="conn__dot" aria-hidden="true" />
      <span className="conn__text">{text}</span>
    </div>
  );
}
