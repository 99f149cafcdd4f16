/** The pure part of the briefing's site picker: the tree and what a click on a district selects. */

export interface PickableSite {
  id: string;
  name: string;
  level: 'city' | 'district' | 'commune';
  parentId: string | null;
  expectedDelegates: number;
  active: boolean;
}

export interface DistrictGroup<S extends PickableSite> {
  district: S;
  communes: S[];
}

export interface SiteTree<S extends PickableSite> {
  cities: S[];
  districts: DistrictGroup<S>[];
}

const byName = (a: PickableSite, b: PickableSite) => a.name.localeCompare(b.name, 'vi');

/** Groups active sites into the city's own sites and each district with its communes, by name. */
export function siteTree<S extends PickableSite>(sites: readonly S[]): SiteTree<S> {
  const active = sites.filter((s) => s.active);
  const districts = active
    .filter((s) => s.level === 'district')
    .sort(byName)
    .map((district) => ({
      district,
      communes: active.filter((s) => s.level === 'commune' && s.parentId === district.id).sort(byName),
    }));
  return { cities: active.filter((s) => s.level === 'city').sort(byName), districts };
}

/** A district's checkbox: checked when it and all its communes are picked, mixed when some are. */
export function districtState(
  group: DistrictGroup<PickableSite>,
  picked: ReadonlySet<string>,
): 'all' | 'some' | 'none' {
  const ids = [group.district.id, ...group.communes.map((c) => c.id)];
  const n = ids.filter((id) => picked.has(id)).length;
  return n === 0 ? 'none' : n === ids.length ? 'all' : 'some';
}

/** One click on a district: picks it with every commune, or (when all were picked) drops them all. */
export function toggleDistrict(group: DistrictGroup<PickableSite>, picked: ReadonlySet<string>): Set<string> {
  const next = new Set(picked);
  const ids = [group.district.id, ...group.communes.map((c) => c.id)];
  if (districtState(group, picked) === 'all') ids.forEach((id) => next.delete(id));
  else ids.forEach((id) => next.add(id));
  return next;
}

/** Picks or drops one site. */
export function toggleSite(id: string, picked: ReadonlySet<string>): Set<string> {
  const next = new Set(picked);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** How many sites are picked and how many delegates they expect. */
export function selectionTotals(
  sites: readonly PickableSite[],
  picked: ReadonlySet<string>,
): { sites: number; delegates: number } {
  const chosen = sites.filter((s) => picked.has(s.id));
  return { sites: chosen.length, delegates: chosen.reduce((sum, s) => sum + s.expectedDelegates, 0) };
}

/** Whether two selections hold the same sites. */
export const sameSelection = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean =>
  a.size === b.size && [...a].every((id) => b.has(id));
