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
  /** Off in kiosk mode: no DevTools window can be opened at all. */
  devTools: boolean;
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

/** `will-frame-navigate` details: any frame, the top one included (Electron ≥ 28). */
export interface FrameNavigationEvent extends NavigationEvent {
  readonly isMainFrame: boolean;
}

/** The key of a `before-input-event` (Electron's `Input`, the fields read here). */
export interface KeyInput {
  readonly type: string;
  readonly key: string;
  readonly code?: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

export interface WebContentsEvents {
  'will-navigate': (event: NavigationEvent) => void;
  'will-redirect': (event: NavigationEvent) => void;
  'will-frame-navigate': (event: FrameNavigationEvent) => void;
  'will-attach-webview': (event: PreventableEvent) => void;
  'before-input-event': (event: PreventableEvent, input: KeyInput) => void;
  'devtools-opened': () => void;
  'zoom-changed': () => void;
}

export interface WebContentsLike {
  on<K extends keyof WebContentsEvents>(event: K, listener: WebContentsEvents[K]): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void;
  closeDevTools(): void;
  setZoomLevel(level: number): void;
  setVisualZoomLevelLimits(minimumLevel: number, maximumLevel: number): Promise<void>;
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
  /** Drops the window's menu bar (and its accelerators) for good. */
  removeMenu(): void;
  /** Keeps the window's content out of screenshots and screen recording (Windows, macOS). */
  setContentProtection(enable: boolean): void;
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
  /** Chromium switches; they only take effect when appended before `ready`. */
  readonly commandLine: { appendSwitch(name: string, value?: string): void };
}

export interface MenuLike {
  /** Null removes the application menu, with its reload, zoom and DevTools accelerators. */
  setApplicationMenu(menu: null): void;
}

/** Electron's `safeStorage`: strings encrypted with a key the operating system keeps. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  /** Throws when the bytes were not encrypted by this OS user's key. */
  decryptString(encrypted: Buffer): string;
}

/** What index.ts hands to `startDesktop`: the real `electron` module, typed by this subset. */
export interface ElectronLike {
  app: AppLike;
  Menu: MenuLike;
  BrowserWindow: BrowserWindowConstructorLike;
  ipcMain: IpcMainLike;
  protocol: ProtocolLike;
  session: { readonly defaultSession: SessionLike };
  shell: ShellLike;
  safeStorage: SafeStorageLike;
}
