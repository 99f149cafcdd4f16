import { useCallback, useEffect, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { io } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  wireParser,
  type BriefingFloor,
  type FloorChanged,
  type WireError,
} from '@icabinet/shared';
import { Spinner } from '../../components/Spinner';
import { errorText } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import type { AppSocket } from '../../lib/socket';
import { useResource } from '../../lib/useResource';
import { agendaNumbers } from '../meetings/agenda-order';
import { RoomClient, type RoomView } from '../room/room.client';
import { timeOfDay } from '../room/room-format';
import { SpeakerTimer } from '../room/room-widgets';
import { useNow } from '../room/useRoom';
import { ViewerDocument } from './ViewerDocument';
import { DisplayFloor } from '../questions/DisplayFloor';
import { viewersApi } from './viewers.api';
import '../room/room.css';
import '../room/room-display.css';
import './viewers.css';

const IDLE: RoomView = {
  room: null,
  link: 'joining',
  refusal: null,
  clockOffsetMs: 0,
  pending: 0,
  lastEvent: null,
};
const noop = () => () => undefined;

/** A socket authenticated by the viewer link's token (no cookie, no account). */
function useViewerSocket(token: string): { socket: AppSocket | null; gone: string | null } {
  const { t } = useTranslation();
  const [socket, setSocket] = useState<AppSocket | null>(null);
  const [gone, setGone] = useState<string | null>(null);
  useEffect(() => {
    const s: AppSocket = io({
      path: '/socket.io',
      withCredentials: false,
      autoConnect: false,
      // As every screen: WebSocket only, so any server process behind the load balancer can take it.
      transports: ['websocket'],
      parser: wireParser,
      auth: (cb) => cb({ protocolVersion: PROTOCOL_VERSION, lang: currentLanguage(), viewerToken: token }),
    });
    // A refused handshake (revoked, meeting over) is not retried by socket.io: say why.
    s.on('connect_error', (err: Error & { data?: WireError }) => {
      if (!s.active) setGone(err.data?.message ?? t('viewers.screen.lost'));
    });
    s.on('session:expired', () => setGone(t('viewers.screen.revoked')));
    s.on('connect', () => setGone(null));
    s.connect();
    setSocket(s);
    return () => {
      s.close();
      setSocket(null);
    };
  }, [token, t]);
  return { socket, gone };
}

/**
 * `/view/:token`: a screen at a site, or a delegate's own phone or tablet, follows the presenter
 * read-only through a viewer link — the presented page at the presenter's page and zoom with the
 * pointer and the shared notes, the agenda with the current item, and the speaker. No account,
 * nothing to press; it never publishes anything.
 */
