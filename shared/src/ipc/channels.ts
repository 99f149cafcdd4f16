/** The key under which the preload exposes the bridge: `window.icabinet`. */
export const DESKTOP_BRIDGE_KEY = 'icabinet';

/**
 * The origin of the web app bundled in the desktop shell (its `app://bundle` protocol). The server
 * lets that origin read its public health check, which the first-run address screen calls before
 * it saves an address; nothing else of the API is open to it.
 */
export const DESKTOP_BUNDLE_ORIGIN = 'app://bundle';

/**
 * IPC channel names between the preload and the Electron main process, `domain:verb` like the
 * socket events. Only these channels have handlers; the preload never exposes `ipcRenderer` itself.
 */
export const IpcChannel = {
  getInfo: 'app:get-info',
  openExternal: 'shell:open-external',
  setServerUrl: 'config:set-server-url',
  setContentProtection: 'window:set-content-protection',
  readDeviceCredential: 'device:read-credential',
  saveDeviceCredential: 'device:save-credential',
  forgetDeviceCredential: 'device:forget-credential',
} as const;
export type IpcChannel = (typeof IpcChannel)[keyof typeof IpcChannel];
