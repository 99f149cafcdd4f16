import { useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantView, RoomState } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { currentLanguage } from '../../lib/i18n';
import type { RoomClient } from './room.client';
import { timeOfDay } from './room-format';
import type { RoomData } from './useRoomData';
import { useRoomCommand } from './useRoomCommand';
import { RoomDocument } from './RoomDocument';
import { RoomFrame, type RoomDrawer } from './RoomFrame';
import { RoomAgenda, SpeakerTimer } from './room-widgets';
import { DelegateVote } from '../votes/DelegateBallot';
import { useVotes } from '../votes/useVotes';
import { currentVote } from '../votes/votes.format';

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

/**
 * The delegate's tablet: the followed document fills the screen; check-in and the request to
 * speak, the agenda and the vote open as drawers. A vote that opens brings its ballot up by itself.
 */
export function DelegateView({
  head,
  client,
  room,
  data,
  me,
  serverNow,
}: {
  head: ReactNode;
  client: RoomClient;
  room: RoomState;
  data: RoomData;
  me: ParticipantView | null;
  serverNow: number;
}): ReactElement {
  const { t } = useTranslation();
  const send = useRoomCommand(client);
  const votes = useVotes(room.meetingId);
  const [open, setOpen] = useState<string | null>(null);
  const presenting = me !== null && room.presenter?.participantId === me.id;
  const vote = currentVote(votes.view.votes);
  const openVoteId = vote?.state === 'open' ? vote.id : null;
  // A ballot this tablet kept that the result does not hold brings the vote up too: it must be seen.
  const lostVoteId = vote && votes.view.lost[vote.id] ? vote.id : null;
  useEffect(() => {
    if (openVoteId ?? lostVoteId) setOpen('vote');
  }, [openVoteId, lostVoteId]);
  const checkedIn = me !== null && room.attendance[me.id]?.present === true;
  const live = room.status === 'running' || room.status === 'paused';
  const waiting = me ? room.queue.findIndex((r) => r.participantId === me.id) : -1;

  const drawers: RoomDrawer[] = [
    {
      id: 'me',
      label: t('room.drawers.speak'),
      icon: 'users',
      badge:
        room.speaker?.participantId === me?.id && me
          ? t('room.drawers.speaking')
          : waiting >= 0
            ? `#${waiting + 1}`
            : null,
      urgent: me !== null && live && !checkedIn,
      content: (
        <div className="room-drawer__stack">
          {me && (
            <section className="room-panel room-me" aria-label={me.fullName}>
              <CheckIn room={room} me={me} send={send} />
              <SpeakRequest room={room} me={me} send={send} />
            </section>
          )}
          <section className="room-panel" data-testid="current-speaker">
            <h3 className="room-panel__title">{t('room.speakers.current')}</h3>
            {room.speaker ? (
              <div className="room-speaker">
                <strong className="room-speaker__name">{room.speaker.name}</strong>
                <SpeakerTimer speaker={room.speaker} serverNow={serverNow} />
              </div>
            ) : (
              <p className="muted">{t('room.speakers.nobody')}</p>
            )}
          </section>
        </div>
      ),
    },
    {
      id: 'agenda',
      label: t('room.agenda.title'),
      icon: 'calendar',
      content: <RoomAgenda items={data.items} room={room} serverNow={serverNow} />,
    },
  ];
  if (vote) {
    drawers.push({
      id: 'vote',
      label: t('room.drawers.votes'),
      icon: 'check',
      badge: vote.state === 'open' ? t('room.drawers.voteOpen') : null,
      urgent: vote.state === 'open' || lostVoteId !== null,
      content: <DelegateVote client={votes.client} view={votes.view} participantId={me?.id ?? null} />,
    });
  }

  return (
    <RoomFrame
      head={head}
      drawers={drawers}
      open={open}
      onOpen={setOpen}
      actions={
        me && live && !checkedIn ? (
          <Button variant="primary" icon="check" onClick={() => void send({ type: 'attendance.checkin' })}>
            {t('room.attendance.checkIn')}
          </Button>
        ) : undefined
      }
    >
      <RoomDocument
        client={client}
        doc={room.document}
        documents={data.documents}
        canPresent={presenting}
        emptyText={t('room.document.noneText')}
        presenterName={room.presenter?.name ?? null}
        presentingNote={presenting ? t('room.presenter.you') : null}
      />
    </RoomFrame>
  );
}
