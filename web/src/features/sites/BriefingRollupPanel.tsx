import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { BriefingSite } from '@icabinet/shared';
import { agoParts, useBriefingRollup, type BriefingRollupState } from './useBriefingRollup';
import './sites.css';

function Bar({ value, max, label }: { value: number; max: number; label: string }): ReactElement {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div
      className="rollup-bar"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
    >
      <div className="rollup-bar__fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

/**
 * The live roll-up of an online briefing's sites, for the chair's console and the display: sites
 * connected / expected (whole briefing and by district), delegates present, and the sites that
 * dropped with how long ago. Renders nothing for a meeting without linked sites.
 */
export function BriefingRollupPanel({
  meetingId,
  variant = 'console',
  state,
}: {
  meetingId: string;
  variant?: 'console' | 'display';
  /** The roll-up, when the page follows it already (the display). */
  state?: BriefingRollupState;
}): ReactElement | null {
  const { t } = useTranslation();
  const own = useBriefingRollup(meetingId, !state);
  const { rollup, offsetMs } = state ?? own;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!rollup || rollup.sites.length === 0) return null;
  const serverNow = now + offsetMs;
  // A site gone longer than the grace period counts as dropped even before the next broadcast.
  const statusOf = (s: BriefingSite) =>
    s.status === 'reconnecting' && s.since && serverNow - Date.parse(s.since) > rollup.dropAfterSeconds * 1000
      ? 'dropped'
      : s.status;
  const gone = rollup.sites.filter((s) => ['dropped', 'reconnecting'].includes(statusOf(s)));
  const { totals } = rollup;
  // Viewer screens (viewer links) follow apart from the delegates; they never count as present.
  const viewerTotal = rollup.sites.reduce((n, s) => n + s.viewers, 0);
  const connectedLabel = t('briefing.sitesConnected', {
    connected: String(totals.connected),
    sites: String(totals.sites),
  });
  const presentLabel = t('briefing.delegates', {
    present: String(totals.presentDelegates),
    expected: String(totals.expectedDelegates),
  });
  return (
    <section
      className={`rollup rollup--${variant}`}
      aria-labelledby={`rollup-${meetingId}`}
      data-testid="briefing-rollup"
    >
      <h2 id={`rollup-${meetingId}`} className="rollup__title">
        {t('briefing.title')}
      </h2>
      <div className="rollup__totals">
        <div>
          <p className="rollup__figure">{connectedLabel}</p>
          <Bar value={totals.connected} max={totals.sites} label={connectedLabel} />
        </div>
        <div>
          <p className="rollup__figure">{presentLabel}</p>
          <Bar value={totals.presentDelegates} max={totals.expectedDelegates} label={presentLabel} />
          <p className="rollup__note">
            {t('briefing.reported', { reported: String(totals.reported), sites: String(totals.sites) })}
          </p>
          {viewerTotal > 0 && (
            <p className="rollup__note" data-testid="rollup-viewers">
              {t('viewers.count', { count: viewerTotal })}
            </p>
          )}
        </div>
      </div>
      <h3 className="rollup__subtitle">{t('briefing.byDistrict')}</h3>
      <ul className="rollup__districts">
        {rollup.districts.map((d) => (
          <li key={d.districtId ?? 'city'} className="rollup__district">
            <span className="rollup__name">{d.name}</span>
            <Bar value={d.connected} max={d.sites} label={`${d.name}: ${d.connected}/${d.sites}`} />
            <span className="rollup__count">
              {d.connected}/{d.sites} · {d.presentDelegates}/{d.expectedDelegates}
            </span>
          </li>
        ))}
      </ul>
      <h3 className="rollup__subtitle">{t('briefing.dropped')}</h3>
      {gone.length === 0 ? (
        <p className="rollup__note">{t('briefing.noDropped')}</p>
      ) : (
        <ul className="rollup__dropped">
          {gone.map((s) => {
            const status = statusOf(s);
            const ago = s.since ? agoParts(s.since, serverNow) : null;
            return (
              <li key={s.siteId} data-status={status}>
                <span className="rollup__dot" aria-hidden="true" />
                <span className="rollup__name">{s.name}</span>
                <span className="rollup__ago">
                  {status === 'dropped' && ago
                    ? t('briefing.droppedAgo', { ago: t(`briefing.ago.${ago.unit}`, { n: String(ago.n) }) })
                    : t('briefing.reconnecting')}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
