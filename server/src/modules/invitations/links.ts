import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Personal reply links. The token is derived from the invitation id with a server secret
 * (HMAC-SHA256), so every e-mail about the same invitation (update, reminder) carries the same
 * link without the token ever being stored: the store keeps only its sha256, and a copy of the
 * database alone cannot produce a working link.
 */
export class LinkTokens {
  constructor(private readonly secret: Buffer) {}

  /** The token of an invitation (`invite`) or of a request for written opinions sent to one member (`opinion`). */
  tokenFor(id: string, purpose: 'invite' | 'opinion' = 'invite'): string {
    return createHmac('sha256', this.secret).update(`${purpose}:${id}`).digest('base64url');
  }

  static hash(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }
}

/** Tokens are 43 base64url characters; anything else is refused before touching the store. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The link secret: LINK_SECRET when set (several processes must share it), else a random key
 * kept in DATA_DIR/secrets/link.key (created on first start, readable by the owner only).
 */
export async function loadLinkSecret(dataDir: string, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const dir = path.join(dataDir, 'secrets');
  const file = path.join(dir, 'link.key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  await writeFile(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' }).catch((err: unknown) => {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  });
  await chmod(file, 0o600).catch(() => undefined);
  return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
}
