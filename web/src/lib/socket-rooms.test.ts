import { describe, expect, it } from 'vitest';
import type { AppSocket } from './socket';
import { followMeeting } from './socket-rooms';

/** A socket that only records what is emitted (the join/leave protocol is what is under test). */
function recordingSocket(): { socket: AppSocket; sent: string[]; setConnected(v: boolean): void } {
  const sent: string[] = [];
  let connected = true;
  const socket = {
    get connected() {
      return connected;
    },
    emit(event: string, payload: { meetingId: string }) {
      sent.push(`${event} ${payload.meetingId}`);
      return socket;
    },
  };
  return { socket: socket as unknown as AppSocket, sent, setConnected: (v) => (connected = v) };
}

describe('following a meeting room from several views of one tab', () => {
  it('joins once for the editor and its tab, and leaves only when the last view goes', () => {
    const { socket, sent } = recordingSocket();
    const editor = followMeeting(socket, 'm1');
    const agendaTab = followMeeting(socket, 'm1');
    expect(sent).toEqual(['meeting:join m1']);
    agendaTab();
    expect(sent).toEqual(['meeting:join m1']);
    const documentsTab = followMeeting(socket, 'm1');
    documentsTab();
    editor();
    expect(sent).toEqual(['meeting:join m1', 'meeting:leave m1']);
  });

  it('counts each meeting apart and ignores a release called twice', () => {
    const { socket, sent } = recordingSocket();
    const a = followMeeting(socket, 'm1');
    const b = followMeeting(socket, 'm2');
    const a2 = followMeeting(socket, 'm1');
    a();
    a();
    expect(sent).toEqual(['meeting:join m1', 'meeting:join m2']);
    b();
    a2();
    expect(sent).toEqual(['meeting:join m1', 'meeting:join m2', 'meeting:leave m2', 'meeting:leave m1']);
  });

  it('sends no leave while disconnected, and joins again when the views follow after a reconnect', () => {
    const { socket, sent, setConnected } = recordingSocket();
    const editor = followMeeting(socket, 'm1');
    setConnected(false);
    editor();
    setConnected(true);
    followMeeting(socket, 'm1');
    expect(sent).toEqual(['meeting:join m1', 'meeting:join m1']);
  });
});
