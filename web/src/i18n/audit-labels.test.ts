import { describe, expect, it } from 'vitest';
import { AuditAction, MeetingKind, MeetingRole, MeetingStatus } from '@icabinet/shared';
import { en } from './en';
import { vi } from './vi';

type Tree = { readonly [key: string]: string | Tree };

function lookup(tree: Tree, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);
}

describe('labels for values the server sends', () => {
  it.each([
    ['vi', vi],
    ['en', en],
  ] as const)('names every audit action in %s', (_lang, catalogue) => {
    const missing = AuditAction.options.filter(
      (a) => typeof lookup(catalogue, `audit.actions.${a}`) !== 'string',
    );
    expect(missing).toEqual([]);
  });

  it.each([
    ['vi', vi],
    ['en', en],
  ] as const)('names every audit action group of the filter in %s', (_lang, catalogue) => {
    const groups = [...new Set(AuditAction.options.map((a) => a.split('.')[0]))];
    expect(groups.filter((g) => typeof lookup(catalogue, `audit.groups.${g}`) !== 'string')).toEqual([]);
  });

  it('names every meeting status, kind and meeting role in Vietnamese', () => {
    const paths = [
      ...MeetingStatus.options.map((s) => `meetings.status.${s}`),
      ...MeetingKind.options.map((k) => `meetings.kind.${k}`),
      ...MeetingRole.options.map((r) => `meetings.roles.${r}`),
    ];
    expect(paths.filter((p) => typeof lookup(vi, p) !== 'string')).toEqual([]);
  });
});
