import { useState, type ReactElement, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { annotationsContract } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { urlOf } from '../../lib/api';
import { PdfPagesPanel } from '../../lib/pdf/PdfPagesPanel';
import { PdfViewer } from '../../lib/pdf/PdfViewer';
import { DocumentSearchPanel } from '../documents/DocumentSearchPanel';
import { useConnection } from '../../app/ConnectionProvider';
import { COLORS, WIDTHS } from './annotations.model';
import { AnnotationOverlay } from './AnnotationOverlay';
import { AnnotationToolbar, type ToolbarState } from './AnnotationToolbar';
import { MyNotesPanel, type NoteTarget } from './MyNotesPanel';
import { useAnnotationLayer, useDocVersion, type LayerHandle } from './useAnnotationLayer';
import './annotations.css';

/** Where the annotated copy of a document is downloaded. */
export const annotatedPdfUrl = (documentId: string): string =>
  urlOf(annotationsContract.annotatedPdf, { params: { id: documentId } });

/** The reading viewer's address for a document, opened at a page. */
export const documentPageUrl = (documentId: string, page: number): string =>
  `/documents/${encodeURIComponent(documentId)}?page=${page}`;

/**
 * The PDF viewer with the annotation layers: the shared layer and my private one drawn over the
 * page, the tools in a second toolbar row, and the "Ghi chú của tôi" panel beside the page.
 */
export function AnnotatedViewer({
  documentId,
  meetingId,
  userId,
  url,
  title,
  watermark,
  canExport,
  toolbarExtra,
  page: controlledPage,
  initialPage = 1,
  onPageChange,
  onOpenDocument,
  zoom,
  onZoomChange,
  pageOverlay,
  onPagePointer,
  search = true,
  fit = 'width',
  compactTools = false,
}: {
  documentId: string;
  /** The meeting the document belongs to: "Ghi chú của tôi" lists my notes in its other documents too. */
  meetingId: string | null;
  userId: string;
  url: string;
  title: string;
  watermark: string | null;
  /** Whether the reader may download this document (and so its annotated copy). */
  canExport: boolean;
  toolbarExtra?: ReactNode;
  /** The page driven from outside (the live room follows the presenter); otherwise the viewer's own. */
  page?: number;
  /** The page shown first when the page is not driven from outside. */
  initialPage?: number;
  /** A page the reader chose (page buttons, swipe, a note in "Ghi chú của tôi"). */
  onPageChange?: (page: number) => void;
  /** A note of another document was tapped; by default the reading viewer opens it at its page. */
  onOpenDocument?: (target: NoteTarget) => void;
  zoom?: number;
  onZoomChange?: (zoom: number) => void;
  /** Laid over the annotations (e.g. the presenter's pointer, which takes no touches). */
  pageOverlay?: ReactNode;
  onPagePointer?: (point: { x: number; y: number } | null) => void;
  /** Whether the full-text search panel is offered. */
  search?: boolean;
  /** `page`: the whole page fits (the meeting room's reader); `width`: it fills the width. */
  fit?: 'page' | 'width';
  /** The note tools stay folded behind one button until asked for (the reader keeps the page large). */
  compactTools?: boolean;
}): ReactElement {
  const { t } = useTranslation();
  const { socket } = useConnection();
  const navigate = useNavigate();
  const shared = useAnnotationLayer(socket, userId, documentId, 'shared');
  const mine = useAnnotationLayer(socket, userId, documentId, 'private');
  const [ownPage, setOwnPage] = useState(initialPage);
  const page = controlledPage ?? ownPage;
  const setPage = (next: number) => {
    setOwnPage(next);
    onPageChange?.(next);
  };
  const [panel, setPanel] = useState<'notes' | 'search' | 'pages' | null>(null);
  const [query, setQuery] = useState('');
  const [toolsOpen, setToolsOpen] = useState(!compactTools);
  const toggle = (which: 'notes' | 'search' | 'pages') => setPanel((p) => (p === which ? null : which));
  const notesOpen = panel === 'notes';
  const [tools, setTools] = useState<ToolbarState>({
    layer: 'private',
    tool: 'select',
    color: 'red',
    width: 'medium',
  });

  // The shared layer is written only while the server says so; otherwise notes go to my layer.
  const onShared = tools.layer === 'shared' && shared?.canWrite === true;
  const active: LayerHandle | null = onShared ? shared : mine?.canWrite === false ? null : mine;
  useDocVersion(active?.doc ?? null);
  const undo = active?.undo ?? null;
  const layers = [shared, mine].filter((l): l is LayerHandle => l !== null);

  return (
    <div className={panel === 'notes' || panel === 'search' ? 'ann-view has-panel' : 'ann-view'}>
      <div className="ann-view__main">
        <PdfViewer
          url={url}
          title={title}
          watermark={watermark}
          page={page}
          onPageChange={setPage}
          zoom={zoom}
          onZoomChange={onZoomChange}
          onPagePointer={onPagePointer}
          fit={fit}
          highlight={panel === 'search' ? query : ''}
          sidePanel={(doc, go) =>
            panel === 'pages' && (
              <aside className="ann-panel pages-drawer" aria-label={t('viewer.pages.title')}>
                <div className="ann-panel__head">
                  <h2 className="ann-panel__title">{t('viewer.pages.title')}</h2>
                  <Button icon="x" iconOnly variant="ghost" onClick={() => setPanel(null)}>
                    {t('viewer.pages.close')}
                  </Button>
                </div>
                <PdfPagesPanel doc={doc} page={page} onGo={go} />
              </aside>
            )
          }
          toolbarExtra={
            <>
              {toolbarExtra}
              <Button
                icon="file"
                variant={panel === 'pages' ? 'primary' : 'secondary'}
                aria-pressed={panel === 'pages'}
                onClick={() => toggle('pages')}
              >
                {t('viewer.pages.open')}
              </Button>
              {search && (
                <Button
                  icon="search"
                  variant={panel === 'search' ? 'primary' : 'secondary'}
                  aria-pressed={panel === 'search'}
                  onClick={() => toggle('search')}
                >
                  {t('viewer.search.open')}
                </Button>
              )}
              {compactTools && (
                <Button
                  icon="edit"
                  variant={toolsOpen ? 'primary' : 'secondary'}
                  aria-pressed={toolsOpen}
                  aria-expanded={toolsOpen}
                  onClick={() => setToolsOpen((o) => !o)}
                >
                  {t('annotations.toolbar')}
                </Button>
              )}
              {toolsOpen && (
                <AnnotationToolbar
                  state={{ ...tools, layer: onShared ? 'shared' : 'private' }}
                  onChange={setTools}
                  sharedWritable={shared?.canWrite ?? null}
                  status={active?.status ?? null}
                  canUndo={(undo?.undoStack.length ?? 0) > 0}
                  canRedo={(undo?.redoStack.length ?? 0) > 0}
                  onUndo={() => undo?.undo()}
                  onRedo={() => undo?.redo()}
                  notesOpen={notesOpen}
                  onToggleNotes={() => setPanel((p) => (p === 'notes' ? null : 'notes'))}
                  exportUrl={canExport ? annotatedPdfUrl(documentId) : null}
                />
              )}
            </>
          }
          pageOverlay={
            <>
              <AnnotationOverlay
                page={page}
                layers={layers}
                active={active}
                userId={userId}
                pen={{ tool: tools.tool, color: COLORS[tools.color], width: WIDTHS[tools.width] }}
              />
              {pageOverlay}
            </>
          }
        />
      </div>
      {notesOpen && (
        <MyNotesPanel
          mine={mine}
          shared={shared}
          userId={userId}
          documentId={documentId}
          meetingId={meetingId}
          currentPage={page}
          onJump={setPage}
          onOpenDocument={onOpenDocument ?? ((to) => void navigate(documentPageUrl(to.documentId, to.page)))}
          onClose={() => setPanel(null)}
        />
      )}
      {panel === 'search' && (
        <DocumentSearchPanel
          documentId={documentId}
          currentPage={page}
          onJump={setPage}
          onQuery={setQuery}
          onClose={() => setPanel(null)}
        />
      )}
    </div>
  );
}
