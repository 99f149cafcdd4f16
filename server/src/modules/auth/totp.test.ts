import { describe, expect, it } from 'vitest';
import {
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  qrDataUrl,
  totpAt,
  totpUri,
} from './totp.js';

// A fixed instant in the middle of a 30-second window, so ±30 s lands in the neighbours.
const T = Date.UTC(2026, 11, 5, 3, 0, 15);
const STEP = Math.floor(T / 1000 / 30);

describe('TOTP (RFC 6238)', () => {
  const secret = newTotpSecret();

  it('accepts the current code and answers its time step', async () => {
    expect(await matchTotp(secret, await totpAt(secret, T), T, 0)).toBe(STEP);
  });

  it('accepts the previous and the next 30-second window (phone clocks drift)', async () => {
    expect(await matchTotp(secret, await totpAt(secret, T - 30_000), T, 0)).toBe(STEP - 1);
    expect(await matchTotp(secret, await totpAt(secret, T + 30_000), T, 0)).toBe(STEP + 1);
  });

  it('refuses codes two windows away', async () => {
    expect(await matchTotp(secret, await totpAt(secret, T - 60_000), T, 0)).toBeNull();
    expect(await matchTotp(secret, await totpAt(secret, T + 60_000), T, 0)).toBeNull();
  });

  it('refuses a code whose step was already used (replay), even a minute later', async () => {
    const code = await totpAt(secret, T);
    const used = await matchTotp(secret, code, T, 0);
    expect(used).toBe(STEP);
    expect(await matchTotp(secret, code, T, used ?? 0)).toBeNull();
    // The clock moved on by one window: the old code is still "previous", and still refused.
    expect(await matchTotp(secret, code, T + 30_000, used ?? 0)).toBeNull();
    // An older window than the last used one is refused too.
    expect(await matchTotp(secret, await totpAt(secret, T - 30_000), T, used ?? 0)).toBeNull();
    // The next window's code is fine.
    expect(await matchTotp(secret, await totpAt(secret, T + 30_000), T + 30_000, used ?? 0)).toBe(STEP + 1);
  });

  it('refuses a code of another secret', async () => {
    const other = newTotpSecret();
    expect(await matchTotp(secret, await totpAt(other, T), T, 0)).toBeNull();
  });

  it('builds an otpauth address and an SVG QR code an app can scan', async () => {
    const uri = totpUri(secret, 'vp.thuky', 'I-Cabinet');
    expect(uri).toMatch(/^otpauth:\/\/totp\/I-Cabinet:vp\.thuky\?/);
    expect(uri).toContain(`secret=${secret}`);
    const url = await qrDataUrl(uri);
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1] ?? '', 'base64').toString()).toContain('<svg');
  });
});

describe('recovery codes', () => {
  it('makes ten different codes shaped xxxxx-xxxxx without look-alike characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it('normalises what a person types (case, dash, spaces)', () => {
    expect(normaliseRecoveryCode(' ABCDE-fghjk ')).toBe('abcdefghjk');
  });
});
