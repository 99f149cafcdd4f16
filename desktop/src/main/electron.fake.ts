import { vi } from 'vitest';
import type {
  AppEvents,
  BrowserWindowLike,
  BrowserWindowOptionsLike,
  ElectronLike,
  IpcInvokeListener,
  KeyInput,
  PermissionRequestHandler,
  SchemePrivileges,
  WebContentsEvents,
  WebContentsLike,
  WebFrameLike,
  WindowOpenResponse,
} from './electron-types.js';

/** A webContents that records its listeners so a test can fire navigation events at it. */
export class FakeWebContents implements WebContentsLike {
  readonly listeners = new Map<keyof WebContentsEvents, WebContentsEvents[keyof WebContentsEvents]>();
  windowOpenHandler: ((details: { url: string }) => WindowOpenResponse) | null = null;
  readonly closeDevTools = vi.fn();
  readonly setZoomLevel = vi.fn((_level: number) => undefined);
  readonly setVisualZoomLevelLimits = vi.fn((_min: number, _max: number) => Promise.resolve());

  on<K extends keyof WebContentsEvents>(event: K, listener: WebContentsEvents[K]): this {
    this.listeners.set(event, listener);
    return this;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void {
    this.windowOpenHandler = handler;
  }

  /** Fires will-navigate and answers whether the navigation was prevented. */
  navigate(url: string): boolean {
    const listener = this.listeners.get('will-navigate') as WebContentsEvents['will-navigate'] | undefined;
    let prevented = false;
    listener?.({ url, preventDefault: () => (prevented = true) });
    return prevented;
  }

  /** Fires will-redirect (a server redirect) and answers whether it was prevented. */
  redirect(url: string): boolean {
    const listener = this.listeners.get('will-redirect') as WebContentsEvents['will-redirect'] | undefined;
    let prevented = false;
    listener?.({ url, preventDefault: () => (prevented = true) });
    return prevented;
  }

  /** Fires will-frame-navigate for the top frame or an iframe and answers whether it was prevented. */
  frameNavigate(url: string, isMainFrame: boolean): boolean {
    const listener = this.listeners.get('will-frame-navigate') as
      WebContentsEvents['will-frame-navigate'] | undefined;
    let prevented = false;
    listener?.({ url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  }

  /** Fires before-input-event for a key press and answers whether the page is kept from seeing it. */
  press(input: Partial<KeyInput> & { key: string }): boolean {
    const listener = this.listeners.get('before-input-event') as
      WebContentsEvents['before-input-event'] | undefined;
    let prevented = false;
    const full: KeyInput = {
      type: 'keyDown',
      control: false,
      meta: false,
      shift: false,
      alt: false,
      ...input,
    };
    listener?.({ preventDefault: () => (prevented = true) }, full);
    return prevented;
  }

  /** Fires a listener that takes no arguments (devtools-opened, zoom-changed). */
  emit(event: 'devtools-opened' | 'zoom-changed'): void {
    const listener = this.listeners.get(event) as (() => void) | undefined;
    listener?.();
  }

  /** Calls the window-open handler as `window.open(url)` would. */
  openWindow(url: string): WindowOpenResponse {
    if (this.windowOpenHandler === null) throw new Error('no window-open handler was set');
    return this.windowOpenHandler({ url });
  }

  /** Fires will-attach-webview and answers whether it was prevented. */
  attachWebview(): boolean {
    const listener = this.listeners.get('will-attach-webview') as
      WebContentsEvents['will-attach-webview'] | undefined;
    let prevented = false;
    listener?.({ preventDefault: () => (prevented = true) });
    return prevented;
  }
}

/** A frame as `event.senderFrame` shows it; `parent` set means an iframe. */
export function frame(url: string, parent: WebFrameLike | null = null): WebFrameLike {
  return { url, parent };
}

export interface FakeElectronOptions {
  /** What `requestSingleInstanceLock` answers; false plays a second launch. */
  singleInstanceLock?: boolean;
  userData?: string;
  /** How `loadURL` behaves for a URL; resolves by default. */
  loadURL?: (url: string) => Promise<void>;
  /** Whether `safeStorage` can encrypt (false: a Linux tablet with no keyring). */
  encryptionAvailable?: boolean;
}

/**
 * A `safeStorage` that seals with a key of its own (XOR, then a marker): what it writes never
 * holds the plain text, and bytes it did not seal (or sealed with another key) fail to decrypt,
 * as another OS user's file would.
 */
export function createFakeSafeStorage(options: { available?: boolean; key?: number } = {}) {
  const key = options.key ?? 0x5a;
  const MARK = Buffer.from('FAKE-OS-SEALED:');
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ key));
  const storage = {
    /** Switch it off to play a keyring that went away. */
    available: options.available ?? true,
    isEncryptionAvailable: vi.fn(() => storage.available),
    encryptString: vi.fn((plain: string): Buffer => {
      if (!storage.available) throw new Error('Encryption is not available.');
      return Buffer.concat([MARK, xor(Buffer.from(plain, 'utf8'))]);
    }),
    decryptString: vi.fn((sealed: Buffer): string => {
      const text = xor(sealed.subarray(MARK.length)).toString('utf8');
      if (!sealed.subarray(0, MARK.length).equals(MARK) || !text.startsWith('{')) {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
      return text;
    }),
  };
  return storage;
}

/** An `ElectronLike` made of plain objects, plus handles to what the app did with it. */
export function createFakeElectron(options: FakeElectronOptions = {}) {
  const appListeners = new Map<keyof AppEvents, AppEvents[keyof AppEvents]>();
  const windows: FakeBrowserWindow[] = [];
  const ipcHandlers = new Map<string, IpcInvokeListener>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const privilegedSchemes: { scheme: string; privileges: SchemePrivileges }[] = [];
  const permissions: {
    request: PermissionRequestHandler | null;
    check: ((contents: unknown, permission: string) => boolean) | null;
    device: (() => boolean) | null;
  } = { request: null, check: null, device: null };
  const calls: string[] = [];
  const switches: [string, string | undefined][] = [];
  const loadURL = options.loadURL ?? (() => Promise.resolve());

  const app = {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => {
      calls.push('requestSingleInstanceLock');
      return options.singleInstanceLock ?? true;
    }),
    whenReady: vi.fn(() => {
      calls.push('whenReady');
      return Promise.resolve();
    }),
    quit: vi.fn(),
    on<K extends keyof AppEvents>(event: K, listener: AppEvents[K]) {
      appListeners.set(event, listener);
      return app;
    },
    getPath: () => options.userData ?? '/nonexistent/user-data',
    getAppPath: () => '/nonexistent/app',
    getVersion: () => '1.2.3',
    commandLine: {
      appendSwitch: (name: string, value?: string) => {
        calls.push(`appendSwitch:${name}`);
        switches.push([name, value]);
      },
    },
  };

  class FakeBrowserWindow implements BrowserWindowLike {
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly show = vi.fn();
    readonly removeMenu = vi.fn();
    readonly setContentProtection = vi.fn((_enable: boolean) => undefined);
    minimized = false;

    constructor(readonly options: BrowserWindowOptionsLike) {
      windows.push(this);
      // Like Electron: every new webContents is announced before it loads anything.
      const created = appListeners.get('web-contents-created');
      created?.({}, this.webContents);
    }

    loadURL(url: string): Promise<void> {
      this.loaded.push(url);
      return loadURL(url);
    }

    once(_event: 'ready-to-show', listener: () => void): this {
      listener();
      return this;
    }

    isMinimized(): boolean {
      return this.minimized;
    }
  }

  const shell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };
  const Menu = { setApplicationMenu: vi.fn((_menu: null) => undefined) };

