import { useCallback, useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { BriefingSite, RoomState, SiteAbsence } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { errorText } from '../../lib/errors';
import { emitCommand } from '../../lib/socket';
import { useResource } from '../../lib/useResource';
import { agendaApi } from '../meetings/meetings.api';
import { sitesApi } from './sites.api';
import { ViewerLinksPanel } from '../viewers/ViewerLinksPanel';
import { SiteQuestionsSection } from '../questions/SiteQuestionsSection';
import './sites.css';

/**
 * The site operator's screen (/sites/:siteId/briefing/:meetingId): keeps the site connected
 * (`site:connect` on every connection), shows the agenda with the current item, the conference
 * link as a big button, and takes the roll-call: delegates present and who is absent.
 */
export function SiteBriefingPage(): ReactElement {
  const { t } = useTranslation();
  const { siteId = '', meetingId = '' } = useParams();
  const { socket, status } = useConnection();
  const [site, setSite] = useState<BriefingSite | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [room, setRoom] = useState<Pick<RoomState, 'currentItem' | 'status'> | null>(null);
  const agenda = useResource(
    useCallback((signal: AbortSignal) => agendaApi.get(meetingId, signal), [meetingId]),
  );

  useEffect(() => {
    if (!socket) return undefined;
    const connect = () => {
      void emitCommand(socket, 10_000, 'site:connect', { meetingId, siteId }).then(
        (res) => (res.ok ? (setSite(res.data), setRefusal(null)) : setRefusal(res.error.message)),
        () => undefined,
      );
      void emitCommand(socket, 10_000, 'room:join', { meetingId }).then(
        (res) => res.ok && setRoom(res.data.state),
        () => undefined,
      );
    };
    const changed = (c: { meetingId: string; patch: Partial<RoomState> }) => {
      if (c.meetingId !== meetingId) return;
      setRoom((r) =>
        r
          ? {
              ...r,
              ...('currentItem' in c.patch ? { currentItem: c.patch.currentItem ?? null } : {}),
              ...(c.patch.status ? { status: c.patch.status } : {}),
            }
          : r,
      );
    };
    socket.on('connect', connect);
    socket.on('room:changed', changed);
    if (socket.connected) connect();
    return () => {
      socket.off('connect', connect);
      socket.off('room:changed', changed);
    };
  }, [socket, meetingId, siteId]);

  if (refusal) return <Alert kind="error">{refusal}</Alert>;
  if (!site) return <Spinner label={t('common.loading')} />;
  const linkState = status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'lost';
  const items = agenda.data?.items ?? [];
  return (
    <div className="page site-screen">
      <PageHeader title={t('briefing.operator.title', { name: site.name })} />
      <p className="site-screen__link" data-state={linkState} role="status">
        {t(`briefing.operator.link.${linkState}`)}
      </p>
      {site.conferenceUrl ? (
        <p>
          <a
            className="site-screen__join"
            href={site.conferenceUrl}
            target="_blank"
            rel="noreferrer noopener"
          >
            {t('briefing.operator.join')}
          </a>
        </p>
      ) : (
        <Alert kind="info">{t('briefing.operator.noLink')}</Alert>
      )}
      <SiteQuestionsSection meetingId={meetingId} siteId={siteId} closed={room?.status === 'ended'} />
      <section aria-labelledby="site-agenda">
        <h2 id="site-agenda">{t('briefing.operator.agenda')}</h2>
        {room?.status === 'not_started' && <p className="muted">{t('briefing.operator.notStarted')}</p>}
        <ol className="site-screen__agenda">
          {items.map((i) => (
            <li key={i.id} aria-current={room?.currentItem?.itemId === i.id ? 'true' : undefined}>
              {i.title}
              {room?.currentItem?.itemId === i.id && ` — ${t('briefing.operator.current')}`}
            </li>
          ))}
        </ol>
      </section>
      <ReportForm meetingId={meetingId} site={site} />
      <ViewerLinksPanel meetingId={meetingId} siteId={siteId} />
    </div>
  );
}

function ReportForm({ meetingId, site }: { meetingId: string; site: BriefingSite }): ReactElement {
  const { t } = useTranslation();
  const [present, setPresent] = useState(String(site.report?.present ?? site.expectedDelegates));
  const [absences, setAbsences] = useState<SiteAbsence[]>(site.report?.absences ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sentAt, setSentAt] = useState<string | null>(site.report?.reportedAt ?? null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await sitesApi.report(meetingId, site.siteId, {
        present: Number(present),
        absences: absences.filter((a) => a.name.trim() !== ''),
      });
      setSentAt(res.report.reportedAt);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const edit = (i: number, change: Partial<SiteAbsence>) =>
    setAbsences((list) => list.map((a, j) => (j === i ? { ...a, ...change } : a)));
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="site-report">
      <h2 id="site-report">{t('briefing.operator.reportTitle')}</h2>
      <div className="field">
        <label className="field__label" htmlFor="site-present">
          {t('briefing.operator.present')}
        </label>
        <input
          id="site-present"
          type="number"
          inputMode="numeric"
          min={0}
          value={present}
          onChange={(e) => setPresent(e.target.value)}
        />
        <span className="field__hint">
          {t('briefing.operator.expected', { n: String(site.expectedDelegates) })}
        </span>
      </div>
      <fieldset>
        <legend>{t('briefing.operator.absences')}</legend>
        {absences.map((a, i) => (
          <div key={i} className="site-screen__absence">
            <label>
              {t('briefing.operator.absentName')}
              <input value={a.name} onChange={(e) => edit(i, { name: e.target.value })} />
            </label>
            <label>
              {t('briefing.operator.absentReason')}
              <input value={a.reason ?? ''} onChange={(e) => edit(i, { reason: e.target.value })} />
            </label>
            <Button type="button" onClick={() => setAbsences((l) => l.filter((_, j) => j !== i))}>
              {t('briefing.operator.remove')}
            </Button>
          </div>
        ))}
        <Button
          type="button"
          icon="plus"
          onClick={() => setAbsences((l) => [...l, { name: '', reason: null }])}
        >
          {t('briefing.operator.addAbsence')}
        </Button>
      </fieldset>
      {error && <Alert kind="error">{error}</Alert>}
      {sentAt && !error && (
        <Alert kind="success">
          {t('briefing.operator.sent', { time: new Date(sentAt).toLocaleTimeString('vi-VN') })}
        </Alert>
      )}
      <Button type="submit" variant="primary" busy={busy}>
        {t('briefing.operator.send')}
      </Button>
    </form>
  );
}
