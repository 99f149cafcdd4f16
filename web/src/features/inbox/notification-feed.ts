import { useSyncExternalStore } from 'react';
import type { InAppNotification } from '@icabinet/shared';

/** The signed-in user's in-app notices, shared by the header bell and the inbox page. */
export interface FeedState {
  items: InAppNotification[];
  unread: number;
  loaded: boolean;
}

const EMPTY: FeedState = { items: [], unread: 0, loaded: false };
const MAX_ITEMS = 50;

let state: FeedState = EMPTY;
const listeners = new Set<() => void>();

function set(next: FeedState): void {
  state = next;
  for (const listener of listeners) listener();
}

/**
 * A tiny store rather than a context: the bell lives in the header and the inbox in the page,
 * and both must show the same count the moment either changes it.
 */
export const notificationFeed = {
  get: (): FeedState => state,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** The list as the server answered it. */
  load(items: InAppNotification[], unread: number): void {
    set({ items, unread, loaded: true });
  },
  /** A notice pushed live by `notification:new` (ignored when already listed). */
  add(n: InAppNotification): void {
    if (state.items.some((i) => i.id === n.id)) return;
    set({
      ...state,
      items: [n, ...state.items].slice(0, MAX_ITEMS),
      unread: state.unread + (n.readAt ? 0 : 1),
    });
  },
  /** Everything read, after the inbox told the server so. */
  markAllRead(at: string): void {
    set({ ...state, items: state.items.map((i) => (i.readAt ? i : { ...i, readAt: at })), unread: 0 });
  },
  /** Forgets the previous user's notices (sign-out). */
  reset(): void {
    set(EMPTY);
  },
};

/** The current feed; re-renders on every change. */
export function useNotificationFeed(): FeedState {
  return useSyncExternalStore(notificationFeed.subscribe, notificationFeed.get, notificationFeed.get);
}
