import type { ReactElement } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { agendaNumbers } from '../meetings/agenda-order';
import { QuorumGauge, RoomLinkState, SpeakerTimer } from './room-widgets';
import { useNow, useRoom } from './useRoom';
import { useRoomData } from './useRoomData';
import { DisplayVote } from '../votes/DisplayVote';
import { currentVote } from '../votes/votes.format';
import { useVotes } from '../votes/useVotes';
import './room.css';
import { BriefingRollupPanel } from '../sites/BriefingRollupPanel';

/**
 * `/meetings/:id/display`: the projector. Current item, speaker with a big timer and quorum,
 * readable from the back of the room; no controls.
 */
export function DisplayPage(): ReactElement {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const data = useRoomData(id);
  const { view } = useRoom(id);
  const votes = useVotes(id);
  const now = useNow(500);

  if (view.link === 'refused' && view.refusal) {
    return (
      <div className="display display--message">
        <p className="display__status">{t('room.refusedTitle')}</p>
        <p className="display__note">{view.refusal.message}</p>
      </div>
    );
  }
  if (!view.room || !data.data) {
    return (
      <div className="display display--message">
        <Spinner label={t('room.loading')} />
      </div>
    );
  }
  const room = view.room;
  const items = data.data.items;
  const item = room.currentItem ? items.find((i) => i.id === room.currentItem?.itemId) : undefined;
  const number = item ? agendaNumbers(items).get(item.id) : undefined;
  const serverNow = now + view.clockOffsetMs;
  const status =
    room.status === 'not_started'
      ? t('room.display.notStarted')
      : room.status === 'paused'
        ? t('room.display.paused')
        : room.status === 'ended'
          ? t('room.display.ended')
          : null;

  // A vote in progress, or the last result while nobody speaks, takes the speaker's place.
  const vote = currentVote(votes.view.votes);
  const showVote = vote !== null && (vote.state === 'open' || !room.speaker);

  return (
    <div className="display" data-status={room.status}>
      <header className="display__head">
        <span className="display__meeting">{data.data.detail.meeting.title}</span>
        {view.link !== 'live' && <RoomLinkState view={view} />}
      </header>
      {status && <p className="display__status">{status}</p>}
      {item && (
        <section className="display__item">
          <span className="display__label">{t('room.display.currentItem')}</span>
          <h1 className="display__item-title">
            {number && <span className="display__number">{number}</span>} {item.title}
          </h1>
        </section>
      )}
      {showVote && <DisplayVote view={votes.view} />}
      <section className="display__speaker" data-testid="display-speaker" hidden={showVote && !room.speaker}>
        <span className="display__label">{t('room.display.speaker')}</span>
        {room.speaker ? (
          <>
            <p className="display__speaker-name">{room.speaker.name}</p>
            <SpeakerTimer speaker={room.speaker} serverNow={serverNow} large />
          </>
        ) : (
          <p className="display__none">{t('room.display.noSpeaker')}</p>
        )}
        {room.queue.length > 0 && (
          <p className="display__note">{t('room.display.waiting', { count: room.queue.length })}</p>
        )}
      </section>
      <BriefingRollupPanel meetingId={id} variant="display" />
      <footer className="display__foot">
        <QuorumGauge quorum={room.quorum} large />
      </footer>
    </div>
  );
}
