import { describe, expect, it } from 'vitest';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient } from '../utils/socket.js';
import { spawnServer, tempDir, testEnv } from '../utils/server.js';

/**
 * What each kind of room change survives (server/src/modules/room/durability.ts): a page turn is
 * stored for a killed process (synchronous=NORMAL), attendance and the speakers' queue for a power
 * cut too (FULL). A power cut cannot be staged here; a killed process can, and both kinds must
 * survive it: what was acked is there after the restart.
 */
describe('durability of room changes', () => {
  it('keeps an acked page turn, check-in and speaker request when the server is killed right after the acks', async () => {
    const dir = await tempDir();
    const env = testEnv(dir);
    let proc = spawnServer(env);
    try {
      const url = await proc.url;
      const admin = new ApiClient(url);
      expect(await admin.login('admin', env.ICABINET_ADMIN_PASSWORD!)).toBe(200);
      const sec = await createUser(url, admin, {
        username: 'thuky.room',
        fullName: 'Thư Ký',
        systemRole: 'secretary',
      });
      const ch = await createUser(url, admin, { username: 'chutich.room', fullName: 'Chủ Tịch' });
      const member = await createUser(url, admin, { username: 'daibieu.room', fullName: 'Đại Biểu' });
      const m = await publishedMeeting(sec.client, ch.id, [{ userId: member.id }], { document: true });
      const chair = await connectClient(url, ch.client.cookie);
      await joinRoom(chair, m.id);
      const delegate = await connectClient(url, member.client.cookie);
      await joinRoom(delegate, m.id);
      for (const command of [
        { type: 'room.start' },
        { type: 'document.open', documentId: m.documentId!, page: 1 },
      ] as const)
        expect((await roomCommand(chair, m.id, command)).ok).toBe(true);
      expect((await roomCommand(delegate, m.id, { type: 'attendance.checkin' })).ok).toBe(true);
      expect((await roomCommand(delegate, m.id, { type: 'speaker.request', agendaItemId: null })).ok).toBe(
        true,
      );
      // The last acked change before the kill is a page turn (stored at the `process` level).
      const turned = await roomCommand(chair, m.id, { type: 'page.goto', page: 3, zoom: 1.5 });
      proc.proc.kill('SIGKILL');
      expect(turned.ok).toBe(true);
      await proc.exit;
      chair.close();
      delegate.close();

      proc = spawnServer(env);
      const url2 = await proc.url;
      const again = new ApiClient(url2);
      expect(await again.login('chutich.room', ch.password)).toBe(200);
      const s2 = await connectClient(url2, again.cookie);
      const { state } = await joinRoom(s2, m.id);
      expect(state.status).toBe('running');
      expect(state.document).toMatchObject({ documentId: m.documentId, page: 3, zoom: 1.5 });
      const present = Object.entries(state.attendance).filter(([, a]) => a.present);
      expect(present).toHaveLength(1);
      expect(state.queue).toHaveLength(1);
      s2.close();
    } finally {
      await proc.kill('SIGKILL');
    }
  }, 60_000);
});
