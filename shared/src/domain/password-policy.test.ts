import { describe, expect, it } from 'vitest';
import { checkPassword, DEFAULT_PASSWORD_RULES as rules, passwordStrength } from './password-policy.js';

const owner = { username: 'nv.binh', fullName: 'Nguyễn Văn Bình', email: 'binh.nv@hanoi.gov.vn' };

describe('password policy', () => {
  it('refuses short passwords with the minimum named', () => {
    expect(checkPassword('Ngan-9x', rules)).toEqual({ rule: 'too_short', min: 10 });
    expect(checkPassword('Du-dai-roi-9x', { ...rules, minLength: 14 })).toEqual({
      rule: 'too_short',
      min: 14,
    });
  });

  it.each([
    '1234567890',
    '0987654321000',
    'password123',
    'P@ssw0rd2024',
    'MatKhau@2024',
    'Mật khẩu 123',
    '2024matkhau!!',
    'matkhaumatkhau',
    'AnhYeuEm1990',
    'ubndthanhpho2025',
  ])('refuses the common password %s', (pw) => {
    expect(checkPassword(pw, rules)).toEqual({ rule: 'common' });
  });

  it('refuses the username, the name and the e-mail in the password', () => {
    expect(checkPassword('Xin-nv.binh-7', rules, owner)).toEqual({ rule: 'personal', part: 'username' });
    expect(checkPassword('Zz-binh.nv-7q', rules, owner)).toEqual({ rule: 'personal', part: 'email' });
    expect(checkPassword('NguyenVanBinh!', rules, owner)).toEqual({ rule: 'personal', part: 'name' });
    expect(checkPassword('Binh-Nguyen-7q', rules, owner)).toEqual({ rule: 'personal', part: 'name' });
    expect(checkPassword('Bình@19851985x', rules, owner)).toBeNull();
    expect(checkPassword('Bình@1985', { ...rules, minLength: 10 }, owner)).toMatchObject({
      rule: 'too_short',
    });
    expect(checkPassword('Bình198576!!', rules, owner)).toEqual({ rule: 'personal', part: 'name' });
  });

  it('refuses runs and sequences of characters', () => {
    expect(checkPassword('Tre-xanh-aaaa7', rules)).toEqual({ rule: 'sequence' });
    expect(checkPassword('Tre-xanh-4321z', rules)).toEqual({ rule: 'sequence' });
    expect(checkPassword('Tre-xanh-Qwer7', rules)).toEqual({ rule: 'sequence' });
  });

  it('lets a rule be switched off by the administrator', () => {
    const off = { ...rules, blockCommon: false, blockPersonal: false, blockSequences: false };
    expect(checkPassword('password123', off)).toBeNull();
    expect(checkPassword('Xin-nv.binh-7', off, owner)).toBeNull();
    expect(checkPassword('Tre-xanh-aaaa7', off)).toBeNull();
  });

  it('accepts good passwords and grades them for the hint', () => {
    expect(checkPassword('Mat-khau-dai-1', rules, owner)).toBeNull();
    expect(passwordStrength('Song-Hong-chay-ra-bien', rules, owner).strength).toBe('strong');
    expect(passwordStrength('tre-xanh-go', rules, owner).strength).toBe('fair');
    expect(passwordStrength('matkhau123', rules, owner)).toEqual({
      strength: 'weak',
      problem: { rule: 'common' },
    });
  });
});
