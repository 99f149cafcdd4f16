import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MeetingDocument, RoomDocumentView } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { AnnotatedViewer, documentPageUrl } from '../annotations/AnnotatedViewer';
import type { NoteTarget } from '../annotations/MyNotesPanel';
import { useMe } from '../auth/auth.context';
import { documentsApi } from '../meetings/meetings.api';
import type { RoomClient } from './room.client';
import { useRoomPointer } from './useRoom';

/** The presenter's pointer drawn over the page. */
export function Pointer({ x, y }: { x: number; y: number }): ReactElement {
  const { t } = useTranslation();
  return (
    <span
      className="room-pointer"
      style={{ left: `${x * 100}%`, top: `${y * 100}%` }}
      role="img"
      aria-label={t('room.document.pointer')}
    />
  );
}

/**
 * Asks before "Ghi chú của tôi" takes the reader out of the room to another document: the room
 * goes on without them until they come back (the reading viewer's "back" returns here).
 */
function LeaveRoomDialog({ target, onClose }: { target: NoteTarget; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <ConfirmDialog
      title={t('annotations.panel.leaveRoomTitle')}
      text={t('annotations.panel.leaveRoomText', { name: target.name, page: String(target.page) })}
      confirmLabel={t('annotations.panel.leaveRoomConfirm')}
      onConfirm={async () => {
        await navigate(documentPageUrl(target.documentId, target.page));
      }}
      onClose={onClose}
    />
  );
}

/**
 * The room's document. Whoever may present moves everyone (page, zoom, pointer); everyone else
 * follows the presenter, may browse freely, and returns with one tap. A note of another document
 * in "Ghi chú của tôi" opens that document in the reading viewer, once the reader confirms.
 */
export function RoomDocument({
  client,
  doc,
  documents,
  canPresent,
  emptyText,
  presenterName = null,
  presentingNote = null,
}: {
  client: RoomClient;
  doc: RoomDocumentView | null;
  documents: readonly MeetingDocument[];
  canPresent: boolean;
  emptyText: string;
  /** Who presents, named in the "following" line. */
  presenterName?: string | null;
  /** Said above the page to a delegate who presents (everyone follows them). */
  presentingNote?: string | null;
}): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const { user, unit } = useMe();
  const [follow, setFollow] = useState(true);
  const [leaving, setLeaving] = useState<NoteTarget | null>(null);
  const [own, setOwn] = useState<{ page: number; zoom: number }>({ page: 1, zoom: 1 });
  // What the presenter just did, shown at once while the server confirms it.
  const [optimistic, setOptimistic] = useState<{ page: number; zoom: number } | null>(null);
  const latest = useRef(0);
  const documentId = doc?.documentId ?? null;
  useEffect(() => {
    // A newly opened document is followed from its first shown page.
    setFollow(true);
    setOptimistic(null);
  }, [documentId]);
  const pointer = useRoomPointer(client, follow && !canPresent ? (doc?.page ?? null) : null);

  if (!doc) return <EmptyState icon="file" title={t('room.document.none')} text={emptyText} />;

  const meta = documents.find((d) => d.id === doc.documentId);
  const watermark = meta?.classification.watermark
    ? [user.fullName, unit?.name].filter(Boolean).join(' · ')
    : null;
  // The annotation layers (my private notes by default, the shared layer when the server allows)
  // ride on the followed page: the room drives page and zoom, the notes stay with their page.
  const viewer = {
    documentId: doc.documentId,
    meetingId: client.meetingId,
    userId: user.id,
    url: documentsApi.fileUrl(doc.documentId),
    title: doc.name,
    watermark,
    canExport: meta?.classification.download ?? false,
    search: true,
    fit: 'page' as const,
    compactTools: true,
    onOpenDocument: setLeaving,
  };
  const leaveDialog = leaving && <LeaveRoomDialog target={leaving} onClose={() => setLeaving(null)} />;

  const present = (next: { page: number; zoom: number }) => {
    const token = ++latest.current;
    setOptimistic(next);
    void client.send({ type: 'page.goto', page: next.page, zoom: next.zoom }).then((res) => {
      if (token === latest.current) setOptimistic(null);
      if (!res.ok) toast.show('error', t('room.failed', { message: res.error.message }));
    });
  };

  if (canPresent) {
    const shown = optimistic ?? { page: doc.page, zoom: doc.zoom };
    return (
      <div
        className="room-doc"
        data-page={shown.page}
        data-document={doc.documentId}
        data-following="presenter"
      >
        {presentingNote && <p className="room-doc__follow is-presenting">{presentingNote}</p>}
        <AnnotatedViewer
          key={doc.documentId}
          {...viewer}
          page={shown.page}
          zoom={shown.zoom}
          onPageChange={(page) => present({ page, zoom: shown.zoom })}
          onZoomChange={(zoom) => present({ page: shown.page, zoom })}
          onPagePointer={(p) => client.point(shown.page, p?.x ?? null, p?.y ?? null)}
        />
        {leaveDialog}
      </div>
    );
  }

  const shown = follow ? { page: doc.page, zoom: doc.zoom } : own;
  return (
    <div
      className="room-doc"
      data-page={shown.page}
      data-document={doc.documentId}
      data-following={follow ? 'yes' : 'no'}
    >
      <div className={`room-doc__follow${follow ? '' : ' is-browsing'}`}>
        {follow ? (
          <span>
            {presenterName
              ? t('room.document.followingName', { name: presenterName })
              : t('room.document.following')}
          </span>
        ) : (
          <>
            <span>
              {t('room.document.browsing', { page: String(own.page), presenterPage: String(doc.page) })}
            </span>
            <Button
              variant="primary"
              className="room-doc__return"
              icon="refresh"
              onClick={() => setFollow(true)}
            >
              {t('room.document.backToPresenter')}
            </Button>
          </>
        )}
      </div>
      <AnnotatedViewer
        key={doc.documentId}
        {...viewer}
        page={shown.page}
        zoom={shown.zoom}
        onPageChange={(page) => {
          setOwn({ page, zoom: shown.zoom });
          setFollow(false);
        }}
        onZoomChange={(zoom) => {
          setOwn({ page: shown.page, zoom });
          setFollow(false);
        }}
        pageOverlay={
          pointer && pointer.x !== null && pointer.y !== null ? (
            <Pointer x={pointer.x} y={pointer.y} />
          ) : undefined
        }
      />
      {leaveDialog}
    </div>
  );
}
