import type { Confidentiality } from '@icabinet/shared';
import type { LayerStatus } from '../../lib/collab/layer-sync';

/** What a shared meeting-room tablet forgets once a meeting ends. */
export interface WipePolicy {
  /** The delegate's session: the next delegate at this seat signs in again. */
  signOut: boolean;
  /** Packed copies of the meeting's confidential documents. */
  confidentialCaches: boolean;
  /** This device's copy of the delegate's private notes (the server keeps them). */
  privateNotes: boolean;
}

/**
 * The policy of a meeting on a tablet. A kiosk tablet is shared: it always signs out and drops its
 * copy of private notes; confidential documents go whenever the meeting is confidential. A
 * personal device (not a kiosk) keeps its session and notes and only drops confidential copies.
 */
export function wipePolicyFor(confidentiality: Confidentiality, kiosk: boolean): WipePolicy {
  return { signOut: kiosk, privateNotes: kiosk, confidentialCaches: confidentiality === 'confidential' };
}

/** One private-notes layer's sync with the server (LayerSync has this shape). */
export interface NotesLayer {
  readonly status: LayerStatus;
  subscribe(listener: () => void): () => void;
}

export interface WipeActions {
  /** The private-notes layers this device holds for the meeting. */
  notesLayers(): readonly NotesLayer[];
  dropPrivateNotes(): Promise<void>;
  dropConfidentialCaches(): Promise<void>;
  signOut(): Promise<void>;
}

export type WipeOutcome =
  | { done: true; wiped: (keyof WipePolicy)[] }
  /** Notes not acknowledged by the server in time: notes and session kept, try again later. */
  | { done: false; wiped: (keyof WipePolicy)[]; unsyncedLayers: number };

/**
 * Resolves true once every layer is `synced` (the server acknowledged every local edit), false when
 * `signal` aborts first. A `refused` layer never syncs, so it keeps the wipe waiting too: a note
 * the server would not take is exactly the note that must not be thrown away.
 */
export function whenNotesSynced(layers: readonly NotesLayer[], signal: AbortSignal): Promise<boolean> {
  const pending = () => layers.filter((layer) => layer.status !== 'synced').length;
  if (pending() === 0) return Promise.resolve(true);
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const stops: (() => void)[] = [];
    const finish = (synced: boolean) => {
      for (const stop of stops) stop();
      signal.removeEventListener('abort', onAbort);
      resolve(synced);
    };
    const onAbort = () => finish(false);
    for (const layer of layers) stops.push(layer.subscribe(() => pending() === 0 && finish(true)));
    signal.addEventListener('abort', onAbort);
  });
}

/**
 * The wipe after a meeting, in an order that never loses a note: confidential copies go first
 * (they are the server's documents, always downloadable again); then it waits for the annotation
 * sync to acknowledge every private note; only then are the local notes dropped and the delegate
 * signed out (signing out earlier would cut the very connection the notes sync over). When the
 * acknowledgement does not come before `signal` aborts, notes and session stay and the outcome
 * says how many layers are still unsynced, so the caller retries once the network is back.
 */
export async function wipeAfterMeeting(
  policy: WipePolicy,
  actions: WipeActions,
  signal: AbortSignal,
): Promise<WipeOutcome> {
  const wiped: (keyof WipePolicy)[] = [];
  if (policy.confidentialCaches) {
    await actions.dropConfidentialCaches();
    wiped.push('confidentialCaches');
  }
  if (!policy.privateNotes && !policy.signOut) return { done: true, wiped };

  const layers = actions.notesLayers();
  if (!(await whenNotesSynced(layers, signal))) {
    return { done: false, wiped, unsyncedLayers: layers.filter((l) => l.status !== 'synced').length };
  }
  if (policy.privateNotes) {
    await actions.dropPrivateNotes();
    wiped.push('privateNotes');
  }
  if (policy.signOut) {
    await actions.signOut();
    wiped.push('signOut');
  }
  return { done: true, wiped };
}
