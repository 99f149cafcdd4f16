/** What the device keeps of one document version: enough to decide what garbage collection drops. */
export interface KeptFile {
  documentId: string;
  contentHash: string;
}

/**
 * What a garbage collection of the packs removes: the version records no stored pack names, and
 * the stored files (by content hash) no kept record needs. `inFlight` holds the versions and
 * hashes of syncs still running — downloaded, or about to be named by a pack not stored yet — and
 * they are kept whatever the stored packs say: collecting them would leave that pack ready with
 * files missing.
 */
export function garbagePlan(
  packs: readonly { fileIds: readonly string[] }[],
  files: readonly KeptFile[],
  storedHashes: readonly string[],
  inFlight: { ids: ReadonlySet<string>; hashes: ReadonlySet<string> },
): { records: string[]; hashes: string[] } {
  const wanted = new Set([...packs.flatMap((p) => p.fileIds), ...inFlight.ids]);
  const keep = new Set(inFlight.hashes);
  const records: string[] = [];
  for (const f of files) {
    if (wanted.has(f.documentId)) keep.add(f.contentHash);
    else records.push(f.documentId);
  }
  return { records, hashes: storedHashes.filter((h) => !keep.has(h)) };
}