export function ViewerPage(): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { token = '' } = useParams();
  const info = useResource(useCallback((signal: AbortSignal) => viewersApi.info(token, signal), [token]));
  const { socket, gone } = useViewerSocket(token);
  const meetingId = info.data?.meeting.id ?? '';
  const [client, setClient] = useState<RoomClient | null>(null);
  useEffect(() => {
    if (!socket || !meetingId) return;
    const c = new RoomClient(socket, meetingId);
    c.start();
    setClient(c);
    return () => {
      c.stop();
      setClient(null);
    };
  }, [socket, meetingId]);
  const view = useSyncExternalStore(client?.subscribe ?? noop, client?.getView ?? (() => IDLE));
  // The secretariat changed the agenda: the screen reads it again (the room's broadcast reaches it).
  const reload = info.reload;
  useEffect(() => {
    if (!socket || !meetingId) return;
    const changed = (c: { meetingId: string }) => {
      if (c.meetingId === meetingId) reload();
    };
    socket.on('agenda:changed', changed);
    return () => {
      socket.off('agenda:changed', changed);
    };
  }, [socket, meetingId, reload]);
  const now = useNow(500);
  // The site speaking now (questions from sites): read with the screen's info, then followed live.
  const [floor, setFloor] = useState<BriefingFloor | null>(null);
  const initialFloor = info.data?.floor ?? null;
  useEffect(() => setFloor(initialFloor), [initialFloor]);
  useEffect(() => {
    if (!socket || !meetingId) return;
    const changed = (f: FloorChanged) => {
      if (f.meetingId === meetingId) setFloor(f.floor);
    };
    socket.on('briefing:floor', changed);
    return () => {
      socket.off('briefing:floor', changed);
    };
  }, [socket, meetingId]);

  const problem =
    info.status === 'error' ? errorText(info.error, t) : (gone ?? view.refusal?.message ?? null);
  if (problem) {
    return (
      <div className="vscreen vscreen--message" role="alert">
        <p className="vscreen__title">{t('viewers.screen.cannot')}</p>
        <p className="vscreen__note">{problem}</p>
      </div>
    );
  }
  if (!info.data || !view.room || !socket || !client) {
    return (
      <div className="vscreen vscreen--message">
        <Spinner label={t('viewers.screen.loading')} />
      </div>
    );
  }
  const { meeting, agenda, site, label } = info.data;
  const room = view.room;
  const numbers = agendaNumbers(agenda);
  const speaker = room.speaker;
  const doc = room.document;
  const live = room.status === 'running' || room.status === 'paused';

  return (
    <div className="vscreen" data-status={room.status}>
      <header className="vscreen__head">
        <span className="vscreen__meeting">{meeting.title}</span>
        <span className="vscreen__where">
          {site?.name ?? label} · {t('viewers.screen.readOnly')}
        </span>
        {view.link !== 'live' && (
          <span className="vscreen__link" role="status">
            {t('viewers.screen.reconnecting')}
          </span>
        )}
      </header>
      <section className="vscreen__doc display-doc" data-testid="viewer-document">
        {!live ? (
          <div className="display-doc__empty">
            <p className="display__none">
              {room.status === 'ended'
                ? t('viewers.screen.ended')
                : t('viewers.screen.notStarted', { time: timeOfDay(meeting.startsAt, lang) })}
            </p>
          </div>
        ) : doc ? (
          <>
            <ViewerDocument socket={socket} client={client} token={token} doc={doc} watermark={null} />
            <p className="display-doc__caption">
              <span className="display-doc__name">{doc.name}</span>
              <span data-testid="viewer-page">
                {t('room.display.page', { page: String(doc.page), pages: String(doc.pages) })}
              </span>
              {room.presenter && <span>{t('room.display.presenter', { name: room.presenter.name })}</span>}
            </p>
          </>
        ) : (
          <div className="display-doc__empty">
            <p className="display__none">{t('room.display.noDocument')}</p>
          </div>
        )}
      </section>
      <aside className="vscreen__side">
        {floor && <DisplayFloor floor={floor} card="viewer-card" testId="viewer-floor" />}
        <section className="viewer-card" data-testid="viewer-speaker">
          <span className="display__label">{t('room.display.speaker')}</span>
          {speaker ? (
            <>
              <p className="vscreen__speaker">{speaker.name}</p>
              <SpeakerTimer speaker={speaker} serverNow={now + view.clockOffsetMs} />
            </>
          ) : (
            <p className="muted">{t('room.display.noSpeaker')}</p>
          )}
        </section>
        <section className="viewer-card" data-testid="viewer-agenda">
          <span className="display__label">{t('viewers.screen.agenda')}</span>
          {agenda.length === 0 ? (
            <p className="muted">{t('viewers.screen.noAgenda')}</p>
          ) : (
            <ol className="vscreen__agenda">
              {agenda.map((i) => {
                const current = room.currentItem?.itemId === i.id;
                return (
                  <li
                    key={i.id}
                    className={i.parentId ? 'vscreen__item vscreen__item--sub' : 'vscreen__item'}
                    aria-current={current ? 'true' : undefined}
                  >
                    <span className="vscreen__number">{numbers.get(i.id)}</span> {i.title}
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      </aside>
    </div>
  );
}
