import type { ReactElement } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useMe } from '../auth/auth.context';
import { ChairConsole } from './ChairConsole';
import { DelegateView } from './DelegateView';
import { RoomLinkState, RoomStatusBadge } from './room-widgets';
import { useNow, useRoom } from './useRoom';
import { useRoomData } from './useRoomData';
import { useContentProtection } from '../../lib/useContentProtection';
import './room.css';

/**
 * `/meetings/:id/room`: the chair's console for those who run the meeting (chair, secretariat),
 * the delegate's view for everyone else.
 */
export function RoomPage(): ReactElement {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useMe();
  const data = useRoomData(id);
  const { client, view } = useRoom(id);
  const now = useNow(1000);
  // The room shows the meeting's documents: a confidential meeting's stay out of screenshots.
  useContentProtection(data.data?.detail.meeting.confidentiality === 'confidential');

  if (view.link === 'refused' && view.refusal)
    return <ErrorState error={null} title={t('room.refusedTitle')} text={view.refusal.message} />;
  if (data.status === 'error' && !data.data) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data || !view.room || !client) return <Spinner label={t('room.loading')} />;

  const { detail } = data.data;
  const room = view.room;
  const serverNow = now + view.clockOffsetMs;
  const me = data.data.participants.find((p) => p.userId === user.id) ?? null;
  const chair = detail.can.edit;
  // Only the secretariat has the meeting editor; a chair who is a member goes back to their meetings.
  const secretariat = user.systemRole !== 'member';

  const head = (
    <>
      <Link
        className="back-link room-bar__back"
        to={secretariat ? `/meetings/${id}/edit` : `/my-meetings?open=${id}`}
      >
        <Icon name="chevronLeft" />
        <span>{t('room.back')}</span>
      </Link>
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
