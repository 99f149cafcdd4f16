import { describe, expect, it } from 'vitest';
import { checkUnitCode, validatePasswordChange } from './validation';

describe('change-password form', () => {
  it('requires every field', () => {
    expect(validatePasswordChange({ currentPassword: '', newPassword: '', confirmPassword: '' })).toEqual({
      currentPassword: { key: 'required' },
      newPassword: { key: 'required' },
      confirmPassword: { key: 'required' },
    });
  });

  it('wants at least 10 characters, a different password and the same one twice', () => {
    expect(
      validatePasswordChange({ currentPassword: 'a', newPassword: 'ngắn', confirmPassword: 'ngắn' })
        .newPassword,
    ).toEqual({
      key: 'passwordTooShort',
    });
    expect(
      validatePasswordChange({
        currentPassword: 'Mat-khau-cu-1',
        newPassword: 'Mat-khau-cu-1',
        confirmPassword: 'Mat-khau-cu-1',
      }).newPassword,
    ).toEqual({ key: 'passwordSame' });
    expect(
      validatePasswordChange({
        currentPassword: 'x',
        newPassword: 'Mật khẩu mới 2024',
        confirmPassword: 'Mật khẩu mới 2025',
      }),
    ).toEqual({ confirmPassword: { key: 'passwordMismatch' } });
  });
});

describe('unit codes', () => {
  it('accepts codes such as VP-UBND and refuses spaces', () => {
    expect(checkUnitCode('VP-UBND')).toBeUndefined();
    expect(checkUnitCode('Sở NV')).toEqual({ key: 'unitCode' });
    expect(checkUnitCode(' ')).toEqual({ key: 'required' });
  });
});
