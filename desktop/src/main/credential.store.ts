import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SafeStorageLike } from './electron-types.js';
import { errorMessage, type Logger } from './logger.js';

/** Where the encrypted device credential lives under Electron's `userData` folder. */
export function credentialPath(userData: string): string {
  return path.join(userData, 'device-credential.bin');
}

/** What is encrypted: the web app's text and the server origin it was paired with. */
const Sealed = z.object({ server: z.string().nullable(), text: z.string() });

/** Why a credential could not be kept (the IPC answer carries no more than "failed"). */
export class CredentialStoreError extends Error {}

/**
 * The tablet's device credential, kept out of the renderer's storage: encrypted by the operating
 * system through Electron's `safeStorage` (DPAPI on Windows, the Keychain on macOS, the Secret
 * Service / kwallet on Linux) and written atomically to `<userData>/device-credential.bin`.
 *
 * It is bound to the server it was paired with: read for another server origin (the tablet was
 * repointed), it is not there, so a credential never travels to a server that did not issue it.
 */
export interface CredentialStore {
  /** The stored text for this server origin; null when none, for another server, or unreadable. */
  read(server: string | null): Promise<string | null>;
  /** Stores the text for this server origin; rejects when the OS offers no encryption. */
  save(server: string | null, text: string): Promise<void>;
  /** Forgets it (revoked, wiped, paired again). */
  forget(): Promise<void>;
}

export function openCredentialStore(
  file: string,
  safeStorage: SafeStorageLike,
  log: Logger,
): CredentialStore {
  // Writes run one after another, so the file always ends with the last change asked for.
  let writes: Promise<unknown> = Promise.resolve();
  const queue = (step: () => Promise<void>): Promise<void> => {
    const run = writes.then(step);
    writes = run.catch(() => undefined);
    return run;
  };

  return {
    async read(server) {
      await writes;
      let sealed: Buffer;
      try {
        sealed = await readFile(file);
      } catch (error) {
        if (!isNotFound(error))
          log.error('cannot read the device credential', { error: errorMessage(error) });
        return null;
      }
      if (!safeStorage.isEncryptionAvailable()) {
        log.warn('the operating system cannot decrypt the device credential now');
        return null;
      }
      try {
        const parsed = Sealed.safeParse(JSON.parse(safeStorage.decryptString(sealed)));
        if (!parsed.success) {
          log.error('the device credential does not parse; the tablet pairs again');
          return null;
        }
        // Paired with another server than the one configured now: not for this one.
        return parsed.data.server === server ? parsed.data.text : null;
      } catch (error) {
        // Another OS user's file, a damaged file, a reinstalled keyring: the tablet pairs again.
        log.error('cannot decrypt the device credential', { error: errorMessage(error) });
        return null;
      }
    },

    save(server, text) {
      return queue(async () => {
        // Never written in clear: without the OS's encryption the tablet is not kept paired.
        if (!safeStorage.isEncryptionAvailable()) {
          throw new CredentialStoreError(
            'the operating system offers no encryption for the device credential',
          );
        }
        const sealed = safeStorage.encryptString(JSON.stringify({ server, text }));
        await mkdir(path.dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, sealed, { mode: 0o600 });
        await rename(temp, file);
      });
    },

    forget() {
      return queue(() => rm(file, { force: true }));
    },
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
