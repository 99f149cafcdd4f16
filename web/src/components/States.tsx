import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { Icon, type IconName } from './Icon';
import { errorText } from '../lib/errors';

/** What a list shows when there is nothing in it, with the next step to take. */
export function EmptyState({
  icon = 'info',
  title,
  text,
  action,
}: {
  icon?: IconName;
  title: string;
  text?: string;
  action?: ReactNode;
}): ReactElement {
  return (
    <div className="state">
      <span className="state__icon">
        <Icon name={icon} size={32} />
      </span>
      <h2 className="state__title">{title}</h2>
      {text && <p className="state__text">{text}</p>}
      {action && <div className="state__action">{action}</div>}
    </div>
  );
}

/** What a page shows when its data could not be loaded, with a way to try again. */
export function ErrorState({
  error,
  title,
  text,
  onRetry,
}: {
  error: unknown;
  title?: string;
  /** Replaces the sentence derived from `error`; null shows the title alone. */
  text?: string | null;
  onRetry?: () => void;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="state state--error" role="alert">
      <span className="state__icon">
        <Icon name="alert" size={32} />
      </span>
      <h2 className="state__title">{title ?? t('errors.loadFailed')}</h2>
      {text !== null && <p className="state__text">{text ?? errorText(error, t)}</p>}
      {onRetry && (
        <div className="state__action">
          <Button variant="primary" icon="refresh" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        </div>
      )}
    </div>
  );
}
