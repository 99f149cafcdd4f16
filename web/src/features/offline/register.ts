/**
 * Registers the service worker that answers the viewer from the offline meeting packs and starts
 * the app without a network (built to /sw.js; not in the Vite dev server).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without it the app still works online; packs then show "unsupported" when asked for.
  });
}
