import { describe, expect, it } from 'vitest';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import type Database from 'better-sqlite3';
import type { RoomChanged } from '@icabinet/shared';
import { collectChanges, joinRoom, publishedMeeting, roomCommand, syncRoom } from '../utils/room.js';
import { connectClient } from '../utils/socket.js';
import { spawnServer, startServer, tempDir, testEnv } from '../utils/server.js';
import { eventually } from '../utils/eventually.js';

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

  /**
   * In one server process a page turn is told to the room before it is stored, and acked after
   * (room.service.ts, `tellsFirst`). The store refusing writes stands for a disk that fails: the
   * turn reaches every tablet but is not acked; the next turn stores the room as told; and a tablet
   * that saw a turn the store never kept (the process then stopped) gets the stored room back.
   */
  it('acks a page turn told before it was stored only once it is stored, and brings back a tablet ahead of the store', async () => {
    const dir = await tempDir();
    let server = await startServer({ dataDir: dir });
    try {
      const admin = new ApiClient(server.url);
      expect(await admin.login('admin', server.adminPassword)).toBe(200);
      const sec = await createUser(server.url, admin, {
        username: 'thuky.ghi',
        fullName: 'Thư Ký',
        systemRole: 'secretary',
      });
      const ch = await createUser(server.url, admin, { username: 'chutich.ghi', fullName: 'Chủ Tịch' });
      const member = await createUser(server.url, admin, { username: 'daibieu.ghi', fullName: 'Đại Biểu' });
      const m = await publishedMeeting(sec.client, ch.id, [{ userId: member.id }], { document: true });
      const chair = await connectClient(server.url, ch.client.cookie);
      await joinRoom(chair, m.id);
      const tablet = await connectClient(server.url, member.client.cookie);
      await joinRoom(tablet, m.id);
      const seen: RoomChanged[] = collectChanges(tablet);
      for (const command of [
        { type: 'room.start' },
        { type: 'document.open', documentId: m.documentId!, page: 1 },
        { type: 'page.goto', page: 2, zoom: 1 },
      ] as const)
        expect((await roomCommand(chair, m.id, command)).ok).toBe(true);
      const storedSeq = (await joinRoom(chair, m.id)).state.seq;

      // The database stops taking writes, as a failing disk would.
      const db = (server.running.store as unknown as { db: Database.Database }).db;
      db.pragma('query_only = ON');
      const lost = await roomCommand(chair, m.id, { type: 'page.goto', page: 5, zoom: 1 });
      expect(lost.ok).toBe(false);
      if (!lost.ok) expect(lost.error.message).toMatch(/\S/);
      const told = await eventually(() => {
        const c = seen.find((x) => x.seq === storedSeq + 1);
        if (!c) throw new Error('the turn has not reached the tablet');
        return c;
      });
      expect(told.patch.document).toMatchObject({ page: 5 });
      // Nothing of the unstored turn is in the database.
      db.pragma('query_only = OFF');
      const row = db.prepare('SELECT seq FROM room_states WHERE meeting_id = ?').get(m.id) as { seq: number };
      expect(row.seq).toBe(storedSeq);

      // The next turn stores the room as everyone was told it, and is acked.
      const next = await roomCommand(chair, m.id, { type: 'page.goto', page: 6, zoom: 1 });
      expect(next.ok).toBe(true);
      if (next.ok) expect(next.data.seq).toBe(storedSeq + 2);
      expect(
        (db.prepare('SELECT seq FROM room_states WHERE meeting_id = ?').get(m.id) as { seq: number }).seq,
      ).toBe(storedSeq + 2);

      // Told but never stored, then the process stops: a tablet ahead of the store gets the stored room.
      db.pragma('query_only = ON');
      expect((await roomCommand(chair, m.id, { type: 'page.goto', page: 9, zoom: 1 })).ok).toBe(false);
      await eventually(() => expect(seen.some((c) => c.seq === storedSeq + 3)).toBe(true));
      db.pragma('query_only = OFF');
      chair.close();
      tablet.close();
      await server.stop();
      server = await startServer({ dataDir: dir });
      const again = new ApiClient(server.url);
      expect(await again.login('daibieu.ghi', member.password)).toBe(200);
      const back = await connectClient(server.url, again.cookie);
      const sync = await syncRoom(back, m.id, storedSeq + 3);
      expect(sync.ok).toBe(true);
      if (sync.ok) {
        expect(sync.data.kind).toBe('snapshot');
        if (sync.data.kind === 'snapshot') {
          expect(sync.data.state.seq).toBe(storedSeq + 2);
          expect(sync.data.state.document).toMatchObject({ documentId: m.documentId, page: 6 });
        }
      }
      back.close();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
