import { useCallback, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { noteExcerpt, type AnnotationKind, type MyDocumentNotes } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { formatDateTime } from '../../lib/format';
import { errorText } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { allAnnotations, type PlacedAnnotation } from './annotations.model';
import { annotationsApi } from './annotations.api';
import { useDocVersion, type LayerHandle } from './useAnnotationLayer';

/** My annotations in a document: the private layer, and what I put on the shared one. */
export function myAnnotations(
  mine: LayerHandle | null,
  shared: LayerHandle | null,
  userId: string,
): (PlacedAnnotation & { shared: boolean })[] {
  const own = mine ? allAnnotations(mine.doc).map((p) => ({ ...p, shared: false })) : [];
  const onShared = shared
    ? allAnnotations(shared.doc)
        .filter((p) => p.annotation.author === userId)
        .map((p) => ({ ...p, shared: true }))
    : [];
  return [...own, ...onShared].sort(
    (a, b) => a.page - b.page || a.annotation.createdAt.localeCompare(b.annotation.createdAt),
  );
}

/** Where a note of another document is: that document, at that page. */
export interface NoteTarget {
  documentId: string;
  name: string;
  page: number;
}

/** What one row of the list shows, whichever document it comes from. */
interface Row {
  key: string;
  page: number;
  kind: AnnotationKind;
  color: string;
  text: string | null;
  createdAt: string;
  shared: boolean;
}

/** One note as a finger-sized button: colour, page, kind, layer, the start of its text, when. */
function NoteButton({
  row,
  label,
  current,
  opens,
  onClick,
}: {
  row: Row;
  label: string;
  current: boolean;
  /** Whether the tap leaves this document (shown with an arrow). */
  opens: boolean;
  onClick: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const kind = t(`annotations.kinds.${row.kind}`);
  return (
    <li>
      <button
        type="button"
        className={current ? 'ann-item is-current' : 'ann-item'}
        aria-label={`${label}: ${kind}${row.text ? ` — ${row.text}` : ''}`}
        onClick={onClick}
      >
        <span className="ann-item__dot" style={{ background: row.color }} aria-hidden="true" />
        <span className="ann-item__body">
          <span className="ann-item__meta">
            <strong>{t('annotations.panel.page', { page: String(row.page) })}</strong>
            {' · '}
            {kind}
            {row.shared && ` · ${t('annotations.panel.shared')}`}
          </span>
          {row.text && <span className="ann-item__text">{row.text}</span>}
          <span className="ann-item__time">{formatDateTime(row.createdAt, currentLanguage())}</span>
        </span>
        {opens && <Icon name="chevronRight" size={20} className="ann-item__go" />}
      </button>
    </li>
  );
}

/** The other documents of the meeting, from the server, grouped under each document's name. */
function OtherDocuments({
  meetingId,
  documentId,
  localCount,
  onOpenDocument,
}: {
  meetingId: string;
  documentId: string;
  /** My notes in the open document (decides whether there is anything at all to show). */
  localCount: number;
  onOpenDocument: (target: NoteTarget) => void;
}): ReactElement {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => annotationsApi.myNotes(meetingId, signal), [meetingId]);
  const notes = useResource(load);

  if (notes.status === 'error') {
    return (
      <div className="ann-panel__state" role="alert">
        <p>{t('annotations.panel.othersFailed')}</p>
        <p className="ann-hint">{errorText(notes.error, t)}</p>
        <Button icon="refresh" onClick={notes.reload}>
          {t('common.retry')}
        </Button>
      </div>
    );
  }
  if (notes.status === 'loading' || !notes.data) {
    return (
      <div className="ann-panel__state">
        <Spinner inline label={t('annotations.panel.othersLoading')} />
        <span>{t('annotations.panel.othersLoading')}</span>
      </div>
    );
  }
  const { documentsChecked, documents } = notes.data;
  // The open document is listed above from the device's own copy, unsynced notes included.
  const others: MyDocumentNotes[] = documents.filter((d) => d.documentId !== documentId);
  if (others.length === 0) {
    const rest = Math.max(documentsChecked - 1, 0);
    return (
      <p className="ann-panel__state" data-testid="my-notes-others-empty">
        {localCount === 0
          ? t('annotations.panel.meetingEmpty', { count: documentsChecked })
          : rest === 0
            ? t('annotations.panel.noOtherDocuments')
            : t('annotations.panel.othersEmpty', { count: rest })}
      </p>
    );
  }
  return (
    <>
      {others.map((d) => (
        <section
          key={d.documentId}
          className="ann-panel__doc"
          aria-label={
            d.latest
              ? d.name
              : `${d.name} (${t('annotations.panel.oldVersion', { version: String(d.versionNo) })})`
          }
        >
          <h4 className="ann-panel__doc-name">
            <Icon name="file" size={18} />
            <span>{d.name}</span>
            {!d.latest && (
              <span className="ann-panel__old-version">
                {t('annotations.panel.oldVersion', { version: String(d.versionNo) })}
              </span>
            )}
          </h4>
          <ul className="ann-panel__list">
            {d.items.map((item) => (
              <NoteButton
                key={`${item.layer}:${item.id}`}
                row={{ ...item, key: item.id, shared: item.layer === 'shared' }}
                label={t('annotations.panel.openAt', { name: d.name, page: String(item.page) })}
                current={false}
                opens
                onClick={() => onOpenDocument({ documentId: d.documentId, name: d.name, page: item.page })}
              />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/**
 * "Ghi chú của tôi": my notes in this document (from the layers on this device, so notes written
 * offline show at once), each jumping to its page; then, when the document belongs to a meeting,
 * my notes in its other documents (from the server), each opening that document at its page.
 */
export function MyNotesPanel({
  mine,
  shared,
  userId,
  documentId,
  meetingId,
  currentPage,
  onJump,
  onOpenDocument,
  onClose,
}: {
  mine: LayerHandle | null;
  shared: LayerHandle | null;
  userId: string;
  documentId: string;
  /** The meeting the document belongs to; null lists this document only. */
  meetingId: string | null;
  currentPage: number;
  onJump: (page: number) => void;
  onOpenDocument: (target: NoteTarget) => void;
  onClose: () => void;
}): ReactElement {
  const { t } = useTranslation();
  useDocVersion(mine?.doc ?? null);
  useDocVersion(shared?.doc ?? null);
  const rows: Row[] = myAnnotations(mine, shared, userId).map(({ page, annotation: a, shared: s }) => ({
    key: `${s ? 's' : 'p'}:${a.id}`,
    page,
    kind: a.kind,
    color: a.color,
    text: noteExcerpt(a),
    createdAt: a.createdAt,
    shared: s,
  }));

  const here =
    rows.length === 0 ? (
      <div className="ann-panel__empty">
        <p>{t('annotations.panel.empty')}</p>
        <p className="ann-hint">{t('annotations.panel.emptyHint')}</p>
      </div>
    ) : (
      <ul className="ann-panel__list">
        {rows.map((row) => (
          <NoteButton
            key={row.key}
            row={row}
            label={t('annotations.panel.goTo', { page: String(row.page) })}
            current={row.page === currentPage}
            opens={false}
            onClick={() => onJump(row.page)}
          />
        ))}
      </ul>
    );

  return (
    <aside className="ann-panel" aria-labelledby="ann-panel-title">
      <div className="ann-panel__head">
        <h2 id="ann-panel-title" className="ann-panel__title">
          {t('annotations.panel.title')}
        </h2>
        {meetingId === null && (
          <span className="ann-panel__count">{t('annotations.panel.count', { count: rows.length })}</span>
        )}
        <Button variant="ghost" onClick={onClose}>
          {t('annotations.panel.close')}
        </Button>
      </div>
      {meetingId === null ? (
        here
      ) : (
        <div className="ann-panel__body">
          <section className="ann-panel__section" aria-labelledby="ann-panel-here">
            <h3 id="ann-panel-here" className="ann-panel__section-title">
              <span>{t('annotations.panel.thisDocument')}</span>
              <span className="ann-panel__count">{t('annotations.panel.count', { count: rows.length })}</span>
            </h3>
            {here}
          </section>
          <section className="ann-panel__section" aria-labelledby="ann-panel-others">
            <h3 id="ann-panel-others" className="ann-panel__section-title">
              {t('annotations.panel.otherDocuments')}
            </h3>
            <OtherDocuments
              meetingId={meetingId}
              documentId={documentId}
              localCount={rows.length}
              onOpenDocument={onOpenDocument}
            />
          </section>
        </div>
      )}
    </aside>
  );
}
