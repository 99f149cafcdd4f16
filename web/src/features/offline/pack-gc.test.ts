import { describe, expect, it } from 'vitest';
import { garbagePlan } from './pack-gc';

const NONE = { ids: new Set<string>(), hashes: new Set<string>() };

describe('garbagePlan', () => {
  const files = [
    { documentId: 'v1', contentHash: 'h1' },
    { documentId: 'v2', contentHash: 'h2' },
    { documentId: 'old', contentHash: 'h-old' },
    { documentId: 'copy', contentHash: 'h1' },
  ];

  it('drops the records no pack names and the files no kept record needs', () => {
    const plan = garbagePlan([{ fileIds: ['v1', 'v2'] }], files, ['h1', 'h2', 'h-old', 'h-stray'], NONE);
    expect(plan.records.sort()).toEqual(['copy', 'old']);
    // h1 stays: v1 still needs it although the record "copy" (the same bytes) goes.
    expect(plan.hashes.sort()).toEqual(['h-old', 'h-stray']);
  });

  it('keeps the versions and files of a sync still running, although no stored pack names them yet', () => {
    // Meeting B's sync has downloaded h-new and written the record "new" but has not stored its
    // pack yet; meeting A's sync collects garbage meanwhile.
    const plan = garbagePlan(
      [{ fileIds: ['v1'] }],
      [...files, { documentId: 'new', contentHash: 'h-new' }],
      ['h1', 'h2', 'h-new', 'h-old'],
      { ids: new Set(['new', 'v2']), hashes: new Set(['h-new', 'h2']) },
    );
    expect(plan.records.sort()).toEqual(['copy', 'old']);
    expect(plan.hashes).toEqual(['h-old']);
  });

  it('keeps everything a pack names', () => {
    expect(
      garbagePlan([{ fileIds: ['v1', 'v2', 'old', 'copy'] }], files, ['h1', 'h2', 'h-old'], NONE),
    ).toEqual({ records: [], hashes: [] });
  });
});
