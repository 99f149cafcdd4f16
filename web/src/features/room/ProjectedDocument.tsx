import { useCallback, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingDocument, RoomDocumentView } from '@icabinet/shared';
import { PdfPageCanvas } from '../../lib/pdf/PdfPageCanvas';
import { fittedWidth } from '../../lib/pdf/pinch';
import { usePdfDocument } from '../../lib/pdf/usePdfDocument';
import { Watermark } from '../../lib/pdf/Watermark';
import { useMe } from '../auth/auth.context';
import { documentsApi } from '../meetings/meetings.api';
import type { RoomClient } from './room.client';
import { Pointer } from './RoomDocument';
import { useRoomPointer } from './useRoom';

/**
 * The presented page on the projector: the whole page fitted to its box, at the presenter's page,
 * with the presenter's pointer. Nothing to press; a page that cannot be drawn says so in words.
 */
export function ProjectedDocument({
  client,
  doc,
  meta,
}: {
  client: RoomClient | null;
  doc: RoomDocumentView;
  meta: MeetingDocument | undefined;
}): ReactElement {
  const { user, unit } = useMe();
  const watermark = meta?.classification.watermark
    ? [user.fullName, unit?.name].filter(Boolean).join(' · ')
    : null;
  return (
    <ProjectedPage
      client={client}
      doc={doc}
      fileUrl={documentsApi.fileUrl(doc.documentId)}
      watermark={watermark}
    />
  );
}

/**
 * The presented page fitted to its box with the presenter's pointer, from any address (the
 * projector's session, a viewer screen's token); `layer` draws over the page (the shared notes).
 */
export function ProjectedPage({
  client,
  doc,
  fileUrl,
  watermark,
  layer,
  followZoom = false,
}: {
  client: RoomClient | null;
  doc: RoomDocumentView;
  fileUrl: string;
  watermark: string | null;
  layer?: (page: number, width: number) => ReactNode;
  /** Enlarge the page by the presenter's zoom (a viewer's own screen; the projector shows it whole). */
  followZoom?: boolean;
}): ReactElement {
  const { t } = useTranslation();
  const state = usePdfDocument(fileUrl);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  const [ratio, setRatio] = useState(1.414);
  const [failed, setFailed] = useState(false);
  const pointer = useRoomPointer(client, doc.page);
  const pdf = state.status === 'ready' ? state.doc : null;
  const onError = useCallback(() => setFailed(true), []);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry)
        setSize({ width: Math.floor(entry.contentRect.width), height: Math.floor(entry.contentRect.height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (!pdf) return;
    let gone = false;
    setFailed(false);
    pdf.getPage(Math.min(doc.page, pdf.numPages)).then(
      (p) => {
        const v = p.getViewport({ scale: 1 });
        if (!gone && v.width > 0) setRatio(v.height / v.width);
      },
      () => !gone && setFailed(true),
    );
    return () => {
      gone = true;
    };
  }, [pdf, doc.page]);

  const width = fittedWidth('page', size, ratio, followZoom ? doc.zoom : 1, 4000);
  return (
    <div
      ref={box}
      className={
        followZoom && doc.zoom > 1 ? 'display-doc__stage display-doc__stage--zoomed' : 'display-doc__stage'
      }
      data-page={doc.page}
      data-zoom={doc.zoom}
    >
      {state.status === 'error' || failed ? (
        <p className="display__none">{t('viewer.renderFailed')}</p>
      ) : !pdf ? (
        <p className="display__none">{t('viewer.loading')}</p>
      ) : (
        <PdfPageCanvas
          doc={pdf}
          pageNumber={Math.min(doc.page, pdf.numPages)}
          width={width}
          label={t('viewer.pageAlt', { page: String(doc.page) })}
          onError={onError}
          overlay={
            <>
              {layer?.(Math.min(doc.page, pdf.numPages), width)}
              {watermark && <Watermark text={watermark} />}
              {pointer && pointer.x !== null && pointer.y !== null && <Pointer x={pointer.x} y={pointer.y} />}
            </>
          }
        />
      )}
    </div>
  );
}
