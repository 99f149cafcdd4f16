import { useCallback, useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue, SiteImportResult } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { ApiError } from '../../lib/api';
import { stripBom } from '../../lib/csv';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { sortIssues, splitCellIssue } from '../users/ImportDialog';
import { sitesApi } from './sites.api';
import './sites.css';

/** Quản trị → Điểm cầu: the city → district → commune tree, and its CSV import. */
export function SitesPage(): ReactElement {
  const { t } = useTranslation();
  const list = useResource(useCallback((signal: AbortSignal) => sitesApi.list(signal), []));
  const [importing, setImporting] = useState(false);
  const [done, setDone] = useState<SiteImportResult | null>(null);
  const items = list.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader
        title={t('sites.title')}
        subtitle={t('sites.subtitle')}
        actions={
          <Button variant="primary" icon="upload" onClick={() => setImporting(true)}>
            {t('sites.import')}
          </Button>
        }
      />
      {done && (
        <Alert
          kind="success"
          title={t('sites.imported', {
            n: String(done.imported),
            city: String(done.byLevel.city),
            district: String(done.byLevel.district),
            commune: String(done.byLevel.commune),
          })}
        />
      )}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.status === 'loading' && !list.data && <Spinner label={t('common.loading')} />}
      {list.data && items.length === 0 && (
        <EmptyState icon="units" title={t('sites.empty')} text={t('sites.emptyText')} />
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table site-tree">
            <thead>
              <tr>
                <th scope="col">{t('sites.columns.name')}</th>
                <th scope="col">{t('sites.columns.code')}</th>
                <th scope="col">{t('sites.columns.level')}</th>
                <th scope="col">{t('sites.columns.operator')}</th>
                <th scope="col">{t('sites.columns.expected')}</th>
                <th scope="col">{t('sites.columns.link')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-level={s.level}>
                  <td>{s.name}</td>
                  <td translate="no">{s.code}</td>
                  <td>{t(`sites.level.${s.level}`)}</td>
                  <td>
                    {s.operatorName ? (
                      `${s.operatorName} (${s.operatorUsername ?? ''})`
                    ) : (
                      <span className="muted">{t('sites.noOperator')}</span>
                    )}
                  </td>
                  <td className="nowrap">{s.expectedDelegates}</td>
                  <td>
                    {s.conferenceUrl ? (
                      <a href={s.conferenceUrl} target="_blank" rel="noreferrer noopener">
                        {s.conferenceUrl}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {importing && (
        <SitesImportDialog
          onClose={() => setImporting(false)}
          onImported={(r) => {
            setDone(r);
            setImporting(false);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

/** Uploads a sites CSV; a refused file shows every problem by line and column, nothing imported. */
function SitesImportDialog({
  onClose,
  onImported,
}: {
  onClose: () => void;
  onImported: (r: SiteImportResult) => void;
}): ReactElement {
  const { t } = useTranslation();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setIssues([]);
    try {
      onImported(await sitesApi.importCsv(stripBom(await file.text())));
    } catch (e) {
      setError(errorText(e, t));
      if (e instanceof ApiError) setIssues(sortIssues(e.issues));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('sites.importTitle')}
      onClose={onClose}
      busy={busy}
      size="large"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button variant="primary" icon="upload" busy={busy} disabled={!file} onClick={() => void submit()}>
            {t('import.submit')}
          </Button>
        </>
      }
    >
      <p>{t('sites.importIntro')}</p>
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          {t('import.file')}
        </label>
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      {busy && (
        <div className="progress" role="status">
          <div className="progress__bar" />
          <span>{t('import.busy')}</span>
        </div>
      )}
      {error && (
        <Alert kind="error" title={issues.length > 0 ? t('import.errorsTitle') : undefined}>
          <p>{error}</p>
          {issues.length > 0 && (
            <div className="table-wrap table-wrap--scroll">
              <table className="table table--compact">
                <thead>
                  <tr>
                    <th scope="col">{t('import.issueLine')}</th>
                    <th scope="col">{t('import.issueColumn')}</th>
                    <th scope="col">{t('import.issueMessage')}</th>
                  </tr>
                </thead>
                <tbody>
                  {issues.map((issue, i) => {
                    const cell = splitCellIssue(issue, t('import.line', { line: String(issue.line ?? '') }));
                    return (
                      <tr key={`${issue.line ?? 0}-${i}`}>
                        <td className="nowrap">{issue.line ?? t('common.none')}</td>
                        <td className="nowrap">{cell.column ?? t('common.none')}</td>
                        <td>{cell.message}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Alert>
      )}
    </Dialog>
  );
}
