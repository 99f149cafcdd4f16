import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, wireParser } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import { desktopBridge } from '../../lib/bridge';
import { currentLanguage } from '../../lib/i18n';
import { serverBase } from '../../lib/server-base';
import { createSocket, emitCommand, type AppSocket } from '../../lib/socket';
import { useAuth } from '../auth/auth.context';
import { wipeOffline } from '../offline/pack-db';
import { packStatus } from '../offline/pack-sync';
import {
  DEVICE_CHANGED,
  readDevice,
  readPendingWipe,
  savePendingWipe,
  type PendingWipe,
} from './device-credential';
import { deviceReport, type BatteryReading } from './device-report';
import { devicesApi } from './devices.api';
import { openPrivateNotes } from './private-notes';
import { wipeAfterMeeting, wipePolicyFor } from './wipe';
import './kiosk.css';

/** How often a tablet reports even when nothing changed (last contact on the fleet page). */
const REPORT_EVERY_MS = 60_000;
/** How long one wipe attempt waits for the notes to sync before saying what waits. */
const WIPE_WAIT_MS = 30_000;
/** How long the notes get to sync before the screen lists what waits. */
const FIRST_LOOK_MS = 1500;
/** How often the wipe tries the delegate's connection again while notes wait. */
const REDIAL_MS = 2000;

type WipeState = { phase: 'running' } | { phase: 'waiting'; count: number } | { phase: 'done' } | null;
type BatteryManager = BatteryReading & EventTarget;
type NavigatorExtras = {
  getBattery?: () => Promise<BatteryManager>;
  connection?: { type?: unknown; effectiveType?: unknown } & EventTarget;
};

/**
 * On a paired tablet (a device credential is kept), runs beside the pages: its own socket reports
 * the tablet's state to the fleet page (app version, battery, network, the meeting's pack), and
 * when the room's meeting ends it wipes per the meeting's policy — confidential copies, then,
 * once every private note reached the server, the notes and the session. A note that has not
 * synced is never dropped: the screen says how many layers wait, and the wipe tries again.
 */
