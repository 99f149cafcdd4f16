import type { Unit } from '@icabinet/shared';
import { compareVi } from '../../lib/format';

/** A unit with its depth in the hierarchy, for indented lists and pickers. */
export interface UnitRow {
  unit: Unit;
  depth: number;
}

/**
 * Orders units as a tree: each parent followed by its sub-units, siblings by name in Vietnamese
 * order. Units whose parent is missing (filtered out or deleted) are shown at the top level.
 */
export function unitTree(units: readonly Unit[]): UnitRow[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, Unit[]>();
  for (const unit of units) {
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(unit);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => compareVi(a.name, b.name));

  const rows: UnitRow[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const unit of children.get(parent) ?? []) {
      // A cycle in bad data must not hang the page.
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      rows.push({ unit, depth });
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

/** The ids of a unit and everything under it: none of them can become its parent. */
export function subtreeIds(units: readonly Unit[], rootId: string): Set<string> {
  const out = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId !== null && out.has(unit.parentId) && !out.has(unit.id)) {
        out.add(unit.id);
        grew = true;
      }
    }
  }
  return out;
}

/** Options for a unit picker: indented names, inactive units only when already chosen. */
export function unitOptions(
  units: readonly Unit[],
  keep: string | null = null,
  exclude: ReadonlySet<string> = new Set(),
): { value: string; label: string }[] {
  return unitTree(units)
    .filter(({ unit }) => !exclude.has(unit.id) && (unit.active || unit.id === keep))
    .map(({ unit, depth }) => ({
      value: unit.id,
      label: `${'\u2003'.repeat(depth)}${unit.name} (${unit.code})`,
    }));
}
