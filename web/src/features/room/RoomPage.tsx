import { useEffect, useRef, useState, type ReactElement } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useConnection } from '../../app/ConnectionProvider';
import { useMe } from '../auth/auth.context';
import { memoryOf, recallRoom, rememberRoom, type RoomMemory } from '../offline/room-memory';
import { ChairConsole } from './ChairConsole';
import { DelegateView } from './DelegateView';
import { OfflineRoom } from './OfflineRoom';
import { RoomLinkState, RoomStatusBadge } from './room-widgets';
import { useNow, useRoom } from './useRoom';
import { useRoomData } from './useRoomData';
import { useContentProtection } from '../../lib/useContentProtection';
import './room.css';

/** Whether the network is gone: the browser says so, or the realtime connection cannot be made. */
function useOffline(): boolean {
  const { status } = useConnection();
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return !online || status === 'reconnecting' || status === 'offline';
}

/**
 * Remembers what the live room shows (item, document, page) on the device, and answers what was
 * remembered last, for the room page opened without a network.
 */
function useRoomMemory(
  meetingId: string,
  room: ReturnType<typeof useRoom>['view']['room'],
): { memory: RoomMemory | null; recalled: boolean } {
  const [recall, setRecall] = useState<{ meetingId: string; memory: RoomMemory | null } | null>(null);
  useEffect(() => {
    let live = true;
    void recallRoom(meetingId)
      .catch(() => null)
      .then((memory) => live && setRecall({ meetingId, memory }));
    return () => {
      live = false;
    };
  }, [meetingId]);
  const saved = useRef('');
  useEffect(() => {
    if (!room || room.meetingId !== meetingId) return;
    const next = memoryOf(room);
    const text = JSON.stringify(next);
    if (text === saved.current) return;
    saved.current = text;
    void rememberRoom(next).catch(() => undefined);
  }, [room, meetingId]);
  const recalled = recall?.meetingId === meetingId;
  return { memory: recalled ? recall.memory : null, recalled };
}

/**
 * `/meetings/:id/room`: the chair's console for those who run the meeting (chair, secretariat),
 * the delegate's view for everyone else. Opened without a network, the room is read from the
 * meeting's offline pack (`OfflineRoom`) until the live room can be joined.
 */
export function RoomPage(): ReactElement {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useMe();
  const data = useRoomData(id);
  const { client, view } = useRoom(id);
  const now = useNow(1000);
  const offline = useOffline();
  const { memory, recalled } = useRoomMemory(id, view.room);
  const fromPack = !view.room && offline && data.data !== null;
  // The room shows the meeting's documents: a confidential meeting's stay out of screenshots.
  useContentProtection(data.data?.detail.meeting.confidentiality === 'confidential');
  // The pack's copy of the meeting was read while offline: read it again once the room is live.
  const readOffline = useRef(false);
  const { reload } = data;
  useEffect(() => {
    if (fromPack) readOffline.current = true;
    else if (view.room && readOffline.current) {
      readOffline.current = false;
      reload();
    }
  }, [fromPack, view.room, reload]);

  if (view.link === 'refused' && view.refusal)
    return <ErrorState error={null} title={t('room.refusedTitle')} text={view.refusal.message} />;
  if (data.status === 'error' && !data.data) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Spinner label={t('room.loading')} />;

  const { detail } = data.data;
  // Only the secretariat has the meeting editor; a chair who is a member goes back to their meetings.
  const secretariat = user.systemRole !== 'member';
  const back = (
    <Link
      className="back-link room-bar__back"
      to={secretariat ? `/meetings/${id}/edit` : `/my-meetings?open=${id}`}
    >
      <Icon name="chevronLeft" />
      <span>{t('room.back')}</span>
    </Link>
  );

  if (!view.room || !client) {
    if (!fromPack || !recalled) return <Spinner label={t('room.loading')} />;
    return (
      <OfflineRoom
        head={
          <>
            {back}
            <h1 className="room-page__title">{detail.meeting.title}</h1>
            {memory && <RoomStatusBadge status={memory.status} />}
            <RoomLinkState view={view} />
          </>
        }
        data={data.data}
        memory={memory}
      />
    );
  }

  const room = view.room;
  const serverNow = now + view.clockOffsetMs;
  const me = data.data.participants.find((p) => p.userId === user.id) ?? null;
  const chair = detail.can.edit;

  const head = (
    <>
      {back}
      <h1 className="room-page__title">{detail.meeting.title}</h1>
      <RoomStatusBadge status={room.status} />
      <RoomLinkState view={view} />
    </>
  );

  return chair ? (
    <ChairConsole
      head={head}
      client={client}
      room={room}
      data={data.data}
      serverNow={serverNow}
      lastEvent={view.lastEvent}
      participantId={me?.id ?? null}
    />
  ) : (
    <DelegateView head={head} client={client} room={room} data={data.data} me={me} serverNow={serverNow} />
  );
}