export function DeviceAgent({ navigate }: { navigate: (to: string) => void }): ReactElement | null {
  const { t } = useTranslation();
  const { state, signOut } = useAuth();
  const [wipe, setWipe] = useState<WipeState>(null);
  const userRef = useRef<string | null>(null);
  userRef.current = state.status === 'signedIn' ? state.me.user.id : null;
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;
  const [token, setToken] = useState(() => readDevice()?.token ?? null);
  const wiping = useRef(false);
  const wipeRef = useRef<((pending: PendingWipe) => void) | null>(null);
  useEffect(() => {
    const changed = () => setToken(readDevice()?.token ?? null);
    window.addEventListener(DEVICE_CHANGED, changed);
    return () => window.removeEventListener(DEVICE_CHANGED, changed);
  }, []);

  useEffect(() => {
    const stored = readDevice();
    if (!stored || stored.token !== token) return undefined;
    const base = serverBase();
    const options = {
      path: '/socket.io',
      parser: wireParser,
      auth: (cb: (data: object) => void) =>
        cb({ protocolVersion: PROTOCOL_VERSION, lang: currentLanguage(), deviceToken: stored.token }),
    };
    const socket: AppSocket = base === '' ? io(options) : io(base, options);
    const nav = navigator as Navigator & NavigatorExtras;
    let meetingId: string | null = null;
    let battery: BatteryManager | null = null;
    let appVersion = 'web';
    let gone = false;

    const report = () => {
      if (!socket.connected) return;
      const status = deviceReport({
        appVersion,
        battery: battery ? { level: battery.level, charging: battery.charging } : null,
        online: navigator.onLine,
        connection: nav.connection,
        meetingId,
        pack: meetingId ? packStatus.get(meetingId) : { state: 'none' },
      });
      void emitCommand(socket, 10_000, 'device:status', status).catch(() => undefined);
    };
    const refreshHome = () =>
      devicesApi.home(stored.token).then(
        (home) => {
          meetingId = home.meeting?.id ?? null;
          report();
        },
        () => undefined,
      );

    const runWipe = async (pending: PendingWipe) => {
      if (wiping.current) return;
      wiping.current = true;
      setWipe({ phase: 'running' });
      const policy = wipePolicyFor(pending.confidentiality, true);
      const userId = pending.userId;
      const userSocket = userId ? createSocket() : null;
      userSocket?.connect();
      // A refused handshake (the session already ended) is not retried by Socket.IO: once the
      // delegate signs in again, this reconnects and the waiting notes go out.
      const redial = setInterval(() => {
        if (userSocket && !userSocket.connected && !userSocket.active) userSocket.connect();
      }, REDIAL_MS);
      const notes = userId && userSocket ? await openPrivateNotes(userId, userSocket) : null;
      // What waits is shown as soon as a layer has had a moment to sync, and kept current.
      const layers = notes?.layers ?? [];
      let shown = false;
      const showPending = () => {
        if (!shown) return;
        const count = layers.filter((l) => l.status !== 'synced').length;
        setWipe(count > 0 ? { phase: 'waiting', count } : { phase: 'running' });
      };
      const stops = layers.map((l) => l.subscribe(showPending));
      const firstLook = setTimeout(() => {
        shown = true;
        showPending();
      }, FIRST_LOOK_MS);
      const actions = {
        notesLayers: () => notes?.layers ?? [],
        dropPrivateNotes: () => notes?.drop() ?? Promise.resolve(),
        dropConfidentialCaches: () => wipeOffline(),
        // To the tablet's start screen first (the guards also send a signed-out paired tablet there).
        signOut: () => {
          navigate('/tablet');
          return userId ? signOutRef.current() : Promise.resolve();
        },
      };
      let done = false;
      while (!gone) {
        const outcome = await wipeAfterMeeting(policy, actions, AbortSignal.timeout(WIPE_WAIT_MS));
        if (outcome.done) {
          done = true;
          break;
        }
        shown = true;
        setWipe({ phase: 'waiting', count: outcome.unsyncedLayers });
      }
      clearInterval(redial);
      clearTimeout(firstLook);
      for (const stop of stops) stop();
      notes?.close();
      userSocket?.disconnect();
      wiping.current = false;
      // Left unfinished (the page closes): the pending wipe stays stored and resumes on the next start.
      if (!done) return;
      savePendingWipe(null);
      setWipe({ phase: 'done' });
      navigate('/tablet');
      void refreshHome();
    };
    wipeRef.current = (pending) => void runWipe(pending);

    socket.on('connect', report);
    socket.on('device:meeting-ended', (ended) => {
      // Kept before anything is wiped, so a reload or a restart of the tablet finishes it.
      const pending: PendingWipe = { ...ended, userId: userRef.current };
      savePendingWipe(pending);
      void runWipe(pending);
    });
    const timer = setInterval(report, REPORT_EVERY_MS);
    const unsubscribe = packStatus.subscribe(report);
    window.addEventListener('online', report);
    window.addEventListener('offline', report);
    void desktopBridge()
      ?.getInfo()
      .then(
        (r) => {
          if (r.ok) appVersion = r.data.appVersion;
        },
        () => undefined,
      );
    void nav.getBattery?.().then(
      (b) => {
        battery = b;
        b.addEventListener('levelchange', report);
        b.addEventListener('chargingchange', report);
        report();
      },
      () => undefined,
    );
    void refreshHome();
    return () => {
      gone = true;
      wipeRef.current = null;
      clearInterval(timer);
      unsubscribe();
      window.removeEventListener('online', report);
      window.removeEventListener('offline', report);
      socket.disconnect();
    };
  }, [navigate, token]);

  // A wipe left unfinished (the page was reloaded, the tablet restarted) resumes once it is known
  // who is signed in.
  const authKnown = state.status === 'signedIn' || state.status === 'signedOut';
  useEffect(() => {
    const pending = readPendingWipe();
    if (authKnown && pending && token) wipeRef.current?.(pending);
  }, [authKnown, token]);

  if (!wipe) return null;
  return (
    <div className="wipe" role="status" aria-live="polite">
      {wipe.phase === 'running' && (
        <p className="wipe__running">
          <Spinner inline label={t('wipe.ended')} /> {t('wipe.ended')}
        </p>
      )}
      {wipe.phase === 'waiting' && <Alert kind="warning">{t('wipe.waiting', { count: wipe.count })}</Alert>}
      {wipe.phase === 'done' && (
        <Alert
          kind="success"
          action={
            <Button variant="secondary" onClick={() => setWipe(null)}>
              {t('common.close')}
            </Button>
          }
        >
          {t('wipe.done')}
        </Alert>
      )}
    </div>
  );
}
