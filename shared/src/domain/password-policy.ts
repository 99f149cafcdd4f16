import { COMMON_PASSWORDS } from './common-passwords.js';

/** The password rules an administrator sets (Quản trị → Cài đặt bảo mật). */
export interface PasswordRules {
  /** At least this many characters (10–64). */
  minLength: number;
  /** The new password may not be the current one nor any of the previous `history` − 1 (0 = off). */
  history: number;
  /** Refuse common and breached passwords (the list in common-passwords.ts) and their variants. */
  blockCommon: boolean;
  /** Refuse passwords that contain the user's username, name or e-mail. */
  blockPersonal: boolean;
  /** Refuse runs of one character (aaaa) and sequences (1234, abcd, qwer). */
  blockSequences: boolean;
}

export const DEFAULT_PASSWORD_RULES: PasswordRules = {
  minLength: 10,
  history: 5,
  blockCommon: true,
  blockPersonal: true,
  blockSequences: true,
};

/** What the check knows of the person the password is for. */
export interface PasswordOwner {
  username?: string | null | undefined;
  fullName?: string | null | undefined;
  email?: string | null | undefined;
}

/** The rule a password breaks (the history rule is checked by the server, which holds the hashes). */
export type PasswordProblem =
  | { rule: 'too_short'; min: number }
  | { rule: 'common' }
  | { rule: 'personal'; part: 'username' | 'name' | 'email' }
  | { rule: 'sequence' }
  | { rule: 'reused'; history: number };

/** Lower case, no Vietnamese marks (đ → d), letters and digits only. */
export function foldPassword(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const COMMON = new Set(COMMON_PASSWORDS);

/** Keyboard rows and the alphabet: four neighbours on any of them, either way, make a sequence. */
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function hasSequence(folded: string, len = 4): boolean {
  if (new RegExp(`(.)\\1{${len - 1}}`).test(folded)) return true;
  for (let i = 0; i + len <= folded.length; i++) {
    const part = folded.slice(i, i + len);
    const reversed = [...part].reverse().join('');
    if (RUNS.some((run) => run.includes(part) || run.includes(reversed))) return true;
  }
  return false;
}

/** "matkhau2024", "2024matkhau", "matkhaumatkhau" → "matkhau"; digits-only stays as it is. */
function stems(folded: string): string[] {
  const trimmed = folded.replace(/^\d+/, '').replace(/\d+$/, '');
  const out = [folded, trimmed];
  const half = trimmed.length / 2;
  if (Number.isInteger(half) && trimmed.slice(0, half) === trimmed.slice(half))
    out.push(trimmed.slice(0, half));
  return out.filter((s) => s !== '');
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };

/** The stems of a password as typed and with look-alikes undone ("P@ssw0rd!" → "password"). */
function commonVariants(password: string): string[] {
  const plain = stems(foldPassword(password));
  const symbols = stems(foldPassword(password.replace(/@/g, 'a').replace(/\$/g, 's')));
  const letters = symbols.map((s) => s.replace(/[013457]/g, (c) => LEET[c] ?? c));
  return [...plain, ...symbols, ...letters];
}

function personalProblem(folded: string, owner: PasswordOwner): PasswordProblem | null {
  const username = foldPassword(owner.username ?? '');
  if (username.length >= 3 && folded.includes(username)) return { rule: 'personal', part: 'username' };
  const local = foldPassword((owner.email ?? '').split('@')[0] ?? '');
  if (local.length >= 3 && folded.includes(local)) return { rule: 'personal', part: 'email' };
  const name = (owner.fullName ?? '').split(/\s+/).map(foldPassword).filter(Boolean);
  const whole = name.join('');
  if (whole.length >= 3 && folded.includes(whole)) return { rule: 'personal', part: 'name' };
  // The given name with the family name or the middle name ("anhnguyen", "vananh").
  for (let i = 0; i < name.length; i++) {
    for (let j = 0; j < name.length; j++) {
      const pair = (name[i] ?? '') + (name[j] ?? '');
      if (i !== j && pair.length >= 5 && folded.includes(pair)) return { rule: 'personal', part: 'name' };
    }
  }
  // A password that is only a name part with digits around it ("binh1985!").
  const stem = stems(folded)[1] ?? folded;
  if (name.some((p) => p.length >= 2 && p === stem)) return { rule: 'personal', part: 'name' };
  return null;
}

/**
 * The first rule a new password breaks, or null. Pure, so the web's hint and the server give the
 * same answer; the server also checks the history (`reused`).
 */
export function checkPassword(
  password: string,
  rules: PasswordRules,
  owner: PasswordOwner = {},
): PasswordProblem | null {
  if ([...password].length < rules.minLength) return { rule: 'too_short', min: rules.minLength };
  const folded = foldPassword(password);
  if (rules.blockCommon && commonVariants(password).some((s) => COMMON.has(s) || /^\d+$/.test(s))) {
    return { rule: 'common' };
  }
  if (rules.blockPersonal) {
    const personal = personalProblem(folded, owner);
    if (personal) return personal;
  }
  if (rules.blockSequences && hasSequence(folded)) return { rule: 'sequence' };
  return null;
}

export type PasswordStrength = 'weak' | 'fair' | 'strong';

/**
 * A rough strength for the hint under password fields: weak when a rule is broken, strong when
 * long with several kinds of characters, fair otherwise.
 */
export function passwordStrength(
  password: string,
  rules: PasswordRules,
  owner: PasswordOwner = {},
): { strength: PasswordStrength; problem: PasswordProblem | null } {
  const problem = checkPassword(password, rules, owner);
  if (problem) return { strength: 'weak', problem };
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  const length = [...password].length;
  const strong = length >= Math.max(14, rules.minLength + 4) || (length >= rules.minLength + 2 && kinds >= 3);
  return { strength: strong ? 'strong' : 'fair', problem: null };
}
