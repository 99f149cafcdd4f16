import { createContext, useContext, useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { createSocket, watchConnection, type AppSocket, type ConnectionStatus } from '../lib/socket';
import { useAuth } from '../features/auth/auth.context';

interface Connection {
  socket: AppSocket | null;
  status: ConnectionStatus;
}

const ConnectionContext = createContext<Connection>({ socket: null, status: 'connecting' });

/**
 * Opens the realtime connection for the signed-in shell and closes it on sign-out. Later
 * features (meeting room, presence) take the socket from here instead of opening their own.
 */
export function ConnectionProvider({ children }: { children: ReactNode }): ReactElement {
  const { expire } = useAuth();
  const [connection, setConnection] = useState<Connection>({ socket: null, status: 'connecting' });

  useEffect(() => {
    const socket = createSocket();
    setConnection({ socket, status: 'connecting' });
    const unwatch = watchConnection(socket, (status) => setConnection({ socket, status }));
    socket.on('session:expired', expire);
    socket.connect();
    return () => {
      unwatch();
      socket.off('session:expired', expire);
      socket.disconnect();
    };
  }, [expire]);

  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

/** The realtime socket and its state. */
export function useConnection(): Connection {
  return useContext(ConnectionContext);
}
