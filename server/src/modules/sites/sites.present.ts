import type { Site, SiteView } from '@icabinet/shared';
import type { Store } from '../../store/port.js';

const collator = new Intl.Collator('vi');

/** Parents before their children (depth first), siblings in Vietnamese name order. */
export function orderSites(sites: Site[]): Site[] {
  const ids = new Set(sites.map((s) => s.id));
  const children = new Map<string | null, Site[]>();
  for (const s of sites) {
    const key = s.parentId && ids.has(s.parentId) ? s.parentId : null;
    children.set(key, [...(children.get(key) ?? []), s]);
  }
  for (const list of children.values())
    list.sort((a, b) => collator.compare(a.name, b.name) || a.code.localeCompare(b.code));
  const out: Site[] = [];
  const visit = (parent: string | null) => {
    for (const s of children.get(parent) ?? []) {
      out.push(s);
      visit(s.id);
    }
  };
  visit(null);
  return out;
}

/** Sites with their operators' names (each operator read once). */
export async function presentSites(store: Store, sites: Site[]): Promise<SiteView[]> {
  const names = new Map<string, { fullName: string; username: string } | null>();
  for (const id of new Set(sites.flatMap((s) => (s.operatorId ? [s.operatorId] : [])))) {
    const u = await store.users.getById(id);
    names.set(id, u ? { fullName: u.fullName, username: u.username } : null);
  }
  return sites.map((s) => {
    const op = s.operatorId ? names.get(s.operatorId) : null;
    return { ...s, operatorName: op?.fullName ?? null, operatorUsername: op?.username ?? null };
  });
}
