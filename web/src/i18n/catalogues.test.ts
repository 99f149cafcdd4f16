import { describe, expect, it } from 'vitest';
import { en } from './en';
import { vi } from './vi';

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();

const viKeys = flatten(vi);
const enKeys = flatten(en);

describe('interface catalogues', () => {
  it('has every Vietnamese key in English', () => {
    expect([...viKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('has every English key in Vietnamese', () => {
    expect([...enKeys.keys()].filter((k) => !viKeys.has(k))).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched = [...viKeys].filter(
      ([key, text]) => placeholders(text).join() !== placeholders(enKeys.get(key) ?? '').join(),
    );
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('has no empty text', () => {
    const empty = [...viKeys, ...enKeys].filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('is really Vietnamese: the main labels carry diacritics', () => {
    expect(vi.login.title).toBe('Đăng nhập');
    expect(vi.nav.users).toBe('Người dùng');
    expect(vi.app.documentTitle).toBe('I-Cabinet — Phòng họp không giấy');
  });
});
