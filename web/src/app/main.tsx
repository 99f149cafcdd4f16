import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ToastProvider } from '../components/Toast';
import { AuthProvider } from '../features/auth/auth.context';
import { initI18n } from '../lib/i18n';
import { registerServiceWorker } from '../features/offline/register';
import { initServerBase } from '../lib/server-base';
import { router } from './router';
import { DeviceAgent } from '../features/kiosk/DeviceAgent';
import { loadDevice } from '../features/kiosk/device-credential';

/** Where the tablet's agent sends the screen after a wipe (outside the router's tree). */
const navigateTo = (to: string): void => void router.navigate(to, { replace: true });
import { CrashBoundary } from './StatusPages';
import '../styles.css';

async function start(): Promise<void> {
  // Translations load before the first paint so no English or key names flash on screen.
  await initI18n();
  // Inside the desktop shell, the API and socket go to its configured server (see server-base.ts);
  // a shell with no server yet opens the first-run address screen whatever page was asked for.
  const shell = await initServerBase();
  if (shell !== null && shell.serverUrl === null && window.location.pathname !== '/setup') {
    await router.navigate('/setup', { replace: true });
  }
  // A paired tablet's credential, from the shell's OS-encrypted store or localStorage, before the
  // screens ask for it.
  await loadDevice().catch(() => null);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <CrashBoundary>
        <AuthProvider>
          <ToastProvider>
            <RouterProvider router={router} />
            <DeviceAgent navigate={navigateTo} />
          </ToastProvider>
        </AuthProvider>
      </CrashBoundary>
    </StrictMode>,
  );
}

registerServiceWorker();
void start();
