import { useEffect, useRef } from 'react';
import type { AgendaChanged, ConclusionsChanged, DocumentsChanged, MeetingChanged } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { followMeeting } from '../../lib/socket-rooms';

export interface MeetingRoomHandlers {
  onAgendaChanged?: (payload: AgendaChanged) => void;
  /** The payload carries the changed records when the server sends them (see applyDocumentsChange). */
  onDocumentsChanged?: (payload: DocumentsChanged) => void;
  onMeetingChanged?: (payload: MeetingChanged) => void;
  /** An item's conclusions saved (organisers) or the conclusion notice moved. */
  onConclusionsChanged?: (payload: ConclusionsChanged) => void;
}

/**
 * Joins the meeting's realtime room while a page about it is open, and calls back on the
 * broadcasts that concern it. Re-joins after a reconnect (a new socket session has no rooms).
 * Views of one meeting share one membership (`followMeeting`): a tab unmounting leaves the editor in.
 */
export function useMeetingRoom(meetingId: string | null, handlers: MeetingRoomHandlers): void {
  const { socket, status } = useConnection();
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    if (!socket || !meetingId || status !== 'connected') return;
    const release = followMeeting(socket, meetingId);
    const agenda = (p: AgendaChanged) => {
      if (p.meetingId === meetingId) latest.current.onAgendaChanged?.(p);
    };
    const documents = (p: DocumentsChanged) => {
      if (p.meetingId === meetingId) latest.current.onDocumentsChanged?.(p);
    };
    const meeting = (p: MeetingChanged) => {
      if (p.meetingId === meetingId) latest.current.onMeetingChanged?.(p);
    };
    const conclusions = (p: ConclusionsChanged) => {
      if (p.meetingId === meetingId) latest.current.onConclusionsChanged?.(p);
    };
    socket.on('conclusions:changed', conclusions);
    socket.on('agenda:changed', agenda);
    socket.on('documents:changed', documents);
    socket.on('meeting:changed', meeting);
    return () => {
      socket.off('conclusions:changed', conclusions);
      socket.off('agenda:changed', agenda);
      socket.off('documents:changed', documents);
      socket.off('meeting:changed', meeting);
      release();
    };
  }, [socket, meetingId, status]);
}
