import { IpcChannel, type DesktopInfo } from '@icabinet/shared';
import type { DesktopConfig } from '../config.store.js';
import type { CredentialStore } from '../credential.store.js';
import type { IpcMainLike } from '../electron-types.js';
import type { Logger } from '../logger.js';
import { APP_ORIGIN, originOf } from '../origin.js';
import { Sender, handleIpc, type IpcContext } from './ipc.guard.js';

export interface DesktopIpcDeps {
  ipcMain: IpcMainLike;
  platform: string;
  appVersion: string;
  config(): DesktopConfig;
  /** Persists a validated server URL. */
  setServerUrl(serverUrl: string): Promise<DesktopConfig>;
  /** Turns the main window's content protection on or off (confidential documents). */
  setContentProtection(on: boolean): void;
  /** Vets and opens a link in the system browser. */
  openExternal(url: string): boolean;
  /** The device credential, encrypted by the OS and bound to the configured server. */
  credential: CredentialStore;
  log: Logger;
}

const serverOrigin = (serverUrl: string | null) => (serverUrl === null ? null : originOf(serverUrl));

/** Registers the handlers behind `window.icabinet` (the shared `DesktopBridge`). */
export function registerDesktopIpc(deps: DesktopIpcDeps): void {
  const context: IpcContext = {
    ipcMain: deps.ipcMain,
    trustedOrigins: () => ({ bundle: APP_ORIGIN, server: serverOrigin(deps.config().serverUrl) }),
    log: deps.log,
  };
  const info = (config: DesktopConfig): DesktopInfo => ({
    platform: deps.platform,
    appVersion: deps.appVersion,
    serverUrl: config.serverUrl,
    kiosk: config.kiosk,
  });
  const anyPage = [Sender.bundle, Sender.server] as const;

  handleIpc(context, IpcChannel.getInfo, anyPage, () => Promise.resolve(info(deps.config())));

  handleIpc(context, IpcChannel.openExternal, anyPage, ([url]) => {
    deps.openExternal(url);
    return Promise.resolve(null);
  });

  handleIpc(context, IpcChannel.setContentProtection, anyPage, ([on]) => {
    deps.setContentProtection(on);
    return Promise.resolve(null);
  });

  // The device credential: the server's pages (the kiosk screens) and the bundled copy (which
  // talks to the configured server) alike; always for the server configured now, never another.
  const server = () => serverOrigin(deps.config().serverUrl);
  handleIpc(context, IpcChannel.readDeviceCredential, anyPage, () => deps.credential.read(server()));
  handleIpc(context, IpcChannel.saveDeviceCredential, anyPage, async ([text]) => {
    await deps.credential.save(server(), text);
    return null;
  });
  handleIpc(context, IpcChannel.forgetDeviceCredential, anyPage, async () => {
    await deps.credential.forget();
    return null;
  });

  // Only the bundled app may repoint the tablet: a page served by the server (or injected into it)
  // must not be able to send every later login to a server of its choosing.
  handleIpc(context, IpcChannel.setServerUrl, [Sender.bundle], async ([serverUrl]) =>
    info(await deps.setServerUrl(serverUrl)),
  );
}
