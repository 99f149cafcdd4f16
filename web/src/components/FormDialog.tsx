import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, type ButtonVariant } from './Button';
import { Dialog, type DialogProps } from './Dialog';
import type { IconName } from './Icon';

/**
 * A dialog that is a form: Enter submits it, and its footer is "Hủy" and the submit button (the
 * primary action on the right). While `busy`, both are blocked and the dialog cannot be closed.
 */
export function FormDialog({
  title,
  onClose,
  onSubmit,
  busy,
  size,
  submitLabel,
  submitIcon,
  submitVariant = 'primary',
  children,
}: Pick<DialogProps, 'title' | 'onClose' | 'size' | 'children'> & {
  /** Runs on submit (the browser's own submission is prevented). */
  onSubmit: () => void;
  busy: boolean;
  submitLabel: ReactNode;
  submitIcon?: IconName;
  submitVariant?: ButtonVariant;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={busy}
      size={size}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant={submitVariant} icon={submitIcon} busy={busy}>
            {submitLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
