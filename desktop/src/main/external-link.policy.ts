import { ExternalUrl } from '@icabinet/shared';
import type { ShellLike } from './electron-types.js';
import { errorMessage, type Logger } from './logger.js';

/**
 * The normalized link when the system browser may open it (https, no credentials), else null.
 * The same shared schema validates the `openExternal` IPC argument, so both paths agree.
 */
export function vetExternalUrl(url: string): string | null {
  const parsed = ExternalUrl.safeParse(url);
  return parsed.success ? parsed.data : null;
}

/** Opens `url` in the system browser if it passes `vetExternalUrl`; answers whether it did. */
export function openVettedExternal(shell: ShellLike, url: string, log: Logger): boolean {
  const vetted = vetExternalUrl(url);
  if (vetted === null) {
    log.warn('refused to open an external link', { url: url.slice(0, 200) });
    return false;
  }
  shell.openExternal(vetted).catch((error: unknown) => {
    log.error('the system browser did not open a link', { url: vetted, error: errorMessage(error) });
  });
  return true;
}
