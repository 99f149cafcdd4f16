import { NewPassword, UnitCode } from '@icabinet/shared';

/** A validation failure as an i18n key under `validation.*`, with its parameter when it has one. */
export type ValidationError =
  | {
      key:
        | 'required'
        | 'username'
        | 'passwordTooShort'
        | 'passwordMismatch'
        | 'passwordSame'
        | 'email'
        | 'phone'
        | 'unitCode';
    }
  | { key: 'tooLong'; max: number };

export type FormErrors<F extends string> = Partial<Record<F, ValidationError>>;

// The rules come from the shared zod schemas, so the form rejects exactly what the server would;
// forms built on react-hook-form use lib/form.ts instead.

/** A new password; empty is allowed when the server may generate one. */
export function checkNewPassword(value: string, required: boolean): ValidationError | undefined {
  if (value === '') return required ? { key: 'required' } : undefined;
  return NewPassword.safeParse(value).success ? undefined : { key: 'passwordTooShort' };
}

export function checkUnitCode(value: string): ValidationError | undefined {
  if (value.trim() === '') return { key: 'required' };
  return UnitCode.safeParse(value).success ? undefined : { key: 'unitCode' };
}

/** Drops the fields that passed, so `Object.keys(errors).length === 0` means valid. */
export function compact<F extends string>(errors: Record<F, ValidationError | undefined>): FormErrors<F> {
  const out: FormErrors<F> = {};
  for (const [field, error] of Object.entries(errors) as [F, ValidationError | undefined][]) {
    if (error) out[field] = error;
  }
  return out;
}

export interface PasswordChangeValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Validates the change-password form. */
export function validatePasswordChange(v: PasswordChangeValues): FormErrors<keyof PasswordChangeValues> {
  return compact({
    currentPassword: v.currentPassword === '' ? { key: 'required' } : undefined,
    newPassword:
      checkNewPassword(v.newPassword, true) ??
      (v.newPassword === v.currentPassword ? { key: 'passwordSame' } : undefined),
    confirmPassword:
      v.confirmPassword === ''
        ? { key: 'required' }
        : v.confirmPassword !== v.newPassword
          ? { key: 'passwordMismatch' }
          : undefined,
  });
}
