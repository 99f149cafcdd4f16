import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserWithSecret } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';

/** Shows a temporary password once, after creating a user or resetting a password. */
export function SecretDialog({
  result,
  reason,
  onClose,
}: {
  result: UserWithSecret;
  reason: 'created' | 'reset';
  onClose: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const { user, temporaryPassword } = result;
  return (
    <Dialog
      title={reason === 'created' ? t('users.secret.createdTitle') : t('users.secret.resetTitle')}
      onClose={onClose}
      size="small"
      footer={
        <Button variant="primary" icon="check" onClick={onClose}>
          {temporaryPassword ? t('users.secret.done') : t('common.close')}
        </Button>
      }
    >
      {temporaryPassword ? (
        <>
          <p>{t('users.secret.intro', { name: user.fullName, username: user.username })}</p>
          <div className="secret">
            <code className="secret__value" translate="no">
              {temporaryPassword}
            </code>
            <CopyButton text={temporaryPassword} />
          </div>
          <Alert kind="warning">{t('users.secret.warning')}</Alert>
        </>
      ) : (
        <p>{t('users.secret.noPassword')}</p>
      )}
    </Dialog>
  );
}
