import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Button } from '../../components/Button';
import type { RoomEvent, RoomState } from '@icabinet/shared';
import type { RoomClient } from './room.client';
import type { RoomData } from './useRoomData';
import { useRoomCommand } from './useRoomCommand';
import { AttendancePanel, SpeakersPanel } from './ConsolePanels';
import { RoomDocument } from './RoomDocument';
import { RoomAgenda } from './room-widgets';
import { ChairVotes } from '../votes/ChairVotes';
import { useVotes } from '../votes/useVotes';
import { BriefingRollupPanel } from '../sites/BriefingRollupPanel';

/** Start, pause, resume and end, with a confirmation before the end. */
function LifecycleButtons({
  room,
  send,
}: {
  room: RoomState;
  send: ReturnType<typeof useRoomCommand>;
}): ReactElement {
  const { t } = useTranslation();
  const [confirmEnd, setConfirmEnd] = useState(false);
  return (
    <>
      {room.status === 'not_started' && (
        <Button variant="primary" icon="check" onClick={() => void send({ type: 'room.start' })}>
          {t('room.actions.start')}
        </Button>
      )}
      {room.status === 'running' && (
        <Button onClick={() => void send({ type: 'room.pause' })}>{t('room.actions.pause')}</Button>
      )}
      {room.status === 'paused' && (
        <Button variant="primary" onClick={() => void send({ type: 'room.resume' })}>
          {t('room.actions.resume')}
        </Button>
      )}
      {(room.status === 'running' || room.status === 'paused') && (
        <Button variant="danger" onClick={() => setConfirmEnd(true)}>
          {t('room.actions.end')}
        </Button>
      )}
      {confirmEnd && (
        <ConfirmDialog
          title={t('room.actions.endConfirmTitle')}
          text={t('room.actions.endConfirmText')}
          confirmLabel={t('room.actions.end')}
          danger
          onConfirm={async () => {
            await send({ type: 'room.end' });
            setConfirmEnd(false);
          }}
          onClose={() => setConfirmEnd(false)}
        />
      )}
    </>
  );
}

/** The chair's (and secretariat's) console: the whole room on one tablet screen. */
export function ChairConsole({
  client,
  room,
  data,
  serverNow,
  lastEvent,
  participantId = null,
}: {
  client: RoomClient;
  room: RoomState;
  data: RoomData;
  serverNow: number;
  lastEvent: RoomEvent | null;
  /** The chair's own participant record, to vote from the console. */
  participantId?: string | null;
}): ReactElement {
  const { t } = useTranslation();
  const send = useRoomCommand(client);
  const votes = useVotes(room.meetingId);
  const [docChoice, setDocChoice] = useState('');
  const ended = room.status === 'ended';
  const chosen = docChoice || room.document?.documentId || data.documents[0]?.id || '';

  return (
    <div className="room-console">
      <div className="room-console__bar">
        <LifecycleButtons room={room} send={send} />
        <label className="room-field">
          <span>{t('room.presenter.label')}</span>
          <select
            className="input select input--compact"
            value={room.presenter?.participantId ?? ''}
            disabled={ended}
            onChange={(e) => void send({ type: 'presenter.set', participantId: e.target.value || null })}
          >
            <option value="">{t('room.presenter.none')}</option>
            {data.participants
              .filter((p) => p.role !== 'observer')
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.fullName}
                </option>
              ))}
          </select>
        </label>
      </div>
      <section className="room-console__agenda room-panel" aria-labelledby="agenda-title">
        <h2 id="agenda-title" className="room-panel__title">
          {t('room.agenda.title')}
        </h2>
        <RoomAgenda
          items={data.items}
          room={room}
          serverNow={serverNow}
          onGoto={
            ended || room.status === 'not_started'
              ? undefined
              : (itemId) => void send({ type: 'item.goto', itemId })
          }
        />
      </section>
      <section className="room-console__doc room-panel" aria-label={t('room.document.label')}>
        <div className="room-console__docbar">
          {data.documents.length === 0 ? (
            <span className="muted">{t('room.document.noDocuments')}</span>
          ) : (
            <>
              <label className="room-field room-field--grow">
                <span className="visually-hidden">{t('room.document.label')}</span>
                <select
                  className="input select input--compact"
                  value={chosen}
                  onChange={(e) => setDocChoice(e.target.value)}
                >
                  {data.documents.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </label>
              <Button
                variant="primary"
                icon="file"
                disabled={ended || !chosen || chosen === room.document?.documentId}
                onClick={() => void send({ type: 'document.open', documentId: chosen })}
              >
                {t('room.document.open')}
              </Button>
              {room.document && (
                <Button variant="ghost" icon="x" onClick={() => void send({ type: 'document.close' })}>
                  {t('room.document.close')}
                </Button>
              )}
            </>
          )}
        </div>
        <RoomDocument
          client={client}
          doc={room.document}
          documents={data.documents}
          canPresent
          emptyText={t('room.document.noneChair')}
        />
      </section>
      <div className="room-console__side">
        <ChairVotes
          meetingId={room.meetingId}
          client={votes.client}
          view={votes.view}
          items={data.items}
          serverNow={serverNow}
          participantId={participantId}
        />
        <SpeakersPanel room={room} serverNow={serverNow} send={send} />
        <AttendancePanel room={room} participants={data.participants} lastEvent={lastEvent} send={send} />
      </div>
      <BriefingRollupPanel meetingId={data.detail.meeting.id} />
    </div>
  );
}
