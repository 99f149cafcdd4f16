import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { eventually } from '../utils/eventually.js';
import { opinionLinkIn, opinionMailsTo, opinionScene, sendOpinion } from '../utils/opinions.js';
import { FakeClock, startServer, tempDir } from '../utils/server.js';
import { startSmtp } from '../utils/smtp.js';

const HOUR = 3_600_000;

describe('reminders before the deadline of a request for written opinions', () => {
  it('are persisted jobs: one due while the server was down goes out once after restart, only to members who have not answered', async () => {
    const smtp = await startSmtp();
    const clock = new FakeClock();
    const dataDir = await tempDir();
    const env = { SMTP_URL: smtp.url, REMINDERS: 'off', OPINION_REMINDERS: '24h' };
    let server = await startServer({ clock, dataDir, env });
    try {
      const scene = await opinionScene(server.url, server.adminPassword, clock.now());
      // The deadline in 26 hours: the 24-hour reminder falls due in 2 hours.
      const request = await sendOpinion(scene, new Date(clock.now().getTime() + 26 * HOUR));
      const [hung] = scene.members;
      await eventually(() => expect(opinionMailsTo(smtp.received, hung!.email)).toHaveLength(1));
      const q = request.questions.map((x) => x.id);
      const answered = await fetch(opinionLinkIn(opinionMailsTo(smtp.received, hung!.email)[0]!), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
        body: `choice-${q[0]}=agree&choice-${q[1]}=agree`,
      });
      expect(answered.status).toBe(200);
      await eventually(() => {
        for (const m of scene.members) expect(opinionMailsTo(smtp.received, m.email)).toHaveLength(1);
      });
      await server.stop();

      clock.advance(3 * HOUR); // due while the server was down
      server = await startServer({ clock, dataDir, env });
      const reminders = () =>
        smtp.received.filter((m) => m.parsed.subject?.startsWith('Nhắc gửi ý kiến (còn 24 giờ)'));
      await eventually(() => expect(reminders()).toHaveLength(3));
      expect(
        reminders()
          .flatMap((m) => m.to)
          .some((to) => to.includes(hung!.email)),
      ).toBe(false);
      expect(reminders()[0]!.parsed.text).toContain('/opinion/');

      // Later wake-ups and another restart send nothing more.
      const jobs = server.running.app.services.invitations.jobs;
      clock.advance(HOUR);
      jobs.wake();
      await jobs.drain();
      await server.stop();
      server = await startServer({ clock, dataDir, env });
      await server.running.app.services.invitations.jobs.drain();
      expect(reminders()).toHaveLength(3);
    } finally {
      await server.stop();
      await smtp.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
