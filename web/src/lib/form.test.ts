import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldErrors, FieldValues, ResolverOptions } from 'react-hook-form';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { UnitForm } from '../features/units/UnitFormDialog';
import { errorMessage, issueText, setServerIssues } from './form';
import { i18next, initI18n } from './i18n';

const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<FieldValues>;

/** The messages a form shows after validating `values` with `schema`, as the dialogs do. */
async function messages(schema: z.ZodType<unknown, FieldValues>, values: FieldValues) {
  const resolver = zodResolver(schema, { error: (iss) => issueText(iss) });
  const { errors } = await resolver(values, undefined, options);
  return Object.fromEntries(
    Object.entries(errors as FieldErrors).map(([k, e]) => [
      k,
      errorMessage(e as Parameters<typeof errorMessage>[0]),
    ]),
  );
}

beforeAll(async () => {
  await initI18n();
  await i18next.changeLanguage('vi');
});

describe('forms on the shared schemas', () => {
  it('refuses what the server would, in the catalogue’s words', async () => {
    expect(await messages(UnitForm, { code: 'a b', name: '   ', parentId: '' })).toEqual({
      code: i18next.t('validation.unitCode'),
      name: i18next.t('validation.required'),
    });
    expect(await messages(UnitForm, { code: 'KT', name: 'x'.repeat(201), parentId: '' })).toEqual({
      name: i18next.t('validation.tooLong', { max: '200' }),
    });
  });

  it('speaks English when the interface does', async () => {
    await i18next.changeLanguage('en');
    try {
      const found = await messages(UnitForm, { code: '', name: '', parentId: '' });
      expect(found.name).toBe(i18next.t('validation.required'));
      expect(found.name).not.toBe(i18next.getFixedT('vi')('validation.required'));
    } finally {
      await i18next.changeLanguage('vi');
    }
  });

  it('puts each server issue on its field, the first one per field, and says whether any landed', () => {
    const set: Record<string, string> = {};
    const setError = (name: string, e: { message?: string }) => {
      set[name] = e.message ?? '';
    };
    const landed = setServerIssues(
      setError,
      [
        { path: 'deputy.email', message: 'Địa chỉ e-mail không hợp lệ.' },
        { path: 'deputy.email', message: 'second' },
        { path: 'name', message: 'Tên đã có.' },
        { path: 'version', message: 'ignored' },
      ],
      ['name'],
      { 'deputy.email': 'deputyEmail' },
    );
    expect(landed).toBe(true);
    expect(set).toEqual({ deputyEmail: 'Địa chỉ e-mail không hợp lệ.', name: 'Tên đã có.' });
    expect(setServerIssues(setError, [{ path: 'version', message: 'x' }], ['name'])).toBe(false);
  });
});

describe('a form’s own rules', () => {
  it('reports the change-password checks on their fields, all at once', async () => {
    const { PasswordChangeForm } = await import('../features/auth/AccountPage');
    expect(
      await messages(PasswordChangeForm, {
        currentPassword: '',
        newPassword: 'ngắn',
        confirmPassword: 'khác',
      }),
    ).toEqual({
      currentPassword: i18next.t('validation.required'),
      newPassword: i18next.t('validation.passwordTooShort'),
      confirmPassword: i18next.t('validation.passwordMismatch'),
    });
  });
});
