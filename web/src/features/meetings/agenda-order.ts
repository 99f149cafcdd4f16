/** One entry of an agenda order: depth-first, sub-items (one level) right after their parent. */
export interface OrderEntry {
  id: string;
  parentId: string | null;
}

interface Block<T extends OrderEntry> {
  item: T;
  children: T[];
}

function toBlocks<T extends OrderEntry>(items: readonly T[]): Block<T>[] {
  const blocks: Block<T>[] = [];
  const byId = new Map<string, Block<T>>();
  for (const item of items) {
    if (item.parentId === null) {
      const block = { item, children: [] };
      blocks.push(block);
      byId.set(item.id, block);
    }
  }
  for (const item of items) {
    if (item.parentId !== null) byId.get(item.parentId)?.children.push(item);
  }
  return blocks;
}

function fromBlocks<T extends OrderEntry>(blocks: readonly Block<T>[]): T[] {
  return blocks.flatMap((b) => [b.item, ...b.children]);
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [moved] = next.splice(from, 1);
  if (moved === undefined) return next;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, moved);
  return next;
}

/** The siblings of an item (top-level items, or the sub-items of its parent), in order. */
export function siblingsOf<T extends OrderEntry>(items: readonly T[], id: string): T[] {
  const item = items.find((i) => i.id === id);
  if (!item) return [];
  return items.filter((i) => i.parentId === item.parentId);
}

/** Moves an item (with its sub-items) to another position among its siblings. */
export function moveToIndex<T extends OrderEntry>(items: readonly T[], id: string, to: number): T[] {
  const item = items.find((i) => i.id === id);
  if (!item) return [...items];
  const blocks = toBlocks(items);
  if (item.parentId === null) {
    const from = blocks.findIndex((b) => b.item.id === id);
    return fromBlocks(move(blocks, from, to));
  }
  const parent = blocks.find((b) => b.item.id === item.parentId);
  if (!parent) return [...items];
  const from = parent.children.findIndex((c) => c.id === id);
  parent.children = move(parent.children, from, to);
  return fromBlocks(blocks);
}

/** Moves an item one place up (-1) or down (+1) among its siblings; unchanged at either end. */
export function moveBy<T extends OrderEntry>(items: readonly T[], id: string, delta: -1 | 1): T[] {
  const siblings = siblingsOf(items, id);
  const index = siblings.findIndex((s) => s.id === id);
  const to = index + delta;
  if (index < 0 || to < 0 || to >= siblings.length) return [...items];
  return moveToIndex(items, id, to);
}

/** Whether an item can become a sub-item of the top-level item above it (one level only). */
export function canIndent(items: readonly OrderEntry[], id: string): boolean {
  const blocks = toBlocks(items);
  const index = blocks.findIndex((b) => b.item.id === id);
  return index > 0 && blocks[index]?.children.length === 0;
}

/** Makes a top-level item (without sub-items) the last sub-item of the top-level item above it. */
export function indent<T extends OrderEntry>(items: readonly T[], id: string): T[] {
  if (!canIndent(items, id)) return [...items];
  const blocks = toBlocks(items);
  const index = blocks.findIndex((b) => b.item.id === id);
  const block = blocks[index];
  const above = blocks[index - 1];
  if (!block || !above) return [...items];
  above.children.push({ ...block.item, parentId: above.item.id });
  blocks.splice(index, 1);
  return fromBlocks(blocks);
}

/** Makes a sub-item a top-level item placed right after its former parent's block. */
export function outdent<T extends OrderEntry>(items: readonly T[], id: string): T[] {
  const item = items.find((i) => i.id === id);
  if (!item || item.parentId === null) return [...items];
  const blocks = toBlocks(items);
  const parentIndex = blocks.findIndex((b) => b.item.id === item.parentId);
  const parent = blocks[parentIndex];
  if (!parent) return [...items];
  parent.children = parent.children.filter((c) => c.id !== id);
  blocks.splice(parentIndex + 1, 0, { item: { ...item, parentId: null }, children: [] });
  return fromBlocks(blocks);
}

/** Numbers as printed on an agenda: "1", "2", "2.1"… in depth-first order. */
export function agendaNumbers(items: readonly OrderEntry[]): Map<string, string> {
  const numbers = new Map<string, string>();
  let top = 0;
  const sub = new Map<string, number>();
  for (const item of items) {
    if (item.parentId === null) {
      top += 1;
      numbers.set(item.id, String(top));
    } else {
      const n = (sub.get(item.parentId) ?? 0) + 1;
      sub.set(item.parentId, n);
      numbers.set(item.id, `${numbers.get(item.parentId) ?? '?'}.${n}`);
    }
  }
  return numbers;
}

/** Whether two orders are the same (same ids, same parents, same sequence). */
export function sameOrder(a: readonly OrderEntry[], b: readonly OrderEntry[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i]?.id && x.parentId === b[i]?.parentId);
}
