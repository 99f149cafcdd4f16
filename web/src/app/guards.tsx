import type { ReactElement, ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../components/Spinner';
import { ErrorState } from '../components/States';
import { useAuth } from '../features/auth/auth.context';
import { readDevice } from '../features/kiosk/device-credential';
import type { LoginLocationState } from '../features/auth/LoginPage';
import { ForbiddenPage } from './StatusPages';
import { canOpen, type PageKey } from './nav';

/**
 * Renders its children only for a signed-in user; everyone else goes to the login page, except on
 * a paired meeting-room tablet, whose delegates sign in with their PIN on its start screen.
 */
export function RequireAuth({ children }: { children: ReactNode }): ReactElement {
  const { t } = useTranslation();
  const { state, retry } = useAuth();
  const location = useLocation();

  if (state.status === 'loading') {
    return (
      <div className="fullscreen">
        <Spinner label={t('app.loading')} />
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="fullscreen">
        <ErrorState error={state.error} onRetry={retry} />
      </div>
    );
  }
  if (state.status === 'signedOut') {
    // Also settles a race at the end of a meeting: the wipe sends the tablet to its start screen
    // and signs out, and a page still on screen when the sign-out lands must not take it elsewhere.
    if (readDevice()) return <Navigate to="/tablet" replace />;
    const loginState: LoginLocationState = {
      from: location.pathname + location.search,
      expired: state.expired,
    };
    return <Navigate to="/login" replace state={loginState} />;
  }
  return <>{children}</>;
}

/** Renders a page only for the roles allowed to open it (the menu never links elsewhere). */
export function RequirePage({ page, children }: { page: PageKey; children: ReactNode }): ReactElement {
  const { state } = useAuth();
  if (state.status !== 'signedIn' || !canOpen(state.me.user.systemRole, page)) return <ForbiddenPage />;
  return <>{children}</>;
}
