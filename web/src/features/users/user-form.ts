import { z } from 'zod';
import {
  Email,
  NewPassword,
  Phone,
  SystemRole,
  UserCreateInput,
  type User,
  type UserUpdateInput,
} from '@icabinet/shared';
import { blankOr, textInput, validateWith } from '../../lib/form';
import type { FormErrors } from '../../lib/validation';

/** The user form's fields, all as the inputs hold them (strings). */
export interface UserFormValues {
  username: string;
  fullName: string;
  title: string;
  unitId: string;
  email: string;
  phone: string;
  systemRole: SystemRole;
  password: string;
}

export type UserFormField = keyof UserFormValues;

/** A blank form for a new user (members are the common case). */
export function emptyUserForm(): UserFormValues {
  return {
    username: '',
    fullName: '',
    title: '',
    unitId: '',
    email: '',
    phone: '',
    systemRole: 'member',
    password: '',
  };
}

/** The form filled from an existing user. */
export function userToForm(user: User): UserFormValues {
  return {
    username: user.username,
    fullName: user.fullName,
    title: user.title ?? '',
    unitId: user.unitId ?? '',
    email: user.email ?? '',
    phone: user.phone ?? '',
    systemRole: user.systemRole,
    password: '',
  };
}

/**
 * The user form's rules: the shared create schema, with the inputs' empty strings allowed where
 * the body sends null (unit, e-mail, phone) or leaves the field out (password).
 */
const CreateForm = UserCreateInput.extend({
  title: textInput(UserCreateInput.shape.title),
  systemRole: SystemRole,
  unitId: z.string(),
  email: blankOr(Email, 'email'),
  phone: blankOr(Phone, 'phone'),
  password: blankOr(NewPassword, 'password_too_short'),
});

/** The username is fixed once created, and passwords are reset separately. */
const EditForm = CreateForm.extend({ username: z.string(), password: z.string() });

/** The schema the dialog validates with. */
export const userFormSchema = (mode: 'create' | 'edit') => (mode === 'create' ? CreateForm : EditForm);

/** Checks the form with the same rules as the server. */
export function validateUserForm(v: UserFormValues, mode: 'create' | 'edit'): FormErrors<UserFormField> {
  return validateWith<UserFormField>(userFormSchema(mode), v);
}

const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** The POST /api/users body; an empty password lets the server generate a temporary one. */
export function toCreateBody(v: UserFormValues): UserCreateInput {
  const body: UserCreateInput = {
    username: v.username.trim().toLowerCase(),
    fullName: v.fullName.trim(),
    title: orNull(v.title),
    unitId: orNull(v.unitId),
    email: orNull(v.email),
    phone: orNull(v.phone),
    systemRole: v.systemRole,
  };
  if (v.password !== '') body.password = v.password;
  return body;
}

/**
 * The PATCH body: only the fields that changed, plus the version the editor saw, so two
 * administrators editing different fields do not overwrite each other with stale values.
 */
export function toUpdateBody(user: User, v: UserFormValues): UserUpdateInput {
  const body: UserUpdateInput = { version: user.version };
  const fullName = v.fullName.trim();
  if (fullName !== user.fullName) body.fullName = fullName;
  if (orNull(v.title) !== user.title) body.title = orNull(v.title);
  if (orNull(v.unitId) !== user.unitId) body.unitId = orNull(v.unitId);
  if (orNull(v.email) !== user.email) body.email = orNull(v.email);
  if (orNull(v.phone) !== user.phone) body.phone = orNull(v.phone);
  if (v.systemRole !== user.systemRole) body.systemRole = v.systemRole;
  return body;
}
