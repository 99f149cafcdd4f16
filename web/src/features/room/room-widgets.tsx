import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  itemTiming,
  timerElapsedMs,
  timerOverrunMs,
  type AgendaItem,
  type RoomState,
  type RoomSpeaker,
} from '@icabinet/shared';
import { Button } from '../../components/Button';
import { agendaNumbers } from '../meetings/agenda-order';
import type { RoomView } from './room.client';
import { clock } from './room-format';

/** The room's lifecycle as a coloured label. */
export function RoomStatusBadge({ status }: { status: RoomState['status'] }): ReactElement {
  const { t } = useTranslation();
  return <span className={`room-status room-status--${status}`}>{t(`room.status.${status}`)}</span>;
}

/** The link to the room: live, catching up, reconnecting; and how many actions wait to be sent. */
export function RoomLinkState({ view }: { view: RoomView }): ReactElement {
  const { t } = useTranslation();
  return (
    <span className={`room-link room-link--${view.link}`} role="status" data-link={view.link}>
      <span className="room-link__dot" aria-hidden="true" />
      <span>{t(`room.link.${view.link}`)}</span>
      {view.pending > 0 && (
        <span className="room-link__pending">{t('room.pending', { count: view.pending })}</span>
      )}
    </span>
  );
}

/** Present against required voting members, as a bar with the threshold marked. */
export function QuorumGauge({
  quorum,
  lost,
  large = false,
}: {
  quorum: RoomState['quorum'];
  lost?: boolean;
  large?: boolean;
}): ReactElement {
  const { t } = useTranslation();
  const { present, eligible, required, met } = quorum;
  const pct = (n: number) => `${eligible > 0 ? Math.min(100, (n / eligible) * 100) : 0}%`;
  return (
    <div className={`quorum ${met ? 'quorum--met' : 'quorum--short'} ${large ? 'quorum--large' : ''}`}>
      <div className="quorum__head">
        <span className="quorum__title">{t('room.quorum.title')}</span>
        <strong className="quorum__verdict">{met ? t('room.quorum.met') : t('room.quorum.notMet')}</strong>
      </div>
      {eligible === 0 ? (
        <p className="quorum__text">{t('room.quorum.noVoters')}</p>
      ) : (
        <>
          <div
            className="quorum__bar"
            role="meter"
            aria-valuemin={0}
            aria-valuemax={eligible}
            aria-valuenow={present}
            aria-label={t('room.quorum.title')}
          >
            <span className="quorum__fill" style={{ width: pct(present) }} />
            <span className="quorum__mark" style={{ left: pct(required) }} aria-hidden="true" />
          </div>
          <p className="quorum__text">
            {t('room.quorum.count', { present: String(present), eligible: String(eligible) })} ·{' '}
            {t('room.quorum.required', { required: String(required) })}
          </p>
        </>
      )}
      {lost && !met && (
        <p className="quorum__alert" role="alert">
          {t('room.quorum.lost')}
        </p>
      )}
    </div>
  );
}

/** The speaking timer: time spoken against the plan, red once over. */
export function SpeakerTimer({
  speaker,
  serverNow,
  large = false,
}: {
  speaker: RoomSpeaker;
  serverNow: number;
  large?: boolean;
}): ReactElement {
  const { t } = useTranslation();
  const elapsed = timerElapsedMs(speaker.timer, serverNow);
  const over = timerOverrunMs(speaker.timer, serverNow);
  const paused = speaker.timer.runningSince === null;
  return (
    <div
      className={`timer ${over > 0 ? 'timer--over' : ''} ${large ? 'timer--large' : ''}`}
      aria-label={t('room.timer.label')}
      data-testid="speaker-timer"
    >
      <span className="timer__elapsed">{clock(elapsed)}</span>
      <span className="timer__planned">
        {t('room.timer.of', { planned: clock(speaker.timer.plannedSeconds * 1000) })}
      </span>
      {over > 0 && <span className="timer__over">{`${t('room.timer.over')} +${clock(over)}`}</span>}
      {paused && <span className="timer__paused">{t('room.timer.paused')}</span>}
    </div>
  );
}

/**
 * The agenda with the current item highlighted, planned and actual time per item and overruns in
 * red. With `onGoto` (the chair) each other item has a button to move the room to it.
 */
export function RoomAgenda({
  items,
  room,
  serverNow,
  onGoto,
}: {
  items: readonly AgendaItem[];
  room: RoomState;
  serverNow: number;
  onGoto?: (itemId: string) => void;
}): ReactElement {
  const { t } = useTranslation();
  const numbers = agendaNumbers(items);
  if (items.length === 0) return <p className="muted">{t('room.agenda.empty')}</p>;
  return (
    <ol className="room-agenda">
      {items.map((item) => {
        const current = room.currentItem?.itemId === item.id;
        const times = room.itemTimes[item.id];
        const { usedMs, overrunMs } = itemTiming(
          item.plannedMinutes,
          times ? Date.parse(times.actualStart) : null,
          times?.actualEnd ? Date.parse(times.actualEnd) : null,
          serverNow,
        );
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
              {current && <span className="room-agenda__now">{t('room.agenda.current')}</span>}
              <span>{t('room.agenda.planned', { minutes: String(item.plannedMinutes) })}</span>
              {times && <span>{t('room.agenda.actual', { time: clock(usedMs) })}</span>}
              {overrunMs > 0 && (
                <span className="room-agenda__over">
                  {t('room.agenda.overrun', { time: clock(overrunMs) })}
                </span>
              )}
            </div>
            {onGoto && !current && (
              <Button className="room-agenda__goto" onClick={() => onGoto(item.id)}>
                {t('room.agenda.goto')}
                <span className="visually-hidden"> {item.title}</span>
              </Button>
            )}
          </li>
        );
      })}
    </ol>
  );
}
