import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** A new record id (UUID v4), the same format in both stores. */
export const newId = (): string => randomUUID();

/** An unguessable token for cookies and links (256 bits, base64url). */
export const newToken = (): string => randomBytes(32).toString('base64url');

const READABLE = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A temporary password that is easy to read aloud or copy: three groups of four, no look-alike characters. */
export function temporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 3; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += READABLE[randomInt(READABLE.length)];
    groups.push(s);
  }
  return groups.join('-');
}
