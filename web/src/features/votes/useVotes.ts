import { useEffect, useState, useSyncExternalStore } from 'react';
import { useConnection } from '../../app/ConnectionProvider';
import { VotesClient, type VotesView } from './votes.client';

const IDLE: VotesView = { votes: [], mine: {}, waiting: null, link: 'joining', refusal: null, sending: {} };
const noop = () => () => undefined;

/** Follows a meeting's votes on the app's socket while the view is open. */
export function useVotes(meetingId: string): { client: VotesClient | null; view: VotesView } {
  const { socket } = useConnection();
  const [client, setClient] = useState<VotesClient | null>(null);
  useEffect(() => {
    if (!socket || !meetingId) return;
    const c = new VotesClient(socket, meetingId);
    c.start();
    setClient(c);
    return () => {
      c.stop();
      setClient(null);
    };
  }, [socket, meetingId]);
  const view = useSyncExternalStore(client?.subscribe ?? noop, client?.getView ?? (() => IDLE));
  return { client, view };
}
