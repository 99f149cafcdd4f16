import { meetingRoom, type ConclusionsChanged } from '@icabinet/shared';
import { MeetingStanding } from '../../access/meeting-access.js';
import type { IoServer } from '../../realtime/types.js';
import type { Store } from '../../store/port.js';

/**
 * Tells the screens following the meeting that its conclusions changed. A saved conclusion goes
 * only to the sockets of those who organise the meeting (drafts are theirs); a move of the notice
 * goes to everyone, who then reads what they may see (the issued conclusions, for participants).
 */
export async function broadcastConclusions(
  deps: { io: IoServer; store: Pick<Store, 'meetings' | 'participants'> },
  payload: ConclusionsChanged,
): Promise<void> {
  const sockets = await deps.io.in(meetingRoom(payload.meetingId)).fetchSockets();
  if (sockets.length === 0) return;
  const meeting = await deps.store.meetings.getById(payload.meetingId);
  if (!meeting) return;
  const participants = new Map(
    (await deps.store.participants.listByMeeting(meeting.id)).flatMap((p) =>
      p.userId ? [[p.userId, p]] : [],
    ),
  );
  const organisers: string[] = [];
  const others: string[] = [];
  for (const socket of sockets) {
    if (socket.data.viewer) continue;
    const { userId, systemRole } = socket.data;
    const standing = new MeetingStanding({ userId, systemRole }, meeting, participants.get(userId) ?? null);
    (standing.may('organise') ? organisers : others).push(socket.id);
  }
  if (organisers.length) deps.io.to(organisers).emit('conclusions:changed', payload);
  if (others.length && payload.notice) {
    deps.io.to(others).emit('conclusions:changed', { meetingId: payload.meetingId, notice: payload.notice });
  }
}
