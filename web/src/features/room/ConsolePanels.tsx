import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantView, RoomEvent, RoomState } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { currentLanguage } from '../../lib/i18n';
import type { RoomCommand } from './room.client';
import { timeOfDay } from './room-format';
import { QuorumGauge, SpeakerTimer } from './room-widgets';

const MINUTES = [1, 2, 3, 5, 10] as const;

/** Quorum and the list of participants with their presence; the secretariat checks people in or out. */
export function AttendancePanel({
  room,
  participants,
  lastEvent,
  send,
}: {
  room: RoomState;
  participants: readonly ParticipantView[];
  /** The latest change: it says when the quorum has just been lost. */
  lastEvent: RoomEvent | null;
  send: (c: RoomCommand) => Promise<boolean>;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const open = room.status === 'running' || room.status === 'paused';
  const names = new Map(participants.map((p) => [p.id, p.fullName]));
  const presentCount = participants.filter((p) => room.attendance[p.id]?.present).length;
  return (
    <section className="room-panel" aria-labelledby="attendance-title">
      <h2 id="attendance-title" className="room-panel__title">
        {t('room.attendance.title')}
        <span className="room-panel__count">
          {presentCount}/{participants.length}
        </span>
      </h2>
      <QuorumGauge quorum={room.quorum} lost={lastEvent?.quorum === 'lost'} />
      {!open && <p className="muted">{t('room.attendance.notYet')}</p>}
      <ul className="room-people">
        {participants.map((p) => {
          const a = room.attendance[p.id];
          const present = a?.present === true;
          return (
            <li key={p.id} className={`room-person${present ? ' is-present' : ''}`}>
              <span className="room-person__body">
                <span className="room-person__name">{p.fullName}</span>
                <span className="room-person__meta">
                  {present ? t('room.attendance.present') : t('room.attendance.absent')}
                  {present && a.arrivedAt && ` · ${timeOfDay(a.arrivedAt, lang)}`}
                  {!present &&
                    a?.leftAt &&
                    ` · ${t('room.attendance.left', { time: timeOfDay(a.leftAt, lang) })}`}
                  {p.votingRight && ` · ${t('room.attendance.voting')}`}
                  {p.deputyForId &&
                    ` · ${t('room.attendance.deputy', { name: names.get(p.deputyForId) ?? '—' })}`}
                </span>
              </span>
              {open && (
                <Button
                  variant={present ? 'ghost' : 'secondary'}
                  onClick={() =>
                    void send({
                      type: present ? 'attendance.checkout' : 'attendance.checkin',
                      participantId: p.id,
                    })
                  }
                >
                  {present ? t('room.attendance.markAbsent') : t('room.attendance.markPresent')}
                  <span className="visually-hidden"> {p.fullName}</span>
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The current speaker with the timer, and the queue: grant, reorder, decline. */
export function SpeakersPanel({
  room,
  serverNow,
  send,
}: {
  room: RoomState;
  serverNow: number;
  send: (c: RoomCommand) => Promise<boolean>;
}): ReactElement {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState<number>(3);
  const queue = room.queue;
  const move = (index: number, by: -1 | 1) => {
    const ids = queue.map((r) => r.id);
    const [moved] = ids.splice(index, 1);
    if (!moved) return;
    ids.splice(index + by, 0, moved);
    void send({ type: 'speaker.reorder', requestIds: ids });
  };
  return (
    <section className="room-panel" aria-labelledby="speakers-title">
      <h2 id="speakers-title" className="room-panel__title">
        {t('room.speakers.title')}
      </h2>
      <div className="room-speaker" data-testid="current-speaker">
        <span className="room-speaker__label">{t('room.speakers.current')}</span>
        {room.speaker ? (
          <>
            <strong className="room-speaker__name">{room.speaker.name}</strong>
            <SpeakerTimer speaker={room.speaker} serverNow={serverNow} />
            <div className="room-speaker__actions">
              <Button icon="plus" onClick={() => void send({ type: 'timer.extend', seconds: 60 })}>
                {t('room.speakers.extend')}
              </Button>
              <Button variant="danger" onClick={() => void send({ type: 'speaker.finish' })}>
                {t('room.speakers.finish')}
              </Button>
            </div>
          </>
        ) : (
          <span className="muted">{t('room.speakers.nobody')}</span>
        )}
      </div>
      <div className="room-queue__head">
        <h3 className="room-queue__title">
          {t('room.speakers.queue')} <span className="room-panel__count">{queue.length}</span>
        </h3>
        <label className="room-queue__minutes">
          <span>{t('room.speakers.minutes')}</span>
          <select
            className="input select input--compact"
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value))}
          >
            {MINUTES.map((m) => (
              <option key={m} value={m}>
                {t('room.speakers.minutesOption', { count: m })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {queue.length === 0 ? (
        <p className="muted">{t('room.speakers.emptyQueue')}</p>
      ) : (
        <ol className="room-queue" aria-label={t('room.speakers.queue')}>
          {queue.map((r, i) => (
            <li key={r.id} className={`room-queue__item${r.kind === 'point_of_order' ? ' is-order' : ''}`}>
              <span className="room-queue__pos">{i + 1}</span>
              <span className="room-queue__body">
                <span className="room-queue__name">{r.name}</span>
                {r.kind === 'point_of_order' && (
                  <span className="room-queue__kind">{t('room.speakers.pointOfOrder')}</span>
                )}
              </span>
              <span className="room-queue__actions">
                <Button icon="arrowUp" iconOnly disabled={i === 0} onClick={() => move(i, -1)}>
                  {t('room.speakers.up', { name: r.name })}
                </Button>
                <Button
                  icon="arrowDown"
                  iconOnly
                  disabled={i === queue.length - 1}
                  onClick={() => move(i, 1)}
                >
                  {t('room.speakers.down', { name: r.name })}
                </Button>
                <Button
                  variant="ghost"
                  icon="x"
                  iconOnly
                  onClick={() => void send({ type: 'speaker.reject', requestId: r.id })}
                >
                  {`${t('room.speakers.reject')} ${r.name}`}
                </Button>
                <Button
                  variant="primary"
                  disabled={room.status !== 'running'}
                  onClick={() =>
                    void send({ type: 'speaker.grant', requestId: r.id, plannedSeconds: minutes * 60 })
                  }
                >
                  {t('room.speakers.grant')}
                  <span className="visually-hidden"> {r.name}</span>
                </Button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
