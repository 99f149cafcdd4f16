import type { DeepStrings } from '../vi';
import type { auth as vi } from '../vi/auth';

/** English interface text: signing in and my account. */
export const auth: DeepStrings<typeof vi> = {
  login: {
    title: 'Sign in',
    subtitle: 'Paperless meeting system',
    username: 'Username',
    password: 'Password',
    showPassword: 'Show password',
    hidePassword: 'Hide password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    wrongCredentials: 'Wrong username or password.',
    locked_one:
      'This account is temporarily locked after too many failed sign-ins. Try again in {{count}} minute.',
    locked_other:
      'This account is temporarily locked after too many failed sign-ins. Try again in {{count}} minutes.',
    help: 'Forgot your password? Please ask the system administrator for a new one.',
    sessionEnded: 'Your session has ended. Please sign in again.',
  },
  account: {
    title: 'My account',
    profile: 'My details',
    username: 'Username',
    fullName: 'Full name',
    jobTitle: 'Title',
    unit: 'Unit',
    role: 'Role',
    email: 'E-mail',
    phone: 'Phone',
    lastLogin: 'Last sign-in',
    profileHint: 'If something is wrong, please ask the administrator to update it.',
    changePassword: 'Change password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    newPasswordHint: 'At least 10 characters. A memorable phrase that is hard to guess works well.',
    confirmPassword: 'Repeat the new password',
    submit: 'Change password',
    changed: 'Your password has been changed.',
  },
};
