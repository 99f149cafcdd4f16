import { describe, expect, it } from 'vitest';
import type { LayerStatus } from '../../lib/collab/layer-sync';
import { wipeAfterMeeting, wipePolicyFor, type NotesLayer, type WipeActions } from './wipe';

/** A notes layer whose status the test moves, as LayerSync does when acks come in. */
class Layer implements NotesLayer {
  private readonly listeners = new Set<() => void>();
  constructor(public status: LayerStatus) {}
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(status: LayerStatus): void {
    this.status = status;
    for (const l of [...this.listeners]) l();
  }
  get watchers(): number {
    return this.listeners.size;
  }
}

function tablet(layers: Layer[]) {
  const done: string[] = [];
  const actions: WipeActions = {
    notesLayers: () => layers,
    dropPrivateNotes: () => Promise.resolve(void done.push('privateNotes')),
    dropConfidentialCaches: () => Promise.resolve(void done.push('confidentialCaches')),
    signOut: () => Promise.resolve(void done.push('signOut')),
  };
  return { actions, done };
}

const kioskConfidential = wipePolicyFor('confidential', true);

describe('the wipe after a meeting', () => {
  it('follows the policy: a kiosk forgets the session and notes, confidential copies go when confidential', () => {
    expect(wipePolicyFor('confidential', true)).toEqual({
      signOut: true,
      privateNotes: true,
      confidentialCaches: true,
    });
    expect(wipePolicyFor('internal', true)).toEqual({
      signOut: true,
      privateNotes: true,
      confidentialCaches: false,
    });
    expect(wipePolicyFor('confidential', false)).toEqual({
      signOut: false,
      privateNotes: false,
      confidentialCaches: true,
    });
  });

  it('wipes at once when every note is already acknowledged, the session last', async () => {
    const { actions, done } = tablet([new Layer('synced'), new Layer('synced')]);

    await expect(wipeAfterMeeting(kioskConfidential, actions, new AbortController().signal)).resolves.toEqual(
      {
        done: true,
        wiped: ['confidentialCaches', 'privateNotes', 'signOut'],
      },
    );
    expect(done).toEqual(['confidentialCaches', 'privateNotes', 'signOut']);
  });

  it('waits for the annotation sync to acknowledge an unsynced note before dropping notes or signing out', async () => {
    const late = new Layer('syncing');
    const { actions, done } = tablet([new Layer('synced'), late]);

    const wipe = wipeAfterMeeting(kioskConfidential, actions, new AbortController().signal);
    await Promise.resolve();
    await Promise.resolve();
    expect(done).toEqual(['confidentialCaches']);

    late.set('offline'); // the Wi-Fi drops: still not acknowledged
    await Promise.resolve();
    expect(done).toEqual(['confidentialCaches']);

    late.set('synced'); // back online, the server acknowledged the note
    await expect(wipe).resolves.toMatchObject({ done: true });
    expect(done).toEqual(['confidentialCaches', 'privateNotes', 'signOut']);
    expect(late.watchers).toBe(0);
  });

  it('never wipes a note the server has not acknowledged when time runs out; it says so', async () => {
    const stuck = new Layer('offline');
    const refused = new Layer('refused');
    const { actions, done } = tablet([stuck, refused, new Layer('synced')]);
    const timeout = new AbortController();

    const wipe = wipeAfterMeeting(kioskConfidential, actions, timeout.signal);
    timeout.abort();

    await expect(wipe).resolves.toEqual({ done: false, wiped: ['confidentialCaches'], unsyncedLayers: 2 });
    expect(done).toEqual(['confidentialCaches']);
    expect(stuck.watchers + refused.watchers).toBe(0);
  });

  it('does not wait on notes a personal device keeps', async () => {
    const { actions, done } = tablet([new Layer('offline')]);

    await expect(
      wipeAfterMeeting(wipePolicyFor('confidential', false), actions, new AbortController().signal),
    ).resolves.toEqual({ done: true, wiped: ['confidentialCaches'] });
    expect(done).toEqual(['confidentialCaches']);
  });
});
