import type { ReactElement, ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export type AlertKind = 'info' | 'success' | 'warning' | 'error';

const ICONS: Record<AlertKind, IconName> = {
  info: 'info',
  success: 'check',
  warning: 'alert',
  error: 'alert',
};

/** A message box in the page flow; errors are announced to screen readers at once. */
export function Alert({
  kind,
  title,
  children,
  action,
}: {
  kind: AlertKind;
  title?: string;
  children?: ReactNode;
  action?: ReactNode;
}): ReactElement {
  return (
    <div className={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <Icon name={ICONS[kind]} className="alert__icon" />
      <div className="alert__content">
        {title && <p className="alert__title">{title}</p>}
        {children && <div className="alert__text">{children}</div>}
      </div>
      {action && <div className="alert__action">{action}</div>}
    </div>
  );
}
