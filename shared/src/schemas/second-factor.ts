import { z } from 'zod';
import { IsoDateTime } from './common.js';

/** A 6-digit TOTP code (spaces an app shows in the middle are dropped). */
export const TotpCode = z
  .string()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'totp_code'));

/** A one-time recovery code: ten letters/digits, shown as `xxxxx-xxxxx`; case and dash are optional. */
export const RecoveryCode = z
  .string()
  .transform((v) => v.replace(/[\s-]+/g, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9]{10}$/, 'totp_code'));

/** What the second sign-in step accepts: a TOTP code or a recovery code. */
export const SecondFactorCode = z
  .string()
  .max(40)
  .transform((v) => v.replace(/[\s-]+/g, '').toLowerCase())
  .pipe(z.string().regex(/^(\d{6}|[a-z0-9]{10})$/, 'totp_code'));

/** The login answer when the account has a second factor: no session yet, a short-lived token. */
export const SecondFactorChallenge = z.object({
  secondFactor: z.literal('required'),
  pendingToken: z.string(),
  expiresAt: IsoDateTime,
});
export type SecondFactorChallenge = z.infer<typeof SecondFactorChallenge>;

export const SecondFactorLoginInput = z.strictObject({
  pendingToken: z.string().min(1).max(200),
  code: SecondFactorCode,
});
export type SecondFactorLoginInput = z.infer<typeof SecondFactorLoginInput>;

/** Enrolment: the secret for manual entry, the otpauth:// address and its QR code as an SVG data URL. */
export const SecondFactorSetup = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});
export type SecondFactorSetup = z.infer<typeof SecondFactorSetup>;

export const SecondFactorConfirmInput = z.strictObject({ code: TotpCode });
export type SecondFactorConfirmInput = z.infer<typeof SecondFactorConfirmInput>;

/** The recovery codes, shown once after enrolment. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

/** My second factor as `GET /api/me` reports it. */
export const SecondFactorStatus = z.object({
  enabled: z.boolean(),
  /** My role must have one (TWO_FACTOR_REQUIRED); until enrolled nothing else is allowed. */
  required: z.boolean(),
  recoveryCodesLeft: z.number().int(),
});
export type SecondFactorStatus = z.infer<typeof SecondFactorStatus>;
