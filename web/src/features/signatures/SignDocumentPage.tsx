import { useCallback, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SignableDocumentType, SignedDocumentSummary } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { PasswordField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { useMe } from '../auth/auth.context';
import { conclusionsApi } from '../conclusions/conclusions.api';
import { minutesApi } from '../minutes/minutes.api';
import { SignersList } from './SignersList';
import { documentSignatures, signDocument, signedDocumentUrl } from './signatures.api';

/** The sentences that differ per document; the form's own words are shared. */
const TEXTS = {
  invitation: {
    title: 'signatures.sign.title',
    subtitle: 'signatures.sign.subtitle',
    none: 'signatures.sign.none',
    download: 'signatures.sign.download',
    done: 'signatures.sign.done',
  },
  conclusion_notice: {
    title: 'signatures.signNotice.title',
    subtitle: 'signatures.signNotice.subtitle',
    none: 'signatures.signNotice.none',
    download: 'signatures.signNotice.download',
    done: 'signatures.signNotice.done',
  },
  minutes: {
    title: 'signatures.signMinutes.title',
    subtitle: 'signatures.signMinutes.subtitle',
    none: 'signatures.signMinutes.none',
    download: 'signatures.signMinutes.download',
    done: 'signatures.signMinutes.done',
  },
} as const satisfies Record<SignableDocumentType, Record<string, string>>;

interface Loaded {
  document: SignedDocumentSummary | null;
  /** The approval flow's state and version (conclusion notice, minutes); null for the invitation. */
  approval: { state: string; version: number } | null;
}

/** Where the document's approval stands (the version the signer names), for documents that have one. */
async function approvalOf(
  id: string,
  type: SignableDocumentType,
  signal: AbortSignal,
): Promise<Loaded['approval']> {
  if (type === 'conclusion_notice') return (await conclusionsApi.list(id, signal)).notice;
  if (type === 'minutes') return (await minutesApi.get(id, signal)).minutes.approval;
  return null;
}

/**
 * "Ký số …": the meeting's chair or secretary signs an official document with their
 * certificate file (.p12/.pfx) and its password; the password goes with this one request and
 * is kept nowhere. The invitation is signed by the chair and a secretary; the conclusion
 * notice, once approved, by the chair; the minutes, once approved, by the secretary and the
 * chair; each on the version of the approval shown here.
 */
export function SignDocumentPage({ type }: { type: SignableDocumentType }): ReactElement {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const load = useCallback(
    async (signal: AbortSignal): Promise<Loaded> => {
      const [status, approval] = await Promise.all([
        documentSignatures(id, type, signal),
        approvalOf(id, type, signal),
      ]);
      return { document: status.document, approval };
    },
    [id, type],
  );
  const status = useResource(load);
  const [signed, setSigned] = useState<SignedDocumentSummary | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const texts = TEXTS[type];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    signDocument(id, type, file, password, status.data?.approval?.version).then(
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
  const { approval } = status.data;
  // A document with an approval is signed while approved; any other state says why there is no form.
  const closed = approval !== null && approval.state !== 'approved';
  // Each signs once (the minutes wait for the other signer meanwhile).
  const mine = !!document?.signatures.some((s) => s.userId === me.user.id);
  return (
    <div data-testid={`sign-${type.replace('_', '-')}`}>
      <PageHeader title={t(texts.title)} subtitle={t(texts.subtitle)} />
      {document ? (
        <section className="panel">
          <h2 className="panel__title">{t('signatures.sign.signedBy')}</h2>
          <SignersList signatures={document.signatures} testId="signers" />
          <a className="btn" href={signedDocumentUrl(id, type)} download>
            {t(texts.download)}
          </a>
        </section>
      ) : (
        <p className="muted">{t(texts.none)}</p>
      )}
      {signed && <Alert kind="success">{t(texts.done)}</Alert>}
      {!signed && closed && !mine && (
        <Alert kind="info">
          {t(type === 'minutes' ? 'signatures.signMinutes.notApproved' : 'signatures.signNotice.notApproved')}
        </Alert>
      )}
      {/* Once signed here, the form goes: signing twice is refused anyway. */}
      {!signed && !closed && !mine && (
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
      {type !== 'invitation' && (
        <p>
          <Link
            className="btn btn--secondary"
            to={type === 'minutes' ? `/meetings/${id}/minutes` : '/my-meetings'}
          >
            {t('signatures.signNotice.back')}
          </Link>
        </p>
      )}
    </div>
  );
}
