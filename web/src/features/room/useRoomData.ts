import { useCallback } from 'react';
import type { AgendaItem, MeetingDetail, MeetingDocument, ParticipantView } from '@icabinet/shared';
import { useResource, type Resource } from '../../lib/useResource';
import { agendaApi, documentsApi, meetingsApi, participantsApi } from '../meetings/meetings.api';
import { useMeetingRoom } from '../meetings/useMeetingRoom';

/** What the room screens need besides the live state: the meeting, agenda, documents and people. */
export interface RoomData {
  detail: MeetingDetail;
  items: AgendaItem[];
  documents: MeetingDocument[];
  participants: ParticipantView[];
}

/** Loads the meeting's prepared data over REST, reloading it when the secretariat changes it. */
export function useRoomData(meetingId: string): Resource<RoomData> & { reload: () => void } {
  const load = useCallback(
    async (signal: AbortSignal): Promise<RoomData> => {
      const [detail, agenda, docs, people] = await Promise.all([
        meetingsApi.get(meetingId, signal),
        agendaApi.get(meetingId, signal),
        documentsApi.list(meetingId, signal),
        participantsApi.list(meetingId, signal),
      ]);
      return { detail, items: agenda.items, documents: docs.items, participants: people.items };
    },
    [meetingId],
  );
  const data = useResource(load);
  useMeetingRoom(meetingId, {
    onAgendaChanged: data.reload,
    onDocumentsChanged: data.reload,
  });
  return data;
}
