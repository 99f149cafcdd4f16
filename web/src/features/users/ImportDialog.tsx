import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue, UserImportResult } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { ApiError } from '../../lib/api';
import {
  buildImportTemplate,
  buildPasswordsCsv,
  downloadText,
  importIssueColumn,
  stripBom,
} from '../../lib/csv';
import { errorText } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { usersApi } from './users.api';

// Thousands of rows fit in far less; a bigger file is almost certainly the wrong one.
const MAX_FILE_MB = 5;

/** Sorts issues by line so the administrator can walk down the file once. */
export function sortIssues(issues: readonly FieldIssue[]): FieldIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Imports users from a CSV file: template, upload with a busy state, errors per line, passwords. */
export function ImportDialog({
  onClose,
  onImported,
}: {
  onClose: () => void;
  onImported: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [result, setResult] = useState<UserImportResult | null>(null);

  const submit = async () => {
    if (!file) return;
    setError(null);
    setIssues([]);
    if (file.size > MAX_FILE_MB * 1024 * 1024) {
      setError(t('import.fileTooLarge', { size: String(MAX_FILE_MB) }));
      return;
    }
    setBusy(true);
    try {
      const imported = await usersApi.importCsv(stripBom(await file.text()));
      setResult(imported);
      onImported();
    } catch (e) {
      setError(errorText(e, t));
      if (e instanceof ApiError) setIssues(sortIssues(e.issues));
    } finally {
      setBusy(false);
    }
  };

  const downloadPasswords = (r: UserImportResult) =>
    downloadText(
      t('import.passwordsFile'),
      buildPasswordsCsv(
        [t('users.columns.username'), t('users.columns.fullName'), t('import.passwordHeader')],
        r.users,
      ),
    );

  if (result) {
    const withPasswords = result.users.some((u) => u.temporaryPassword);
    return (
      <Dialog
        title={t('import.doneTitle')}
        onClose={onClose}
        size="large"
        footer={
          <>
            {withPasswords && (
              <Button icon="download" onClick={() => downloadPasswords(result)}>
                {t('import.downloadPasswords')}
              </Button>
            )}
            <Button variant="primary" onClick={onClose}>
              {t('common.close')}
            </Button>
          </>
        }
      >
        <Alert kind="success" title={t('import.done', { count: result.imported })} />
        {withPasswords && <Alert kind="warning">{t('import.passwordsIntro')}</Alert>}
        <div className="table-wrap table-wrap--scroll">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('users.columns.username')}</th>
                <th scope="col">{t('users.columns.fullName')}</th>
                <th scope="col">{t('import.passwordHeader')}</th>
              </tr>
            </thead>
            <tbody>
              {result.users.map((u) => (
                <tr key={u.username}>
                  <td>{u.username}</td>
                  <td>{u.fullName}</td>
                  <td>
                    {u.temporaryPassword ? (
                      <code translate="no">{u.temporaryPassword}</code>
                    ) : (
                      <span className="muted">{t('import.passwordSetByFile')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      title={t('import.title')}
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
      <p>{t('import.intro')}</p>
      <p>
        <Button
          icon="download"
          onClick={() => downloadText(t('import.templateFile'), buildImportTemplate(currentLanguage()))}
        >
          {t('import.template')}
        </Button>
      </p>
      <div className="field">
        <span className="field__label" id={`${inputId}-label`}>
          {t('import.file')}
        </span>
        <div className="file-picker">
          <label className="btn btn--secondary" htmlFor={inputId}>
            <Icon name="file" />
            <span>{t('import.chooseFile')}</span>
          </label>
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            accept=".csv,text/csv"
            aria-labelledby={`${inputId}-label`}
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(null);
              setIssues([]);
            }}
          />
          <span className={file ? 'file-picker__name' : 'file-picker__name muted'}>
            {file ? file.name : t('import.noFile')}
          </span>
        </div>
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
            <>
              <p>{t('import.errorsHelp')}</p>
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
                      const cell = splitCellIssue(
                        issue,
                        t('import.line', { line: String(issue.line ?? '') }),
                      );
                      return (
                        <tr key={`${issue.line ?? 0}-${issue.path}-${i}`}>
                          <td className="nowrap">{issue.line ?? t('common.none')}</td>
                          <td className="nowrap">
                            {cell.column ??
                              importIssueColumn(issue.path, currentLanguage()) ??
                              t('common.none')}
                          </td>
                          <td>{cell.message}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </Alert>
      )}
    </Dialog>
  );
}

/**
 * A cell problem from the server reads `Dòng 3: cột "Thư điện tử" — …` (line, then the column as
 * the file spells it): the table shows the line and that column in their own cells, the rest as
 * the message.
 */
export function splitCellIssue(
  issue: { line?: number; message: string },
  lineLabel: string,
): { column: string | null; message: string } {
  let message = issue.message;
  if (issue.line !== undefined && message.startsWith(`${lineLabel}:`))
    message = message.slice(lineLabel.length + 1).trim();
  const named = /^[^"]{1,20}"([^"]+)"\s+—\s*(.*)$/su.exec(message);
  return named ? { column: named[1] ?? null, message: named[2] ?? message } : { column: null, message };
}
