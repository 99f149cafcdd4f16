import { useCallback, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { SignedDocumentSummary } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { PasswordField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { invitationSignatures, signedInvitationUrl, signInvitation } from './signatures.api';

/**
 * "Ký số giấy mời": the chair or a secretary signs the meeting's invitation with their certificate
 * file (.p12/.pfx) and its password; the password goes with this one request and is kept nowhere.
 */
export function SignInvitationPage(): ReactElement {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const load = useCallback((signal: AbortSignal) => invitationSignatures(id, signal), [id]);
  const status = useResource(load);
  const [signed, setSigned] = useState<SignedDocumentSummary | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    signInvitation(id, file, password).then(
      ({ document }) => {
        setSigned(document);
        setPassword('');
        setFile(null);
        setBusy(false);
      },
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };

  if (status.error) return <ErrorState error={status.error} />;
  if (!status.data) return <Spinner label={t('signatures.sign.loading')} />;
  const document = signed ?? status.data.document;
  const lang = currentLanguage();
  return (
    <div data-testid="sign-invitation">
      <PageHeader title={t('signatures.sign.title')} subtitle={t('signatures.sign.subtitle')} />
      {document ? (
        <section className="panel">
          <h2 className="panel__title">{t('signatures.sign.signedBy')}</h2>
          <ol data-testid="signers">
            {document.signatures.map((s) => (
              <li key={s.userId}>
                {t('signatures.sign.signer', {
                  name: s.fullName,
                  role: t(`meetings.roles.${s.role}`),
                  at: formatDateTime(s.signedAt, lang),
                })}
              </li>
            ))}
          </ol>
          <a className="btn" href={signedInvitationUrl(id)} download>
            {t('signatures.sign.download')}
          </a>
        </section>
      ) : (
        <p className="muted">{t('signatures.sign.none')}</p>
      )}
      {signed && <Alert kind="success">{t('signatures.sign.done')}</Alert>}
      {/* Once signed here, the form goes: signing twice is refused anyway. */}
      {!signed && (
        <form className="panel" onSubmit={submit}>
          <label className="btn btn--secondary" htmlFor="p12-file">
            {t('signatures.sign.chooseP12')}
          </label>
          <input
            id="p12-file"
            className="visually-hidden"
            type="file"
            accept=".p12,.pfx,application/x-pkcs12"
            data-testid="p12-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <p className="muted">{file ? file.name : t('signatures.sign.noP12')}</p>
          <PasswordField
            label={t('signatures.sign.password')}
            value={password}
            autoComplete="off"
            onChange={(e) => setPassword(e.target.value)}
          />
          {error !== null && <Alert kind="error">{errorText(error, t)}</Alert>}
          <Button type="submit" variant="primary" busy={busy} disabled={!file || password === ''}>
            {t('signatures.sign.submit')}
          </Button>
        </form>
      )}
    </div>
  );
}
