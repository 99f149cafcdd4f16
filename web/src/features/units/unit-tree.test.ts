import { describe, expect, it } from 'vitest';
import type { Unit } from '@icabinet/shared';
import { subtreeIds, unitOptions, unitTree } from './unit-tree';

let n = 0;
function unit(code: string, name: string, parentId: string | null = null, active = true): Unit {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    code,
    name,
    parentId,
    active,
    createdAt: '2024-11-28T01:00:00.000Z',
    updatedAt: '2024-11-28T01:00:00.000Z',
    version: 0,
  };
}

const ubnd = unit('UBND', 'Ủy ban nhân dân Thành phố');
const snv = unit('SNV', 'Sở Nội vụ', ubnd.id);
const stc = unit('STC', 'Sở Tài chính', ubnd.id);
const vp = unit('VP', 'Văn phòng Sở Nội vụ', snv.id);
const dong = unit('QD', 'Quận Đống Đa', ubnd.id, false);
const all = [vp, stc, dong, snv, ubnd];

describe('unit tree', () => {
  it('puts each unit under its parent, siblings in Vietnamese order', () => {
    expect(unitTree(all).map((r) => `${'-'.repeat(r.depth)}${r.unit.code}`)).toEqual([
      'UBND',
      '-QD',
      '-SNV',
      '--VP',
      '-STC',
    ]);
  });

  it('shows a unit whose parent is missing at the top level', () => {
    expect(unitTree([vp, stc]).map((r) => [r.unit.code, r.depth])).toEqual([
      ['STC', 0],
      ['VP', 0],
    ]);
  });

  it('survives a cycle in bad data', () => {
    const a = unit('A', 'A');
    const b = unit('B', 'B', a.id);
    a.parentId = b.id;
    expect(unitTree([a, b])).toEqual([]);
  });

  it('knows which units cannot become the parent of a unit', () => {
    expect([...subtreeIds(all, snv.id)].sort()).toEqual([snv.id, vp.id].sort());
  });

  it('offers only active units in pickers, plus the one already chosen', () => {
    expect(unitOptions(all).map((o) => o.value)).not.toContain(dong.id);
    expect(unitOptions(all, dong.id).map((o) => o.value)).toContain(dong.id);
    expect(unitOptions(all, null, subtreeIds(all, snv.id)).map((o) => o.value)).toEqual([ubnd.id, stc.id]);
  });
});
