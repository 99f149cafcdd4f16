import type { DocumentsChanged, MeetingDocument } from '@icabinet/shared';

/**
 * A meeting's list of (latest) documents after a `documents:changed` broadcast, without a GET:
 * removed documents leave, a new version takes its predecessor's place, new documents are added
 * at the end. Null when the broadcast carries no records (an older server): then refetch.
 */
export function applyDocumentsChange(
  list: readonly MeetingDocument[],
  change: DocumentsChanged,
): MeetingDocument[] | null {
  if (!change.saved || !change.removedIds) return null;
  const gone = new Set(change.removedIds);
  const out = list.filter((d) => !gone.has(d.id));
  // Latest versions first, so a new version takes its predecessor's place before that one leaves.
  const saved = [...change.saved].sort((a, b) => Number(b.latest) - Number(a.latest));
  for (const doc of saved) {
    if (!doc.latest) {
      const old = out.findIndex((d) => d.id === doc.id);
      if (old >= 0) out.splice(old, 1);
      continue;
    }
    // A new version takes the place of the one it replaces.
    const at = out.findIndex((d) => d.id === doc.id || (doc.previousId !== null && d.id === doc.previousId));
    if (at >= 0) out[at] = doc;
    else out.push(doc);
  }
  return out;
}
