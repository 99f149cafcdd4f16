/**
 * The subset of Electron's main-process API this app uses. The `electron` package (and so its
 * types) cannot be installed on every build machine, so the modules here take these shapes as a
 * parameter: index.ts passes the real module, the tests pass fakes.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

/** `will-navigate` details (Electron ≥ 25 puts the target URL on the event). */
export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

export interface WebPreferencesLike {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  webviewTag: boolean;
  experimentalFeatures: boolean;
  navigateOnDragDrop: boolean;
  safeDialogs: boolean;
  spellcheck: boolean;
}

export interface BrowserWindowOptionsLike {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  kiosk: boolean;
  title: string;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: WebPreferencesLike;
}

export type WindowOpenResponse = { action: 'deny' };

export interface WebContentsEvents {
  'will-navigate': (event: NavigationEvent) => void;
  'will-attach-webview': (event: PreventableEvent) => void;
}

export interface WebContentsLike {
  on<K extends keyof WebContentsEvents>(event: K, listener: WebContentsEvents[K]): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  /** Rejects when the page fails to load (e.g. ERR_CONNECTION_REFUSED). */
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
}

export type BrowserWindowConstructorLike = new (options: BrowserWindowOptionsLike) => BrowserWindowLike;

/** The part of a `WebFrameMain` the IPC sender check reads. */
export interface WebFrameLike {
  readonly url: string;
  readonly parent: WebFrameLike | null;
}

export interface IpcInvokeEventLike {
  /** Null when the frame navigated away or was destroyed before the call was handled. */
  readonly senderFrame: WebFrameLike | null;
}

export type IpcInvokeListener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export interface IpcMainLike {
  handle(channel: string, listener: IpcInvokeListener): void;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface SchemePrivileges {
  standard: boolean;
  secure: boolean;
  supportFetchAPI: boolean;
  bypassCSP: boolean;
  allowServiceWorkers: boolean;
  corsEnabled: boolean;
  stream: boolean;
}

export interface ProtocolLike {
  /** Must run before `app` is ready. */
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: SchemePrivileges }[]): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;

export interface SessionLike {
  setPermissionRequestHandler(handler: PermissionRequestHandler): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

export interface AppEvents {
  'second-instance': () => void;
  'window-all-closed': () => void;
  'web-contents-created': (event: unknown, contents: WebContentsLike) => void;
}

export interface AppLike {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  on<K extends keyof AppEvents>(event: K, listener: AppEvents[K]): unknown;
  getPath(name: 'userData'): string;
  getAppPath(): string;
  getVersion(): string;
}

/** What index.ts hands to `startDesktop`: the real `electron` module, typed by this subset. */
export interface ElectronLike {
  app: AppLike;
  BrowserWindow: BrowserWindowConstructorLike;
  ipcMain: IpcMainLike;
  protocol: ProtocolLike;
  session: { readonly defaultSession: SessionLike };
  shell: ShellLike;
}
