import { z } from 'zod';
import { IpcChannel } from './channels.js';

/** Longest URL the desktop shell accepts; browsers handle more, but no real link needs it. */
const MAX_URL_LENGTH = 2048;

// Credentials in a URL are a classic way to disguise a host (https://bank.vn@evil.example); the
// normalized href keeps them before the first '/', so a '@' in the authority means they are there.
const hasNoCredentials = (href: string) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(href);

/**
 * The I-Cabinet server the desktop app loads: http or https (meeting rooms often run on a LAN
 * without TLS), no credentials, no query or fragment. Parsed values are normalized hrefs.
 */
export const ServerUrl = z
  .url({ protocol: /^https?$/, normalize: true, error: 'expected an http(s) URL' })
  .max(MAX_URL_LENGTH)
  .refine(hasNoCredentials, 'the server URL must not contain a user name or password')
  .refine((href) => !/[?#]/.test(href), 'the server URL must not contain a query or fragment');
export type ServerUrl = z.infer<typeof ServerUrl>;

/**
 * A link the desktop app may hand to the operating system: https only (no http, file:,
 * javascript:, data:, mailto: …) and no credentials. Parsed values are normalized hrefs.
 */
export const ExternalUrl = z
  .url({ protocol: /^https$/, normalize: true, error: 'expected an https URL' })
  .max(MAX_URL_LENGTH)
  .refine(hasNoCredentials, 'the link must not contain a user name or password');
export type ExternalUrl = z.infer<typeof ExternalUrl>;

/** What the desktop shell tells the web app about itself. */
export const DesktopInfo = z.object({
  /** Node's `process.platform` of the tablet, e.g. "win32" or "linux". */
  platform: z.string(),
  appVersion: z.string(),
  /** The configured server, or null before the first-run address screen has saved one. */
  serverUrl: ServerUrl.nullable(),
  kiosk: z.boolean(),
});
export type DesktopInfo = z.infer<typeof DesktopInfo>;

/**
 * A paired tablet's device credential as the web app keeps it (its own JSON: token and place).
 * The shell stores it encrypted by the operating system and never reads inside it.
 */
export const DeviceCredentialText = z.string().min(1).max(4096);
export type DeviceCredentialText = z.infer<typeof DeviceCredentialText>;

/** The argument list of every IPC channel; the main process parses each call with these. */
export const IpcArgs = {
  [IpcChannel.getInfo]: z.tuple([]),
  [IpcChannel.openExternal]: z.tuple([ExternalUrl]),
  [IpcChannel.setServerUrl]: z.tuple([ServerUrl]),
  [IpcChannel.setContentProtection]: z.tuple([z.boolean()]),
  [IpcChannel.readDeviceCredential]: z.tuple([]),
  [IpcChannel.saveDeviceCredential]: z.tuple([DeviceCredentialText]),
  [IpcChannel.forgetDeviceCredential]: z.tuple([]),
} as const satisfies Record<IpcChannel, z.ZodType<readonly unknown[]>>;
export type IpcArgs = { [C in IpcChannel]: z.infer<(typeof IpcArgs)[C]> };

/** What each IPC channel answers with, inside a `Result`. */
export interface IpcReturns {
  [IpcChannel.getInfo]: DesktopInfo;
  [IpcChannel.openExternal]: null;
  [IpcChannel.setServerUrl]: DesktopInfo;
  [IpcChannel.setContentProtection]: null;
  [IpcChannel.readDeviceCredential]: string | null;
  [IpcChannel.saveDeviceCredential]: null;
  [IpcChannel.forgetDeviceCredential]: null;
}
