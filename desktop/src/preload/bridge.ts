import { IpcChannel, type DesktopBridge, type DesktopInfo, type Result } from '@icabinet/shared';

/** The one ipcRenderer method the bridge needs. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

/**
 * The object behind `window.icabinet`: one function per channel, each passing exactly its own
 * arguments. `ipcRenderer` itself never reaches the page, so a page cannot pick a channel or
 * listen to anything; the main process validates every argument again.
 */
export function createDesktopBridge(ipcRenderer: IpcRendererLike) {
  return {
    getInfo: () => ipcRenderer.invoke(IpcChannel.getInfo) as Promise<Result<DesktopInfo>>,
    openExternal: (url: string) => ipcRenderer.invoke(IpcChannel.openExternal, url) as Promise<Result<null>>,
    setServerUrl: (url: string) =>
      ipcRenderer.invoke(IpcChannel.setServerUrl, url) as Promise<Result<DesktopInfo>>,
    setContentProtection: (on: boolean) =>
      ipcRenderer.invoke(IpcChannel.setContentProtection, on) as Promise<Result<null>>,
    readDeviceCredential: () =>
      ipcRenderer.invoke(IpcChannel.readDeviceCredential) as Promise<Result<string | null>>,
    saveDeviceCredential: (text: string) =>
      ipcRenderer.invoke(IpcChannel.saveDeviceCredential, text) as Promise<Result<null>>,
    forgetDeviceCredential: () =>
      ipcRenderer.invoke(IpcChannel.forgetDeviceCredential) as Promise<Result<null>>,
  } satisfies DesktopBridge;
}
