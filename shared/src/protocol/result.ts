import type { WireError } from '../errors/index.js';

/** Every socket ack and every service call that can fail for a reason the user should see. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: WireError };

/** Builds a successful result. */
export const ok = <T>(data: T): Result<T> => ({ ok: true, data });

/** Builds a failed result. */
export const fail = <T = never>(error: WireError): Result<T> => ({ ok: false, error });
