import { useEffect } from 'react';
import { desktopBridge } from './bridge';

/**
 * In the desktop shell, keeps the window out of screenshots and screen recording while `active`
 * (a confidential meeting's documents are on screen) and lets go when it is no longer, or when the
 * page unmounts. In a browser it does nothing: a web page cannot stop a screenshot.
 */
export function useContentProtection(active: boolean): void {
  useEffect(() => {
    const bridge = desktopBridge();
    if (!active || bridge === null) return;
    void bridge.setContentProtection(true).catch(() => undefined);
    return () => {
      void bridge.setContentProtection(false).catch(() => undefined);
    };
  }, [active]);
}
