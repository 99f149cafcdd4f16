import type { ReactElement } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { currentLanguage } from '../../lib/i18n';
import { agendaNumbers } from '../meetings/agenda-order';
import { ProjectedDocument } from './ProjectedDocument';
import { timeOfDay } from './room-format';
import { QuorumGauge, RoomLinkState, SpeakerTimer } from './room-widgets';
import { useNow, useRoom } from './useRoom';
import { useRoomData } from './useRoomData';
import { DisplayVote } from '../votes/DisplayVote';
import { currentVote } from '../votes/votes.format';
import { useVotes } from '../votes/useVotes';
import './room.css';
import './room-display.css';
import { BriefingRollupPanel } from '../sites/BriefingRollupPanel';
import { useBriefingRollup } from '../sites/useBriefingRollup';
import { DisplayFloor } from '../questions/DisplayFloor';

/**
 * `/meetings/:id/display`: the projector shows what the room is looking at — the presented page
 * with the presenter's pointer, and beside it the current item, the speaker (title, unit, timer),
 * the vote and the quorum — in type readable from the back of the room. Before the start and
 * after the end it says so, with the time. No controls.
 */
export function DisplayPage(): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { id = '' } = useParams();
  const data = useRoomData(id);
  const { client, view } = useRoom(id);
  const votes = useVotes(id);
  const now = useNow(500);
  const briefing = useBriefingRollup(id);
  const floor = briefing.rollup?.floor ?? null;

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
  const { detail, items, participants, documents } = data.data;
  const meeting = detail.meeting;

  if (room.status === 'not_started' || room.status === 'ended') {
    const ended = room.status === 'ended';
    return (
      <div className="display display--message" data-status={room.status}>
        <p className="display__welcome">{ended ? t('room.display.ended') : t('room.display.welcome')}</p>
        <h1 className="display__meeting-title">{meeting.title}</h1>
        <p className="display__status">
          {ended
            ? t('room.display.endedAt', { time: room.endedAt ? timeOfDay(room.endedAt, lang) : '' })
            : t('room.display.notStarted')}
        </p>
        {!ended && (
          <p className="display__note">
            {t('room.display.startsAt', { time: timeOfDay(meeting.startsAt, lang) })}
          </p>
        )}
        {/* A briefing's sites connect before the start: the hall watches them arrive. */}
        {!ended && floor && <DisplayFloor floor={floor} />}
        {!ended && <BriefingRollupPanel meetingId={id} variant="display" state={briefing} />}
        {view.link !== 'live' && <RoomLinkState view={view} />}
      </div>
    );
  }

  const item = room.currentItem ? items.find((i) => i.id === room.currentItem?.itemId) : undefined;
  const number = item ? agendaNumbers(items).get(item.id) : undefined;
  const serverNow = now + view.clockOffsetMs;
  const speaker = room.speaker;
  const who = speaker ? participants.find((p) => p.id === speaker.participantId) : undefined;
  const role = who ? [who.title, who.unitName].filter(Boolean).join(' · ') : '';
  const vote = currentVote(votes.view.votes);
  const doc = room.document;

  return (
    <div className="display display--live" data-status={room.status}>
      <header className="display__head">
        <span className="display__meeting">{meeting.title}</span>
        {room.status === 'paused' && <span className="display__paused">{t('room.display.paused')}</span>}
        {view.link !== 'live' && <RoomLinkState view={view} />}
      </header>
      <section className="display-doc" data-testid="display-document">
        {doc ? (
          <>
            <ProjectedDocument
              client={client}
              doc={doc}
              meta={documents.find((d) => d.id === doc.documentId)}
            />
            <p className="display-doc__caption">
              <span className="display-doc__name">{doc.name}</span>
              <span>{t('room.display.page', { page: String(doc.page), pages: String(doc.pages) })}</span>
              {room.presenter && <span>{t('room.display.presenter', { name: room.presenter.name })}</span>}
            </p>
          </>
        ) : (
          <div className="display-doc__empty">
            <p className="display__none">{t('room.display.noDocument')}</p>
          </div>
        )}
      </section>
      <aside className="display__side">
        <section className="display-card display__item" data-testid="display-item">
          <span className="display__label">{t('room.display.currentItem')}</span>
          <h1 className="display__item-title">
            {item ? (
              <>
                {number && <span className="display__number">{number}</span>} {item.title}
              </>
            ) : (
              t('room.agenda.noCurrent')
            )}
          </h1>
        </section>
        {floor && <DisplayFloor floor={floor} />}
        <section className="display-card display__speaker" data-testid="display-speaker">
          <span className="display__label">{t('room.display.speaker')}</span>
          {speaker ? (
            <>
              <p className="display__speaker-name">{speaker.name}</p>
              {role && <p className="display__speaker-role">{role}</p>}
              <SpeakerTimer speaker={speaker} serverNow={serverNow} large />
            </>
          ) : (
            <p className="display__none">{t('room.display.noSpeaker')}</p>
          )}
          {room.queue.length > 0 && (
            <p className="display__note">{t('room.display.waiting', { count: room.queue.length })}</p>
          )}
        </section>
        {vote && <DisplayVote view={votes.view} />}
        <BriefingRollupPanel meetingId={id} variant="display" state={briefing} />
        <footer className="display-card display__quorum" data-testid="display-quorum">
          <QuorumGauge quorum={room.quorum} large />
        </footer>
      </aside>
    </div>
  );
}
