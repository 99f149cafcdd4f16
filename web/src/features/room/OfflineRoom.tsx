import { useEffect, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingDocument } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { EmptyState } from '../../components/States';
import { AnnotatedViewer } from '../annotations/AnnotatedViewer';
import { useMe } from '../auth/auth.context';
import { agendaNumbers } from '../meetings/agenda-order';
import { documentsApi } from '../meetings/meetings.api';
import { packedDocuments, type RoomMemory } from '../offline/room-memory';
import { RoomFrame, type RoomDrawer } from './RoomFrame';
import type { RoomData } from './useRoomData';

/**
 * The meeting room with no live room: the page was (re)loaded without a network. Everything comes
 * from the meeting's offline pack — the agenda, the participants, the documents (the service worker
 * answers the file from the pack) — and from what the tablet last saw of the room (`memory`: the
 * item under discussion, the presenter's document and page). The delegate reads any packed
 * document and writes private notes, kept on the device and sent when the network is back; then
 * the page joins the live room and follows the presenter again.
 */
export function OfflineRoom({
  head,
  data,
  memory,
}: {
  head: ReactNode;
  data: RoomData;
  memory: RoomMemory | null;
}): ReactElement {
  const { t } = useTranslation();
  const { user, unit } = useMe();
  const meetingId = data.detail.meeting.id;
  const [packed, setPacked] = useState<Set<string> | null>(null);
  useEffect(() => {
    let live = true;
    void packedDocuments(meetingId, user.id)
      .catch(() => null)
      .then((ids) => live && setPacked(ids));
    return () => {
      live = false;
    };
  }, [meetingId, user.id]);

  const documents = useMemo(() => data.documents.filter((d) => d.latest), [data.documents]);
  const docsOf = (itemId: string | null) => documents.filter((d) => d.agendaItemId === itemId);
  // Where the room was: its document, else the first document of its current item, else the first
  // item that has documents.
  const remembered = documents.find((d) => d.id === memory?.document?.documentId) ?? null;
  const startItem =
    remembered?.agendaItemId ??
    memory?.currentItemId ??
    data.items.find((i) => documents.some((d) => d.agendaItemId === i.id))?.id ??
    null;
  const [itemId, setItemId] = useState<string | null>(startItem);
  const [documentId, setDocumentId] = useState<string | null>(
    remembered?.id ?? docsOf(startItem)[0]?.id ?? documents[0]?.id ?? null,
  );
  const [open, setOpen] = useState<string | null>(null);
  const itemDocs = docsOf(itemId);
  const shown = documents.find((d) => d.id === documentId) ?? null;
  const currentItemId = memory?.currentItemId ?? null;
  const numbers = agendaNumbers(data.items);

  const choose = (doc: MeetingDocument) => {
    setItemId(doc.agendaItemId);
    setDocumentId(doc.id);
    setOpen(null);
  };

  const drawers: RoomDrawer[] = [
    {
      id: 'agenda',
      label: t('room.agenda.title'),
      icon: 'calendar',
      content:
        data.items.length === 0 ? (
          <p className="muted">{t('room.agenda.empty')}</p>
        ) : (
          <ol className="room-agenda">
            {data.items.map((item) => {
              const current = item.id === currentItemId;
              return (
                <li
                  key={item.id}
                  className={`room-agenda__item${current ? ' is-current' : ''}${item.parentId ? ' is-sub' : ''}`}
                  aria-current={current ? 'step' : undefined}
                >
                  <div className="room-agenda__head">
                    <span className="agenda__number">{numbers.get(item.id)}</span>
                    <span className="room-agenda__title">{item.title}</span>
                  </div>
                  <div className="room-agenda__times">
                    {current && <span className="room-agenda__now">{t('room.offline.lastCurrent')}</span>}
                    <span>{t('room.agenda.planned', { minutes: String(item.plannedMinutes) })}</span>
                  </div>
                  {docsOf(item.id).map((d) => (
                    <Button
                      key={d.id}
                      variant={d.id === documentId ? 'primary' : 'secondary'}
                      icon="file"
                      className="room-offline__doc"
                      onClick={() => choose(d)}
                    >
                      {d.name}
                    </Button>
                  ))}
                </li>
              );
            })}
          </ol>
        ),
    },
    {
      id: 'people',
      label: t('room.offline.people'),
      icon: 'users',
      content: (
        <ul className="room-offline__people">
          {data.participants.map((p) => (
            <li key={p.id} className="room-offline__person">
              <strong>{p.fullName}</strong>
              <span className="muted">
                {[t(`meetings.roles.${p.role}`), p.title, p.unitName].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      ),
    },
  ];

  const loose = docsOf(null);
  if (loose.length > 0) {
    drawers.push({
      id: 'documents',
      label: t('room.offline.otherDocuments'),
      icon: 'file',
      content: (
        <div className="room-drawer__stack">
          {loose.map((d) => (
            <Button
              key={d.id}
              variant={d.id === documentId ? 'primary' : 'secondary'}
              icon="file"
              className="room-offline__doc"
              onClick={() => choose(d)}
            >
              {d.name}
            </Button>
          ))}
        </div>
      ),
    });
  }

  const watermark = shown?.classification.watermark
    ? [user.fullName, unit?.name].filter(Boolean).join(' · ')
    : null;
  // Known to be left out of the pack (confidential): it opens only with a network.
  const online = shown !== null && packed !== null && !packed.has(shown.id);

  return (
    <RoomFrame head={head} drawers={drawers} open={open} onOpen={setOpen}>
      <div className="room-doc" data-document={shown?.id ?? ''} data-following="offline">
        <div className="room-doc__follow is-offline" role="status">
          <Icon name="alert" />
          <span>
            <strong>{t('room.offline.banner')}</strong> {t('room.offline.notes')}
          </span>
        </div>
        {itemDocs.length > 1 && (
          <div className="room-offline__tabs" role="group" aria-label={t('room.offline.itemDocuments')}>
            {itemDocs.map((d) => (
              <Button
                key={d.id}
                variant={d.id === documentId ? 'primary' : 'secondary'}
                aria-pressed={d.id === documentId}
                onClick={() => setDocumentId(d.id)}
              >
                {d.name}
              </Button>
            ))}
          </div>
        )}
        {!shown ? (
          <EmptyState
            icon="file"
            title={t('room.document.noDocuments')}
            text={t('room.offline.chooseText')}
          />
        ) : online ? (
          <EmptyState icon="lock" title={shown.name} text={t('room.offline.notPacked')} />
        ) : (
          <AnnotatedViewer
            key={shown.id}
            documentId={shown.id}
            meetingId={meetingId}
            userId={user.id}
            url={documentsApi.fileUrl(shown.id)}
            title={shown.name}
            watermark={watermark}
            canExport={false}
            initialPage={memory?.document?.documentId === shown.id ? memory.document.page : 1}
            search
            fit="page"
            compactTools
          />
        )}
      </div>
    </RoomFrame>
  );
}
