/** The key under which the preload exposes the bridge: `window.icabinet`. */
export const DESKTOP_BRIDGE_KEY = 'icabinet';

/**
 * IPC channel names between the preload and the Electron main process, `domain:verb` like the
 * socket events. Only these channels have handlers; the preload never exposes `ipcRenderer` itself.
 */
export const IpcChannel = {
  getInfo: 'app:get-info',
  openExternal: 'shell:open-external',
  setServerUrl: 'config:set-server-url',
} as const;
export type IpcChannel = (typeof IpcChannel)[keyof typeof IpcChannel];