  const electron = {
    app,
    Menu,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: IpcInvokeListener) => {
        ipcHandlers.set(channel, listener);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: SchemePrivileges }[]) => {
        calls.push('registerSchemesAsPrivileged');
        privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        protocolHandlers.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: PermissionRequestHandler) => (permissions.request = handler),
        setPermissionCheckHandler: (handler: (contents: unknown, permission: string) => boolean) =>
          (permissions.check = handler),
        setDevicePermissionHandler: (handler: () => boolean) => (permissions.device = handler),
      },
    },
    shell,
    safeStorage: createFakeSafeStorage({ available: options.encryptionAvailable }),
  } satisfies ElectronLike;

  return {
    electron,
    app,
    shell,
    safeStorage: electron.safeStorage,
    Menu,
    windows,
    calls,
    privilegedSchemes,
    /** Chromium switches appended, in order. */
    switches,
    protocolHandlers,
    permissions,
    /** Fires an app event the way Electron would. */
    emitApp<K extends keyof AppEvents>(event: K, ...args: Parameters<AppEvents[K]>): void {
      const listener = appListeners.get(event) as ((...a: Parameters<AppEvents[K]>) => void) | undefined;
      listener?.(...args);
    },
    /** Calls an IPC channel as a renderer frame would through `ipcRenderer.invoke`. */
    invoke(channel: string, sender: WebFrameLike | null, ...args: unknown[]): Promise<unknown> {
      const handler = ipcHandlers.get(channel);
      if (handler === undefined) throw new Error(`no handler for ${channel}`);
      return handler({ senderFrame: sender }, ...args);
    },
  };
}
