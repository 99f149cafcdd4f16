import { useState, type ReactElement, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Button } from '../../components/Button';
import type { RoomEvent, RoomState } from '@icabinet/shared';
import type { RoomClient } from './room.client';
import type { RoomData } from './useRoomData';
import { useRoomCommand } from './useRoomCommand';
import { AttendancePanel, SpeakersPanel } from './ConsolePanels';
import { RoomDocument } from './RoomDocument';
import { RoomFrame, type RoomDrawer } from './RoomFrame';
import { RoomAgenda } from './room-widgets';
import { ChairVotes } from '../votes/ChairVotes';
import { useVotes } from '../votes/useVotes';
import { BriefingRollupPanel } from '../sites/BriefingRollupPanel';
import { QuestionsPanel } from '../questions/QuestionsPanel';
import { useQuestionQueue } from '../questions/useQuestionQueue';
import { ConclusionsPanel } from '../conclusions/ConclusionsPanel';

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

/** What the room is shown: who presents, which document, and whether each item opens its own. */
function PresentPanel({
  room,
  data,
  send,
}: {
  room: RoomState;
  data: RoomData;
  send: ReturnType<typeof useRoomCommand>;
}): ReactElement {
  const { t } = useTranslation();
  const [docChoice, setDocChoice] = useState('');
  const ended = room.status === 'ended';
  const chosen = docChoice || room.document?.documentId || data.documents[0]?.id || '';
  return (
    <div className="room-present">
      <label className="room-field room-field--stack">
        <span>{t('room.presenter.label')}</span>
        <select
          className="input select"
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
      {data.documents.length === 0 ? (
        <p className="muted">{t('room.document.noDocuments')}</p>
      ) : (
        <>
          <label className="room-field room-field--stack">
            <span>{t('room.document.label')}</span>
            <select className="input select" value={chosen} onChange={(e) => setDocChoice(e.target.value)}>
              {data.documents.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <div className="room-present__actions">
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
          </div>
        </>
      )}
      <label className="checkbox room-present__auto">
        <input
          type="checkbox"
          checked={room.autoOpenDocuments}
          disabled={ended}
          onChange={(e) => void send({ type: 'document.autoOpen', enabled: e.target.checked })}
        />
        <span>
          <strong>{t('room.document.autoOpen')}</strong>
          <span className="muted">{t('room.document.autoOpenHint')}</span>
        </span>
      </label>
      <Link className="btn btn--secondary" to={`/meetings/${room.meetingId}/display`} target="_blank">
        <Icon name="meetings" />
        <span>{t('room.openDisplay')}</span>
      </Link>
      {/* The secretary writes the minutes beside the console, during the meeting. */}
      <Link className="btn btn--secondary" to={`/meetings/${room.meetingId}/minutes`} target="_blank">
        <Icon name="file" />
        <span>{t('minutes.open')}</span>
      </Link>
    </div>
  );
}

/**
 * The chair's (and secretariat's) console: the shown document fills the tablet; the agenda,
 * what is shown, speakers, votes and attendance open as drawers from the room's bar.
 */
export function ChairConsole({
  head,
  client,
  room,
  data,
  serverNow,
  lastEvent,
  participantId = null,
}: {
  head: ReactNode;
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
  const [open, setOpen] = useState<string | null>(null);
  const ended = room.status === 'ended';
  const present = data.participants.filter((p) => room.attendance[p.id]?.present).length;
  const openVote = votes.view.votes.some((v) => v.state === 'open');
  const online = data.detail.meeting.kind === 'online';
  const questions = useQuestionQueue(room.meetingId, online);
  const waiting = questions.questions.filter((q) => q.status === 'waiting').length;

  const drawers: RoomDrawer[] = [
    {
      id: 'agenda',
      label: t('room.agenda.title'),
      icon: 'calendar',
      content: (
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
      ),
    },
    {
      id: 'present',
      label: t('room.drawers.present'),
      icon: 'file',
      content: <PresentPanel room={room} data={data} send={send} />,
    },
    {
      id: 'speakers',
      label: t('room.speakers.title'),
      icon: 'users',
      badge: room.queue.length > 0 ? String(room.queue.length) : null,
      content: <SpeakersPanel room={room} serverNow={serverNow} send={send} />,
    },
    {
      id: 'votes',
      label: t('room.drawers.votes'),
      icon: 'check',
      badge: openVote ? t('room.drawers.voteOpen') : null,
      urgent: openVote,
      content: (
        <ChairVotes
          meetingId={room.meetingId}
          client={votes.client}
          view={votes.view}
          items={data.items}
          serverNow={serverNow}
          participantId={participantId}
        />
      ),
    },
    {
      id: 'attendance',
      label: t('room.attendance.title'),
      icon: 'shield',
      badge: `${present}/${data.participants.length}`,
      content: (
        <AttendancePanel room={room} participants={data.participants} lastEvent={lastEvent} send={send} />
      ),
    },
    // The conclusions of the item under discussion, written by the secretary, edited by the chair.
    {
      id: 'conclusions',
      label: t('conclusions.drawer'),
      icon: 'edit',
      content: (
        <ConclusionsPanel
          meetingId={room.meetingId}
          items={data.items}
          currentItemId={room.currentItem?.itemId ?? null}
        />
      ),
    },
    // An online briefing: the linked sites' roll-up (connected, delegates present, dropped).
    ...(online
      ? [
          {
            id: 'sites',
            label: t('briefing.title'),
            icon: 'units' as const,
            content: <BriefingRollupPanel meetingId={data.detail.meeting.id} />,
          },
          // Questions from sites: hands and written questions in arrival order, the floor, answers.
          {
            id: 'questions',
            label: t('questions.title'),
            icon: 'info' as const,
            badge: waiting > 0 ? String(waiting) : null,
            urgent: waiting > 0,
            content: (
              <QuestionsPanel
                meetingId={room.meetingId}
                questions={questions.questions}
                refusal={questions.refusal}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <RoomFrame
      head={head}
      actions={<LifecycleButtons room={room} send={send} />}
      drawers={drawers}
      open={open}
      onOpen={setOpen}
    >
      <RoomDocument
        client={client}
        doc={room.document}
        documents={data.documents}
        canPresent
        emptyText={t('room.document.noneChair')}
      />
    </RoomFrame>
  );
}
