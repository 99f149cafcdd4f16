import { useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CLASSIFICATION, type DocumentClassification } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { currentLanguage } from '../../lib/i18n';
import { formatSize } from './meeting-ui';
import { ClassificationFields } from './ClassificationFields';
import { precheck, uploadDocument, type UploadState } from './upload';

interface Row {
  key: string;
  file: File;
  state: UploadState;
}

/** Uploads several PDFs to the meeting or to one agenda item, one progress bar per file. */
export function UploadDialog({
  meetingId,
  agendaItemId,
  target,
  onClose,
  onUploaded,
}: {
  meetingId: string;
  agendaItemId: string | null;
  /** What the files are attached to, for the title. */
  target: string;
  onClose: () => void;
  onUploaded: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const inputId = useId();
  const [classification, setClassification] = useState<DocumentClassification>(DEFAULT_CLASSIFICATION);
  const [rows, setRows] = useState<Row[]>([]);
  const [running, setRunning] = useState(false);
  const aborts = useRef(new Map<string, () => void>());

  const setState = (key: string, state: UploadState) =>
    setRows((list) => list.map((r) => (r.key === key ? { ...r, state } : r)));

  const choose = (files: FileList | null) => {
    const picked = Array.from(files ?? []).map((file, i) => {
      const problem = precheck(file);
      const state: UploadState = problem ? { status: 'failed', message: problem } : { status: 'queued' };
      return { key: `${Date.now()}-${i}-${file.name}`, file, state };
    });
    setRows((list) => [...list.filter((r) => r.state.status === 'done'), ...picked]);
  };

  const start = async () => {
    setRunning(true);
    let uploaded = 0;
    // One at a time: the server parses each PDF, and a tablet's uplink is the bottleneck anyway.
    for (const row of rows) {
      if (row.state.status !== 'queued') continue;
      const { promise, abort } = uploadDocument({ meetingId, agendaItemId, classification }, row.file, (s) =>
        setState(row.key, s),
      );
      aborts.current.set(row.key, abort);
      try {
        await promise;
        uploaded += 1;
      } catch {
        // The row shows the error; carry on with the next file.
      } finally {
        aborts.current.delete(row.key);
      }
    }
    setRunning(false);
    if (uploaded > 0) onUploaded();
  };

  const queued = rows.filter((r) => r.state.status === 'queued').length;
  const done = rows.filter((r) => r.state.status === 'done').length;

  return (
    <Dialog
      title={t('documents.uploadTitle', { target })}
      onClose={onClose}
      busy={running}
      size="large"
      footer={
        <>
          <Button onClick={onClose} disabled={running}>
            {t('common.close')}
          </Button>
          <Button
            variant="primary"
            icon="upload"
            busy={running}
            disabled={queued === 0}
            onClick={() => void start()}
          >
            {t('documents.start')}
          </Button>
        </>
      }
    >
      <ClassificationFields value={classification} onChange={setClassification} disabled={running} />
      <div className="field">
        <div className="file-picker">
          <label className="btn btn--secondary" htmlFor={inputId}>
            <Icon name="file" />
            <span>{t('documents.chooseFiles')}</span>
          </label>
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            multiple
            accept="application/pdf,.pdf"
            disabled={running}
            onChange={(e) => {
              choose(e.target.files);
              e.target.value = '';
            }}
          />
          <span className="muted">
            {rows.length === 0 ? t('documents.noFiles') : t('documents.chooseHint')}
          </span>
        </div>
      </div>
      {done > 0 && !running && queued === 0 && (
        <Alert kind="success">{t('documents.uploadDone', { count: done })}</Alert>
      )}
      {rows.length > 0 && (
        <ul className="uploads" aria-label={t('documents.upload')}>
          {rows.map((row) => (
            <UploadRow key={row.key} row={row} lang={lang} onAbort={() => aborts.current.get(row.key)?.()} />
          ))}
        </ul>
      )}
    </Dialog>
  );
}

function UploadRow({
  row,
  lang,
  onAbort,
}: {
  row: Row;
  lang: 'vi' | 'en';
  onAbort: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const { state } = row;
  return (
    <li className={`upload upload--${state.status}`}>
      <div className="upload__head">
        <Icon name={state.status === 'failed' ? 'alert' : state.status === 'done' ? 'check' : 'file'} />
        <span className="upload__name">{row.file.name}</span>
        <span className="upload__size">{formatSize(row.file.size, lang)}</span>
        {state.status === 'uploading' && (
          <Button variant="ghost" icon="x" onClick={onAbort}>
            {t('common.cancel')}
            <span className="visually-hidden"> {row.file.name}</span>
          </Button>
        )}
      </div>
      <UploadProgress state={state} name={row.file.name} />
    </li>
  );
}

/** One file's progress bar and status line (also used when replacing a document by a new version). */
export function UploadProgress({ state, name }: { state: UploadState; name: string }): ReactElement {
  const { t } = useTranslation();
  const percent =
    state.status === 'uploading'
      ? Math.round((state.loaded / Math.max(1, state.total)) * 100)
      : state.status === 'processing' || state.status === 'done'
        ? 100
        : 0;
  const label =
    state.status === 'uploading'
      ? t('documents.progress.uploading', { percent: String(percent) })
      : state.status === 'done'
        ? t('documents.progress.done', { pages: String(state.document.pages) })
        : t(`documents.progress.${state.status}`);
  return (
    <>
      <progress
        className="upload__bar"
        max={100}
        value={state.status === 'processing' ? undefined : percent}
        aria-label={`${name}: ${label}`}
      />
      <p className="upload__status" role={state.status === 'failed' ? 'alert' : undefined}>
        {label}
        {state.status === 'failed' && <>: {state.message}</>}
      </p>
    </>
  );
}
