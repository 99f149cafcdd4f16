import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { CopyButton } from '../../components/CopyButton';

/** A secret shown once, right after it was made (an API token, a webhook's signing key), to copy. */
export function SecretOnceDialog({
  title,
  name,
  secret,
  hint,
  testId,
  onClose,
}: {
  title: string;
  /** What the secret belongs to. */
  name: string;
  secret: string;
  /** Why it must be copied now. */
  hint: string;
  testId: string;
  onClose: () => void;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <Button variant="primary" icon="check" onClick={onClose}>
          {t('apiTokens.done')}
        </Button>
      }
    >
      <p>{name}</p>
      <div className="secret">
        <code className="secret__value secret__value--long" translate="no" data-testid={testId}>
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
      <Alert kind="warning">{hint}</Alert>
    </Dialog>
  );
}
