import { useEffect, useId, useRef, type FormEvent, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom; the first primary action goes last (right-hand side). */
  footer?: ReactNode;
  /** When set, the dialog is a form and Enter submits it. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  /** Blocks Esc and the close button while something is being saved. */
  busy?: boolean;
  size?: 'small' | 'medium' | 'large';
}

/**
 * A modal built on the native <dialog>, which gives focus trapping, Esc and the inert backdrop
 * for free. It opens when mounted: render it conditionally rather than toggling a prop.
 */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  onSubmit,
  busy = false,
  size = 'medium',
}: DialogProps): ReactElement {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const body = (
    <>
      <header className="dialog__header">
        <h2 className="dialog__title" id={titleId}>
          {title}
        </h2>
        <button type="button" className="dialog__close" onClick={onClose} disabled={busy}>
          <Icon name="x" />
          <span className="visually-hidden">{t('common.close')}</span>
        </button>
      </header>
      <div className="dialog__body">{children}</div>
      {footer && <footer className="dialog__footer">{footer}</footer>}
    </>
  );

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Esc: let React decide, so the dialog never closes behind the state's back.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      {onSubmit ? (
        <form className="dialog__form" onSubmit={onSubmit} noValidate>
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}
