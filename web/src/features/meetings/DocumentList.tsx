import { useState, type ReactElement } from 'react';
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
import { currentLanguage } from '../../lib/i18n';
import { ClassificationFields } from './ClassificationFields';
import { formatSize } from './meeting-ui';
import { documentsApi } from './meetings.api';

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
                {d.versionNo > 1 && <> · {t('documents.versionNo', { n: String(d.versionNo) })}</>}
                <ClassificationBadges c={d.classification} />
              </span>
            </span>
            {canEdit && (
              <span className="doc__actions">
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
