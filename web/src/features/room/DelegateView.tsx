import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantView, RoomState } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { currentLanguage } from '../../lib/i18n';
import type { RoomClient } from './room.client';
import { timeOfDay } from './room-format';
import type { RoomData } from './useRoomData';
import { useRoomCommand } from './useRoomCommand';
import { RoomDocument } from './RoomDocument';
import { RoomAgenda, SpeakerTimer } from './room-widgets';
import { DelegateVote } from '../votes/DelegateBallot';
import { useVotes } from '../votes/useVotes';

/** Check-in on the delegate's own device. */
function CheckIn({
  room,
  me,
  send,
}: {
  room: RoomState;
  me: ParticipantView;
  send: ReturnType<typeof useRoomCommand>;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const a = room.attendance[me.id];
  const open = room.status === 'running' || room.status === 'paused';
  if (a?.present) {
    return (
      <div className="room-me__row is-done" data-testid="checkin-status">
        <span>
          {t('room.attendance.checkedIn', { time: a.arrivedAt ? timeOfDay(a.arrivedAt, lang) : '' })}
        </span>
        <Button variant="ghost" onClick={() => void send({ type: 'attendance.checkout' })}>
          {t('room.attendance.checkOut')}
        </Button>
      </div>
    );
  }
  return (
    <div className="room-me__row" data-testid="checkin-status">
      <span>{open ? t('room.attendance.notCheckedIn') : t('room.attendance.notYet')}</span>
      {open && (
        <Button variant="primary" icon="check" onClick={() => void send({ type: 'attendance.checkin' })}>
          {t('room.attendance.checkIn')}
        </Button>
      )}
    </div>
  );
}

/** The large "ask to speak" control with the request's status. */
function SpeakRequest({
  room,
  me,
  send,
}: {
  room: RoomState;
  me: ParticipantView;
  send: ReturnType<typeof useRoomCommand>;
}): ReactElement {
  const { t } = useTranslation();
  if (me.role === 'observer') return <p className="muted">{t('room.speakers.observer')}</p>;
  if (room.speaker?.participantId === me.id) {
    return (
      <div className="room-speak is-speaking" role="status">
        {t('room.speakers.speaking')}
      </div>
    );
  }
  const index = room.queue.findIndex((r) => r.participantId === me.id);
  const mine = room.queue[index];
  if (mine) {
    return (
      <div className="room-speak is-waiting">
        <span role="status">{t('room.speakers.waiting', { position: String(index + 1) })}</span>
        <Button
          variant="secondary"
          onClick={() => void send({ type: 'speaker.withdraw', requestId: mine.id })}
        >
          {t('room.speakers.withdraw')}
        </Button>
      </div>
    );
  }
  const open = room.status === 'running' || room.status === 'paused';
  return (
    <div className="room-speak">
      <Button
        variant="primary"
        className="room-speak__button"
        disabled={!open}
        onClick={() =>
          void send({
            type: 'speaker.request',
            kind: 'normal',
            agendaItemId: room.currentItem?.itemId ?? null,
          })
        }
      >
        {t('room.speakers.request')}
      </Button>
      {open ? (
        <Button
          variant="ghost"
          onClick={() => void send({ type: 'speaker.request', kind: 'point_of_order', agendaItemId: null })}
        >
          {t('room.speakers.requestPointOfOrder')}
        </Button>
      ) : (
        <p className="muted">{t('room.speakers.closed')}</p>
      )}
    </div>
  );
}

/** The delegate's tablet: agenda, the followed document, check-in and the request to speak. */
export function DelegateView({
  client,
  room,
  data,
  me,
  serverNow,
}: {
  client: RoomClient;
  room: RoomState;
  data: RoomData;
  me: ParticipantView | null;
  serverNow: number;
}): ReactElement {
  const { t } = useTranslation();
  const send = useRoomCommand(client);
  const votes = useVotes(room.meetingId);
  const presenting = me !== null && room.presenter?.participantId === me.id;
  return (
    <div className="room-delegate">
      <aside className="room-delegate__side">
        <DelegateVote client={votes.client} view={votes.view} participantId={me?.id ?? null} />
        {me && (
          <section className="room-panel room-me" aria-label={me.fullName}>
            <CheckIn room={room} me={me} send={send} />
            <SpeakRequest room={room} me={me} send={send} />
          </section>
        )}
        <section className="room-panel" data-testid="current-speaker">
          <h2 className="room-panel__title">{t('room.speakers.current')}</h2>
          {room.speaker ? (
            <div className="room-speaker">
              <strong className="room-speaker__name">{room.speaker.name}</strong>
              <SpeakerTimer speaker={room.speaker} serverNow={serverNow} />
            </div>
          ) : (
            <p className="muted">{t('room.speakers.nobody')}</p>
          )}
        </section>
        <section className="room-panel" aria-labelledby="agenda-title">
          <h2 id="agenda-title" className="room-panel__title">
            {t('room.agenda.title')}
          </h2>
          <RoomAgenda items={data.items} room={room} serverNow={serverNow} />
        </section>
      </aside>
      <section className="room-delegate__doc room-panel" aria-label={t('room.document.label')}>
        {room.presenter && (
          <p className="room-delegate__presenter">
            {presenting
              ? t('room.presenter.you')
              : t('room.presenter.current', { name: room.presenter.name })}
          </p>
        )}
        <RoomDocument
          client={client}
          doc={room.document}
          documents={data.documents}
          canPresent={presenting}
          emptyText={t('room.document.noneText')}
        />
      </section>
    </div>
  );
}
