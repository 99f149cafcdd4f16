import { useEffect, useState, useSyncExternalStore } from 'react';
import { useConnection } from '../../app/ConnectionProvider';
import { useAuth } from '../auth/auth.context';
import { BallotKeeper, browserStorage } from './ballot-keeper';
import { VotesClient, type VotesView } from './votes.client';

const IDLE: VotesView = {
  votes: [],
  mine: {},
  waiting: null,
  link: 'joining',
  refusal: null,
  sending: {},
  lost: {},
};
const noop = () => () => undefined;

/** Follows a meeting's votes on the app's socket while the view is open. */
export function useVotes(meetingId: string): { client: VotesClient | null; view: VotesView } {
  const { socket } = useConnection();
  const { state } = useAuth();
  // The signed-in user's last ballots are kept in this browser (sent again after a reconnect).
  const owner = state.status === 'signedIn' ? state.me.user.id : null;
  const [client, setClient] = useState<VotesClient | null>(null);
  useEffect(() => {
    if (!socket || !meetingId) return;
    const keeper = owner ? new BallotKeeper(browserStorage(), owner) : undefined;
    const c = new VotesClient(socket, meetingId, keeper);
    c.start();
    setClient(c);
    return () => {
      c.stop();
      setClient(null);
    };
  }, [socket, meetingId, owner]);
  const view = useSyncExternalStore(client?.subscribe ?? noop, client?.getView ?? (() => IDLE));
  return { client, view };
}
