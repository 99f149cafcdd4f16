import type { SiteQuestion } from '@icabinet/shared';

/**
 * Takes one `question:changed` into a list kept in arrival order. Broadcasts from different server
 * processes may arrive out of order: an older version of a question never replaces a newer one.
 */
export function upsertQuestion(list: readonly SiteQuestion[], q: SiteQuestion): SiteQuestion[] {
  const i = list.findIndex((x) => x.id === q.id);
  if (i >= 0) {
    const known = list[i];
    if (known && known.version >= q.version) return [...list];
    return list.map((x) => (x.id === q.id ? q : x));
  }
  return [...list, q].sort((a, b) => a.number - b.number);
}

/** Questions still in the queue (waiting, or the site speaking now), and the rest. */
export function splitQueue(list: readonly SiteQuestion[]): { open: SiteQuestion[]; done: SiteQuestion[] } {
  const open = list.filter((q) => q.status === 'waiting' || q.status === 'floor');
  const done = list.filter((q) => q.status !== 'waiting' && q.status !== 'floor');
  return { open, done: done.reverse() };
}
