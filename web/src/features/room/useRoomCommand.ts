import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '../../components/Toast';
import type { RoomClient, RoomCommand } from './room.client';

/** Sends a room command and shows the server's reason in a toast when it is refused. */
export function useRoomCommand(client: RoomClient | null): (command: RoomCommand) => Promise<boolean> {
  const { t } = useTranslation();
  const toast = useToast();
  return useCallback(
    async (command: RoomCommand) => {
      if (!client) return false;
      const res = await client.send(command);
      if (!res.ok) toast.show('error', t('room.failed', { message: res.error.message }));
      return res.ok;
    },
    [client, t, toast],
  );
}
