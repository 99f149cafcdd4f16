import { useCallback, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewerLink, ViewerLinkCreated } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { ViewerQr } from './ViewerQr';
import { viewerAddress, viewersApi } from './viewers.api';
import './viewers.css';

/**
 * Viewer links of a meeting (liên kết theo dõi): make one for a site (or the whole meeting), show
 * it as an address and a QR code — only now, as only its hash is kept — and revoke links. The
 * secretariat sees every link and picks the site; a site's operator works on their own site.
 */
export function ViewerLinksPanel({
  meetingId,
  sites,
  siteId,
}: {
  meetingId: string;
  /** The sites to pick from (secretariat); absent: the panel is bound to `siteId`. */
  sites?: readonly { id: string; name: string }[];
  /** The operator's own site. */
  siteId?: string;
}): ReactElement {
  const { t } = useTranslation();
  const links = useResource(
    useCallback((signal: AbortSignal) => viewersApi.list(meetingId, signal), [meetingId]),
  );
  const [picked, setPicked] = useState<string>(siteId ?? '');
  const [made, setMade] = useState<ViewerLinkCreated | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await viewersApi.create(meetingId, { siteId: picked || null });
      setMade(created);
      setCopied(false);
      links.mutate((d) => ({ items: [...d.items, created.link] }));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (link: ViewerLink) => {
    setError(null);
    try {
      const { link: revoked } = await viewersApi.revoke(meetingId, link.id);
      links.mutate((d) => ({ items: d.items.map((l) => (l.id === revoked.id ? revoked : l)) }));
      if (made?.link.id === link.id) setMade(null);
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  const address = made ? viewerAddress(made.token) : null;
  const copy = async () => {
    if (!address) return;
    try {
      await navigator.clipboard.writeText(address);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const shown = (links.data?.items ?? []).filter((l) => !siteId || l.siteId === siteId);

  return (
    <section className="viewer-links" aria-labelledby="viewer-links-title">
      <h2 id="viewer-links-title">{t('viewers.links.title')}</h2>
      <p className="muted">{t('viewers.links.intro')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <div className="viewer-links__make">
        {sites && (
          <label className="field viewer-links__site">
            <span className="field__label">{t('viewers.links.for')}</span>
            <select className="input select" value={picked} onChange={(e) => setPicked(e.target.value)}>
              <option value="">{t('viewers.links.wholeMeeting')}</option>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <Button variant="primary" icon="plus" busy={busy} onClick={() => void create()}>
          {t('viewers.links.create')}
        </Button>
      </div>
      {made && address && (
        <div className="viewer-links__made" data-testid="viewer-link-made">
          <ViewerQr address={address} />
          <div className="viewer-links__made-text">
            <p className="viewer-links__label">{made.link.label}</p>
            <a className="viewer-links__address" href={address} target="_blank" rel="noreferrer noopener">
              {address}
            </a>
            <p className="muted">{t('viewers.links.onlyNow')}</p>
            <Button icon="copy" onClick={() => void copy()}>
              {copied ? t('viewers.links.copied') : t('viewers.links.copy')}
            </Button>
          </div>
        </div>
      )}
      {links.status === 'loading' && !links.data ? (
        <Spinner label={t('common.loading')} />
      ) : shown.length === 0 ? (
        <p className="muted">{t('viewers.links.none')}</p>
      ) : (
        <ul className="viewer-links__list">
          {shown.map((l) => (
            <li key={l.id} className="viewer-links__item" data-revoked={l.revokedAt ? 'true' : undefined}>
              <span>
                <strong>{l.label}</strong>
                <span className="muted">
                  {' · '}
                  {l.revokedAt
                    ? t('viewers.links.revokedAt', { time: formatDateTime(l.revokedAt, currentLanguage()) })
                    : t('viewers.links.createdAt', { time: formatDateTime(l.createdAt, currentLanguage()) })}
                </span>
              </span>
              {!l.revokedAt && (
                <Button variant="danger" icon="x" onClick={() => void revoke(l)}>
                  {t('viewers.links.revoke')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
