import { describe, expect, it } from 'vitest';
import type { User } from '@icabinet/shared';
import { emptyUserForm, toCreateBody, toUpdateBody, userToForm, validateUserForm } from './user-form';

const user: User = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'nguyenvanan',
  fullName: 'Nguyễn Văn An',
  title: 'Chuyên viên',
  unitId: null,
  email: null,
  phone: null,
  systemRole: 'member',
  active: true,
  mustChangePassword: false,
  lastLoginAt: null,
  createdAt: '2024-11-28T01:00:00.000Z',
  updatedAt: '2024-11-28T01:00:00.000Z',
  version: 3,
};

describe('user form', () => {
  it('asks for a username and a full name', () => {
    expect(validateUserForm(emptyUserForm(), 'create')).toEqual({
      username: { key: 'required' },
      fullName: { key: 'required' },
    });
  });

  it('rejects a username with Vietnamese letters, a bad e-mail and a short password', () => {
    const errors = validateUserForm(
      { ...emptyUserForm(), username: 'nguyễn', fullName: 'Nguyễn Văn An', email: 'an@', password: 'short' },
      'create',
    );
    expect(errors).toEqual({
      username: { key: 'username' },
      email: { key: 'email' },
      password: { key: 'passwordTooShort' },
    });
  });

  it('refuses a title longer than the server accepts', () => {
    expect(validateUserForm({ ...userToForm(user), title: 'x'.repeat(201) }, 'edit')).toEqual({
      title: { key: 'tooLong', max: 200 },
    });
  });

  it('accepts Vietnamese phone numbers written with spaces', () => {
    expect(validateUserForm({ ...userToForm(user), phone: '0912 345 678' }, 'edit')).toEqual({});
  });

  it('sends empty optional fields as null and leaves out an empty password', () => {
    const body = toCreateBody({ ...emptyUserForm(), username: ' NguyenVanAn ', fullName: ' Nguyễn Văn An ' });
    expect(body).toEqual({
      username: 'nguyenvanan',
      fullName: 'Nguyễn Văn An',
      title: null,
      unitId: null,
      email: null,
      phone: null,
      systemRole: 'member',
    });
  });

  it('sends only the changed fields and the version on edit', () => {
    const body = toUpdateBody(user, {
      ...userToForm(user),
      title: 'Phó Chánh Văn phòng',
      systemRole: 'secretary',
    });
    expect(body).toEqual({ version: 3, title: 'Phó Chánh Văn phòng', systemRole: 'secretary' });
    expect(toUpdateBody(user, userToForm(user))).toEqual({ version: 3 });
  });
});
