import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomDocumentView } from '@icabinet/shared';
import { LayerSync } from '../../lib/collab/layer-sync';
import type { AppSocket } from '../../lib/socket';
import { AnnotationMarks } from '../annotations/AnnotationMarks';
import { GRID, pageAnnotations } from '../annotations/annotations.model';
import { useDocVersion } from '../annotations/useAnnotationLayer';
import type { RoomClient } from '../room/room.client';
import { ProjectedPage } from '../room/ProjectedDocument';
import '../annotations/annotations-layer.css';
import { viewersApi } from './viewers.api';

/**
 * The presented document on a viewer screen: the presenter's page and zoom, the pointer, and the
 * shared annotation layer drawn over the page (read-only: the layer is joined, never written,
 * and nothing is kept on the device).
 */
export function ViewerDocument({
  socket,
  client,
  token,
  doc,
  watermark,
}: {
  socket: AppSocket;
  client: RoomClient;
  token: string;
  doc: RoomDocumentView;
  watermark: string | null;
}): ReactElement {
  const { t } = useTranslation();
  const [sync, setSync] = useState<LayerSync | null>(null);
  useEffect(() => {
    const s = new LayerSync(socket, doc.documentId, 'shared');
    setSync(s);
    return () => {
      s.destroy();
      setSync(null);
    };
  }, [socket, doc.documentId]);
  useDocVersion(sync?.doc ?? null);

  return (
    <ProjectedPage
      client={client}
      doc={doc}
      fileUrl={viewersApi.fileUrl(token, doc.documentId)}
      watermark={watermark}
      followZoom
      layer={(page, width) =>
        sync && (
          <div className="ann-layer" aria-label={t('viewers.screen.notes')}>
            <svg
              className="ann-layer__svg"
              viewBox={`0 0 ${GRID} ${GRID}`}
              preserveAspectRatio="none"
              aria-hidden="true"
            >
              <AnnotationMarks
                layer="shared"
                annotations={pageAnnotations(sync.doc, page)}
                pxPerUnit={width / GRID}
              />
            </svg>
          </div>
        )
      }
    />
  );
}
