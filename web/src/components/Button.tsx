import type { ButtonHTMLAttributes, ReactElement, ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  icon?: IconName;
  /** Shows a spinner and blocks clicks while an action runs. */
  busy?: boolean;
  /** Icon-only buttons still need a label for screen readers. */
  iconOnly?: boolean;
  children: ReactNode;
}

/** The one button of the app: at least 48 px tall so it is easy to hit on a tablet. */
export function Button({
  variant = 'secondary',
  icon,
  busy = false,
  iconOnly = false,
  type = 'button',
  className,
  disabled,
  children,
  ...rest
}: ButtonProps): ReactElement {
  const classes = ['btn', `btn--${variant}`, iconOnly ? 'btn--icon' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type={type}
      className={classes}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner spinner--inline" aria-hidden="true" /> : icon && <Icon name={icon} />}
      <span className={iconOnly ? 'visually-hidden' : 'btn__label'}>{children}</span>
    </button>
  );
}
