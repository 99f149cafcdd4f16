import { describe, expect, it } from 'vitest';
import {
  districtState,
  sameSelection,
  selectionTotals,
  siteTree,
  toggleDistrict,
  toggleSite,
  type PickableSite,
} from './site-selection';

const site = (
  id: string,
  level: PickableSite['level'],
  parentId: string | null,
  expectedDelegates = 10,
  active = true,
): PickableSite => ({ id, name: id, level, parentId, expectedDelegates, active });

const SITES = [
  site('Hà Nội', 'city', null, 120),
  site('Quận Ba Đình', 'district', 'Hà Nội', 45),
  site('Phường Phúc Xá', 'commune', 'Quận Ba Đình', 18),
  site('Phường Cống Vị', 'commune', 'Quận Ba Đình', 17),
  site('Quận Hoàn Kiếm', 'district', 'Hà Nội', 50),
  site('Phường Hàng Bạc', 'commune', 'Quận Hoàn Kiếm', 12),
  site('Phường đã sáp nhập', 'commune', 'Quận Hoàn Kiếm', 9, false),
];

describe('the site picker of a briefing', () => {
  const tree = siteTree(SITES);
  const badinh = tree.districts.find((g) => g.district.id === 'Quận Ba Đình')!;

  it('groups the active communes under their district, in Vietnamese order', () => {
    expect(tree.cities.map((s) => s.id)).toEqual(['Hà Nội']);
    expect(tree.districts.map((g) => g.district.id)).toEqual(['Quận Ba Đình', 'Quận Hoàn Kiếm']);
    expect(badinh.communes.map((s) => s.id)).toEqual(['Phường Cống Vị', 'Phường Phúc Xá']);
    // A site taken out of service is not offered.
    expect(tree.districts[1]!.communes.map((s) => s.id)).toEqual(['Phường Hàng Bạc']);
  });

  it('picks a whole district with its communes in one click, and drops them all with the next', () => {
    const once = toggleDistrict(badinh, new Set(['Hà Nội']));
    expect([...once].sort()).toEqual(['Hà Nội', 'Phường Cống Vị', 'Phường Phúc Xá', 'Quận Ba Đình']);
    expect(districtState(badinh, once)).toBe('all');
    expect(selectionTotals(SITES, once)).toEqual({ sites: 4, delegates: 200 });
    const twice = toggleDistrict(badinh, once);
    expect([...twice]).toEqual(['Hà Nội']);
    expect(districtState(badinh, twice)).toBe('none');
  });

  it('shows a district as partly chosen, and completes it on click', () => {
    const some = toggleSite('Phường Phúc Xá', new Set());
    expect(districtState(badinh, some)).toBe('some');
    expect(districtState(badinh, toggleDistrict(badinh, some))).toBe('all');
    expect(toggleSite('Phường Phúc Xá', some).size).toBe(0);
  });

  it('tells an unchanged selection from a changed one', () => {
    expect(sameSelection(new Set(['a', 'b']), new Set(['b', 'a']))).toBe(true);
    expect(sameSelection(new Set(['a']), new Set(['a', 'b']))).toBe(false);
    expect(sameSelection(new Set(['a', 'c']), new Set(['a', 'b']))).toBe(false);
  });
});
