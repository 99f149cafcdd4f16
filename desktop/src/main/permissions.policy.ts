import type { SessionLike } from './electron-types.js';

/**
 * Permissions the web app may get (camera, notifications, …). None yet: a feature that needs one
 * adds it here, and the tests say why.
 */
export const ALLOWED_PERMISSIONS: readonly string[] = [];

/** Denies every permission request and check, and all device (USB/HID/serial) access. */
export function restrictPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(ALLOWED_PERMISSIONS.includes(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.includes(permission));
  session.setDevicePermissionHandler(() => false);
}
