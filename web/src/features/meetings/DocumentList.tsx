import { useCallback, useId, useRef, useState, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DocumentClassification, MeetingDocument } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toast';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { ClassificationFields } from './ClassificationFields';
import { formatSize } from './meeting-ui';
import { documentsApi } from './meetings.api';
import { precheck, uploadDocument, type UploadState } from './upload';
import { UploadProgress } from './UploadDialog';

/** Badges that tell who may open a document and how it is shown. */
export function ClassificationBadges({ c }: { c: DocumentClassification }): ReactElement {
  const { t } = useTranslation();
  return (
    <>
      {c.openBy !== 'participants' && <Badge tone="red">{t(`documents.badges.${c.openBy}`)}</Badge>}
      {c.watermark && <Badge tone="blue">{t('documents.badges.watermark')}</Badge>}
      {!c.download && <Badge tone="grey">{t('documents.badges.noDownload')}</Badge>}
    </>
  );
}

/** The documents of the meeting or of one agenda item, with open / classify / delete. */
export function DocumentList({
  documents,
  canEdit,
  onChanged,
}: {
  documents: readonly MeetingDocument[];
  canEdit: boolean;
  onChanged: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const [removing, setRemoving] = useState<MeetingDocument | null>(null);
  const [classifying, setClassifying] = useState<MeetingDocument | null>(null);
  const [replacing, setReplacing] = useState<MeetingDocument | null>(null);
  const [history, setHistory] = useState<MeetingDocument | null>(null);

  if (documents.length === 0) return <p className="muted doc-none">{t('documents.none')}</p>;
  return (
    <>
      <ul className="docs">
        {documents.map((d) => (
          <li key={d.id} className="doc">
            <Icon name="file" className="doc__icon" />
            <span className="doc__body">
              <Link className="doc__name" to={`/documents/${d.id}`}>
                {d.name}
              </Link>
              <span className="doc__meta">
                {t('documents.pages', { count: d.pages })} · {formatSize(d.size, lang)}
                {d.versionNo > 1 && (
                  <>
                    {' · '}
                    <button type="button" className="link-button" onClick={() => setHistory(d)}>
                      {t('documents.versionNo', { n: String(d.versionNo) })}
                      <span className="visually-hidden"> — {t('documents.history')}</span>
                    </button>
                  </>
                )}
                <ClassificationBadges c={d.classification} />
              </span>
            </span>
            {canEdit && (
              <span className="doc__actions">
                <Button icon="upload" variant="ghost" onClick={() => setReplacing(d)}>
                  {t('documents.newVersion')}
                  <span className="visually-hidden"> {d.name}</span>
                </Button>
                <Button icon="lock" variant="ghost" onClick={() => setClassifying(d)}>
                  {t('documents.classify')}
                  <span className="visually-hidden"> {d.name}</span>
                </Button>
                <Button icon="trash" variant="ghost" iconOnly onClick={() => setRemoving(d)}>
                  {`${t('documents.remove')} ${d.name}`}
                </Button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {removing && (
        <ConfirmDialog
          title={t('documents.removeTitle')}
          text={t('documents.removeText', { name: removing.name })}
          confirmLabel={t('documents.remove')}
          danger
          onConfirm={async () => {
            await documentsApi.remove(removing.id);
            toast.show('success', t('documents.removed', { name: removing.name }));
            setRemoving(null);
            onChanged();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
      {replacing && (
        <NewVersionDialog
          document={replacing}
          onClose={() => setReplacing(null)}
          onUploaded={(next) => {
            setReplacing(null);
            toast.show(
              'success',
              t('documents.newVersionDone', { name: next.name, n: String(next.versionNo) }),
            );
            onChanged();
          }}
        />
      )}
      {history && <HistoryDialog document={history} onClose={() => setHistory(null)} />}
      {classifying && (
        <ClassifyDialog
          document={classifying}
          onClose={() => setClassifying(null)}
          onSaved={() => {
            setClassifying(null);
            toast.show('success', t('documents.saved'));
            onChanged();
          }}
        />
      )}
    </>
  );
}

function ClassifyDialog({
  document,
  onClose,
  onSaved,
}: {
  document: MeetingDocument;
  onClose: () => void;
  onSaved: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const [value, setValue] = useState(document.classification);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await documentsApi.update(document.id, { version: document.version, classification: value });
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'conflict' ? t('users.toast.conflict') : errorText(e, t));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('documents.classifyTitle', { name: document.name })}
      onClose={onClose}
      busy={busy}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      {error && <Alert kind="error">{error}</Alert>}
      <ClassificationFields value={value} onChange={setValue} disabled={busy} />
    </Dialog>
  );
}

/** Replaces a document by a new PDF; the server keeps the old one in the version chain. */
function NewVersionDialog({
  document,
  onClose,
  onUploaded,
}: {
  document: MeetingDocument;
  onClose: () => void;
  onUploaded: (next: MeetingDocument) => void;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<UploadState | null>(null);
  const abort = useRef<(() => void) | null>(null);
  const running = state?.status === 'uploading' || state?.status === 'processing';

  const start = async () => {
    if (!file) return;
    const { promise, abort: stop } = uploadDocument(
      {
        meetingId: document.meetingId,
        agendaItemId: document.agendaItemId,
        classification: document.classification,
        replaces: document.id,
      },
      file,
      setState,
    );
    abort.current = stop;
    try {
      onUploaded(await promise);
    } catch {
      // The dialog shows the error; the secretary may pick another file.
    } finally {
      abort.current = null;
    }
  };

  return (
    <Dialog
      title={t('documents.newVersionTitle', { name: document.name })}
      onClose={onClose}
      busy={running}
      footer={
        <>
          <Button onClick={running ? () => abort.current?.() : onClose}>
            {running ? t('common.cancel') : t('common.close')}
          </Button>
          <Button
            variant="primary"
            icon="upload"
            busy={running}
            disabled={!file || running}
            onClick={() => void start()}
          >
            {t('documents.start')}
          </Button>
        </>
      }
    >
      <p className="muted">{t('documents.newVersionHint')}</p>
      <div className="file-picker">
        <label className="btn btn--secondary" htmlFor={inputId}>
          <Icon name="file" />
          <span>{t('documents.chooseFiles')}</span>
        </label>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          accept="application/pdf,.pdf"
          disabled={running}
          onChange={(e) => {
            const picked = e.target.files?.[0] ?? null;
            e.target.value = '';
            if (!picked) return;
            const problem = precheck(picked);
            setFile(problem ? null : picked);
            setState(problem ? { status: 'failed', message: problem } : null);
          }}
        />
        <span className="muted">
          {file ? `${file.name} · ${formatSize(file.size, lang)}` : t('documents.noFiles')}
        </span>
      </div>
      {state && (
        <div className={`upload upload--${state.status}`}>
          <UploadProgress state={state} name={file?.name ?? document.name} />
        </div>
      )}
    </Dialog>
  );
}

/** Every version of a document, newest first, each one openable. */
function HistoryDialog({
  document,
  onClose,
}: {
  document: MeetingDocument;
  onClose: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback(
    (signal: AbortSignal) => documentsApi.versions(document.id, signal),
    [document.id],
  );
  const versions = useResource(load);
  const items = [...(versions.data?.items ?? [])].sort((a, b) => b.versionNo - a.versionNo);
  return (
    <Dialog
      title={t('documents.historyTitle', { name: document.name })}
      onClose={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
    >
      {versions.error ? (
        <Alert kind="error">{errorText(versions.error, t)}</Alert>
      ) : !versions.data ? (
        <p className="muted">{t('documents.historyLoading')}</p>
      ) : (
        <ul className="docs">
          {items.map((v) => (
            <li key={v.id} className="doc">
              <Icon name="file" className="doc__icon" />
              <span className="doc__body">
                <Link className="doc__name" to={`/documents/${v.id}`}>
                  {t('documents.openVersion', { n: String(v.versionNo) })}
                </Link>
                <span className="doc__meta">
                  {t('documents.historyRow', {
                    n: String(v.versionNo),
                    pages: String(v.pages),
                    size: formatSize(v.size, lang),
                    at: formatDateTime(v.createdAt, lang),
                  })}
                  {v.latest && <Badge tone="blue">{t('documents.historyLatest')}</Badge>}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
