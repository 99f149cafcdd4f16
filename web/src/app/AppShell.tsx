import { useCallback, type ReactElement } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../components/Alert';
import { useMe } from '../features/auth/auth.context';
import { authApi } from '../features/auth/auth.api';
import { desktopBridge } from '../lib/bridge';
import { useResource } from '../lib/useResource';
import { usePackKeeper } from '../features/offline/usePack';
import { ConnectionProvider } from './ConnectionProvider';
import { Header } from './Header';

function Footer(): ReactElement {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => authApi.health(signal), []);
  const health = useResource(load);
  const desktop = desktopBridge();
  return (
    <footer className="app-footer">
      <span>
        {t('app.name')} — {t('app.tagline')}
      </span>
      <span className="app-footer__meta">
        {desktop && <span>{t('footer.desktop')}</span>}
        {health.data && <span>{t('footer.version', { version: health.data.version })}</span>}
      </span>
    </footer>
  );
}

/** Keeps the offline meeting packs in sync with the server while signed in (needs the socket). */
function PackKeeper({ userId }: { userId: string }): null {
  usePackKeeper(userId);
  return null;
}

/** The signed-in frame around every page. */
export function AppShell(): ReactElement {
  const { t } = useTranslation();
  const { user, secondFactor } = useMe();
  const { pathname } = useLocation();
  // A role that requires two-step sign-in can do nothing else until it is on (the server refuses too).
  if (secondFactor.required && !secondFactor.enabled && pathname !== '/account') {
    return <Navigate to="/account" replace />;
  }
  return (
    <ConnectionProvider>
      <PackKeeper userId={user.id} />
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="app">
        <Header />
        <main id="main" className="app-main" tabIndex={-1}>
          {user.mustChangePassword && pathname !== '/account' && (
            <Alert
              kind="warning"
              action={
                <Link className="btn btn--primary" to="/account">
                  {t('mustChange.action')}
                </Link>
              }
            >
              {t('mustChange.banner')}
            </Alert>
          )}
          <Outlet />
        </main>
        <Footer />
      </div>
    </ConnectionProvider>
  );
}
