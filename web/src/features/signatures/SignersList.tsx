import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignatureEntry } from '@icabinet/shared';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';

/** Who has signed a document, in order: name, meeting role and when ("Lê Thị Bình (Thư ký), …"). */
export function SignersList({
  signatures,
  testId,
}: {
  signatures: readonly SignatureEntry[];
  testId: string;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <ol data-testid={testId}>
      {signatures.map((s) => (
        <li key={s.userId}>
          {t('signatures.sign.signer', {
            name: s.fullName,
            role: t(`meetings.roles.${s.role}`),
            at: formatDateTime(s.signedAt, lang),
          })}
        </li>
      ))}
    </ol>
  );
}
