import type { X509Certificate } from 'node:crypto';
import { ErrorCode } from '@icabinet/shared';
import { AppError, errors } from '../../errors.js';
import type { UserRecord } from '../../store/port.js';
import { buildChain } from './verify.js';

/** The meeting roles that sign official documents. */
export type SignerRole = 'chair' | 'secretary';

/** Names compared the way people write them: composed, case and spacing ignored, marks kept. */
const norm = (s: string): string => s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();

/** The holder named by a certificate: its common name, and any e-mail address in it. */
export function holderOf(cert: X509Certificate): { name: string | null; emails: string[] } {
  const name = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? null;
  const emails = [
    ...[...cert.subject.matchAll(/(?:^|\n)emailAddress=([^\n]*)/g)].map((m) => m[1] ?? ''),
    ...[...(cert.subjectAltName ?? '').matchAll(/email:([^,\s]+)/g)].map((m) => m[1] ?? ''),
  ].filter(Boolean);
  return { name, emails };
}

const day = (iso: string): string => new Date(Date.parse(iso)).toISOString().slice(0, 10);

/**
 * Whether the certificate may sign for `user` now: within its validity, issued to this person
 * (common name equal to the user's full name, or an e-mail address equal to theirs), and, when
 * trusted roots are configured, chained to one of them. Throws the refusal otherwise.
 */
export function checkCredential(c: {
  user: Pick<UserRecord, 'fullName' | 'email'>;
  leaf: X509Certificate;
  chain: X509Certificate[];
  roots: X509Certificate[] | null;
  now: Date;
}): void {
  const { leaf, user } = c;
  if (c.now.getTime() > Date.parse(leaf.validTo)) {
    throw new AppError(ErrorCode.invalid_input, 'signature_certificate_expired', { date: day(leaf.validTo) });
  }
  if (c.now.getTime() < Date.parse(leaf.validFrom)) {
    throw new AppError(ErrorCode.invalid_input, 'signature_certificate_not_yet_valid', {
      date: day(leaf.validFrom),
    });
  }
  const holder = holderOf(leaf);
  const sameName = holder.name !== null && norm(holder.name) === norm(user.fullName);
  const sameEmail = !!user.email && holder.emails.some((e) => norm(e) === norm(user.email ?? ''));
  if (!sameName && !sameEmail) {
    throw new AppError(ErrorCode.forbidden, 'signature_holder_mismatch', {
      holder: holder.name ?? holder.emails[0] ?? '?',
      signer: user.fullName,
    });
  }
  if (c.roots && !buildChain(leaf, c.chain, c.roots).trusted) {
    throw errors.invalid([], 'signature_untrusted_certificate');
  }
}
