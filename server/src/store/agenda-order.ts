import type { AgendaItemRecord } from './port.js';

const byOrder = (a: { order: number; id: string }, b: { order: number; id: string }): number =>
  a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Puts agenda items in depth-first order: top-level items by `order`, each followed by its
 * sub-items by `order`. Both adapters return this order; an orphan (its parent gone) is dropped.
 */
export function depthFirst<T extends Pick<AgendaItemRecord, 'id' | 'parentId' | 'order'>>(items: T[]): T[] {
  const children = new Map<string, T[]>();
  for (const i of items) {
    if (i.parentId === null) continue;
    const list = children.get(i.parentId) ?? [];
    list.push(i);
    children.set(i.parentId, list);
  }
  return items
    .filter((i) => i.parentId === null)
    .sort(byOrder)
    .flatMap((parent) => [parent, ...(children.get(parent.id) ?? []).sort(byOrder)]);
}
