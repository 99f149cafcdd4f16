import type { User } from '@icabinet/shared';
import { foldVietnamese } from '../invitations/invitation-filters';

/** A user the picker may offer, with the name of their unit. */
export interface PickablePerson {
  id: string;
  fullName: string;
  title: string | null;
  unitName: string | null;
}

/** Users with their unit names, for the picker. */
export function pickablePeople(
  users: readonly User[],
  unitNames: ReadonlyMap<string, string>,
): PickablePerson[] {
  return users.map((u) => ({
    id: u.id,
    fullName: u.fullName,
    title: u.title,
    unitName: u.unitId ? (unitNames.get(u.unitId) ?? null) : null,
  }));
}

/**
 * The people to offer: those not yet in the meeting whose name, title or unit hold every word
 * typed, with or without diacritics ("tran binh so tai chinh" finds Trần Thị Bình of Sở Tài chính).
 */
export function searchPeople(
  people: readonly PickablePerson[],
  query: string,
  alreadyIn: ReadonlySet<string>,
): PickablePerson[] {
  const words = foldVietnamese(query).split(' ').filter(Boolean);
  return people.filter((p) => {
    if (alreadyIn.has(p.id)) return false;
    if (words.length === 0) return true;
    const haystack = foldVietnamese([p.fullName, p.title ?? '', p.unitName ?? ''].join(' '));
    return words.every((w) => haystack.includes(w));
  });
}
