import { useState, type ChangeEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignatureReport, VerifyReport } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { verifyPdf } from './signatures.api';

type State =
  | { status: 'idle' }
  | { status: 'busy'; name: string }
  | { status: 'done'; report: VerifyReport }
  | { status: 'error'; error: unknown };

/** "Kiểm tra chữ ký số": any PDF (ours or another agency's), each signature checked on the server. */
export function VerifySignaturesPage(): ReactElement {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ status: 'idle' });

  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setState({ status: 'busy', name: file.name });
    verifyPdf(file).then(
      (report) => setState({ status: 'done', report }),
      (error: unknown) => setState({ status: 'error', error }),
    );
  };

  return (
    <div data-testid="verify-signatures">
      <PageHeader title={t('signatures.title')} subtitle={t('signatures.subtitle')} />
      <label className="btn btn--primary" htmlFor="verify-file">
        {t('signatures.choose')}
      </label>
      <input
        id="verify-file"
        className="visually-hidden"
        type="file"
        accept="application/pdf,.pdf"
        onChange={choose}
        data-testid="verify-file"
      />
      {state.status === 'idle' && <p className="muted">{t('signatures.empty')}</p>}
      {state.status === 'busy' && <Spinner label={t('signatures.checking', { name: state.name })} />}
      {state.status === 'error' && <Alert kind="error">{errorText(state.error, t)}</Alert>}
      {state.status === 'done' && <Report report={state.report} />}
    </div>
  );
}

function Report({ report }: { report: VerifyReport }): ReactElement {
  const { t } = useTranslation();
  const allValid = report.signatures.every((s) => s.valid);
  return (
    <section data-testid="verify-report">
      <Alert kind={allValid ? 'success' : 'warning'}>
        {allValid
          ? t('signatures.allValid', { name: report.fileName, count: report.signatures.length })
          : t('signatures.notAllValid', { name: report.fileName, count: report.signatures.length })}
      </Alert>
      {report.trustedRoots === 0 && <Alert kind="info">{t('signatures.noRoots')}</Alert>}
      <ol className="signatures__list">
        {report.signatures.map((s) => (
          <SignatureCard key={s.index} s={s} />
        ))}
      </ol>
    </section>
  );
}

function SignatureCard({ s }: { s: SignatureReport }): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const yes = (ok: boolean, good: string, bad: string) => (
    <span className={ok ? 'text-success' : 'text-danger'}>{ok ? good : bad}</span>
  );
  return (
    <li className="card" data-testid="signature-card" style={{ marginBottom: 12, padding: 12 }}>
      <h3>
        {t('signatures.number', { index: String(s.index) })}:{' '}
        {s.signer?.commonName ?? t('signatures.unknownSigner')}{' '}
        {yes(s.valid, t('signatures.valid'), t('signatures.invalid'))}
      </h3>
      <dl>
        <dt>{t('signatures.issuer')}</dt>
        <dd>{s.signer?.issuer ?? '—'}</dd>
        <dt>{t('signatures.validity')}</dt>
        <dd>
          {s.signer
            ? t('signatures.validityRange', {
                from: formatDateTime(s.signer.validFrom, lang),
                to: formatDateTime(s.signer.validTo, lang),
              })
            : '—'}{' '}
          {yes(
            s.certificateValidAtSigning,
            t('signatures.validAtSigning'),
            t('signatures.notValidAtSigning'),
          )}
        </dd>
        <dt>{t('signatures.signingTime')}</dt>
        <dd>{s.signingTime ? formatDateTime(s.signingTime, lang) : t('signatures.noTime')}</dd>
        <dt>{t('signatures.changes')}</dt>
        <dd data-testid="signature-changes">
          {s.changedAfterSigning
            ? yes(false, '', t('signatures.changed'))
            : s.laterSignaturesOnly
              ? yes(true, t('signatures.laterSignatures'), '')
              : yes(true, t('signatures.unchanged'), '')}
        </dd>
        <dt>{t('signatures.trust')}</dt>
        <dd>
          {yes(s.trusted, t('signatures.trusted'), t('signatures.untrusted'))}
          {s.chain.length > 0 && <div className="muted">{s.chain.join(' → ')}</div>}
        </dd>
      </dl>
      {s.problems.length > 0 && (
        <ul>
          {s.problems.map((p) => (
            <li key={p}>{t(`signatures.problems.${p}`)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
