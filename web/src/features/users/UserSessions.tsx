import { useCallback, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { describeDevice } from '../../lib/device';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { useMe } from '../auth/auth.context';
import { usersApi } from './users.api';

/** One session per row: what it is on the left, its button on the right. */
const ROW = {
  display: 'flex',
  gap: '1rem',
  alignItems: 'center',
  justifyContent: 'space-between',
  padding: '0.5rem 0',
  borderBottom: '1px solid var(--border, #dde3ec)',
  overflowWrap: 'anywhere',
} as const;

/**
 * A user's open sessions in the user dialog (administrators only): device, address, last
 * activity; end one, or sign the user out everywhere.
 */
export function UserSessions({ userId }: { userId: string }): ReactElement | null {
  const me = useMe();
  return me.user.systemRole === 'admin' ? <SessionList userId={userId} /> : null;
}

function SessionList({ userId }: { userId: string }): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback((signal: AbortSignal) => usersApi.sessions(userId, signal), [userId]);
  const sessions = useResource(load);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const end = async (sessionId: string | null) => {
    setBusy(true);
    setError(null);
    try {
      if (sessionId) await usersApi.endSession(userId, sessionId);
      else await usersApi.endSessions(userId);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
      sessions.reload();
    }
  };

  const items = sessions.data?.items ?? [];
  return (
    <section className="form" aria-labelledby="user-sessions-title" data-testid="user-sessions">
      <h3 id="user-sessions-title">{t('users.sessions.title')}</h3>
      {error && <Alert kind="error">{error}</Alert>}
      {sessions.status === 'error' && <Alert kind="error">{errorText(sessions.error, t)}</Alert>}
      {sessions.status === 'ready' && items.length === 0 && (
        <p className="muted">{t('users.sessions.none')}</p>
      )}
      {items.length > 0 && (
        <ul className="session-list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((s) => {
            const device = describeDevice(s.userAgent);
            return (
              <li key={s.id} className="session-list__item" style={ROW}>
                <div>
                  <strong title={s.userAgent ?? undefined}>
                    {t(`users.sessions.kind.${device.kind}`)}:{' '}
                    {device.name ?? t('users.sessions.unknownDevice')}
                  </strong>
                  {s.current && <span className="muted"> — {t('users.sessions.current')}</span>}
                  <div className="muted">
                    {t('users.sessions.detail', {
                      ip: s.ip ?? '—',
                      lastSeen: formatDateTime(s.lastSeenAt, lang),
                    })}
                  </div>
                </div>
                <Button disabled={busy || s.current} onClick={() => void end(s.id)}>
                  {t('users.sessions.end')}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {items.length > 0 && (
        <div className="form__actions">
          <Button variant="danger" icon="lock" disabled={busy} onClick={() => void end(null)}>
            {t('users.sessions.endAll')}
          </Button>
        </div>
      )}
    </section>
  );
}
