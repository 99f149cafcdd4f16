/**
 * Invitations for a 500-person meeting: from "publish" until a local SMTP server has accepted
 * every e-mail, against nodemailer sending the same 500 messages directly (same SMTP server, same
 * content, same concurrency of 20 connections) in the same run.
 *
 *   ours      — POST /status published → one invitation per participant, a persisted job per
 *               channel, the job runner renders each e-mail (HTML, text, iCalendar) and sends it,
 *               records the delivery; measured until the SMTP server has all 500 and until the
 *               store says every e-mail is sent
 *   nodemailer — the 500 messages rendered once each with the same templates and sent with
 *               nodemailer's sendMail, 20 at a time
 * Rounds alternate and the medians are reported.
 *
 *   node --import tsx test/bench/run.ts invitations
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { Invitation, InvitationCounts, Meeting } from '@icabinet/shared';
import { buildIcs, htmlOf, subjectOf, textOf, type MailContent } from '@icabinet/server/invitations';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { ROOT, startServer } from '../utils/server.js';

const PARTICIPANTS = 500;
const ROUNDS = 3;
const CONCURRENCY = 20;

/** A receiving SMTP server that only counts (no parsing, so it costs both sides the same). */
async function countingSmtp() {
  let count = 0;
  let waiter: { n: number; resolve: () => void } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        count++;
        if (waiter && count >= waiter.n) waiter.resolve();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    reset: () => {
      count = 0;
    },
    waitFor: (n: number) =>
      new Promise<void>((resolve) => {
        if (count >= n) return resolve();
        waiter = { n, resolve };
      }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const smtp = await countingSmtp();
const server = await startServer({ env: { SMTP_URL: smtp.url, REMINDERS: 'off', LOG_LEVEL: 'silent' } });
const admin = new ApiClient(server.url);
await admin.login('admin', server.adminPassword);
const secretary = await createUser(server.url, admin, {
  username: 'thuky.bench',
  fullName: 'Phạm Thu Hà',
  systemRole: 'secretary',
});

// 500 members with e-mail addresses, straight into the store (sign-in is not what is measured).
const now = new Date().toISOString();
const userIds: string[] = [];
const surnames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
await server.running.store.users.createMany(
  Array.from({ length: PARTICIPANTS }, (_, i) => {
    const id = randomUUID();
    userIds.push(id);
    return {
      id,
      username: `daibieu${i}`,
      fullName: `${surnames[i % surnames.length]} Văn Đại Biểu ${i}`,
      title: 'Chủ tịch UBND phường',
      unitId: null,
      email: `daibieu${i}@bench.icabinet.local`,
      phone: null,
      systemRole: 'member' as const,
      active: true,
      passwordHash: 'x',
      mustChangePassword: false,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
  }),
);

async function oursOnce(round: number): Promise<{ smtpMs: number; recordedMs: number }> {
  const start = Date.now() + (round + 2) * 86_400_000;
  const created = await secretary.client.post<{ meeting: Meeting }>('/api/meetings', {
    title: `Hội nghị trực tuyến toàn Thành phố lần ${round + 1}`,
    location: 'Điểm cầu chính: Trung tâm Hội nghị Thành phố',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3 * 3_600_000).toISOString(),
  });
  const meeting = created.body.meeting;
  const bulk = await secretary.client.post(`/api/meetings/${meeting.id}/participants/bulk`, { userIds });
  if (bulk.status !== 200) throw new Error(`bulk add: ${bulk.status} ${JSON.stringify(bulk.body)}`);
  smtp.reset();
  const t0 = performance.now();
  const published = await secretary.client.post(`/api/meetings/${meeting.id}/status`, {
    to: 'published',
    version: meeting.version,
  });
  if (published.status !== 200) throw new Error(`publish: ${published.status}`);
  await smtp.waitFor(PARTICIPANTS);
  const smtpMs = performance.now() - t0;
  for (;;) {
    const res = await secretary.client.get<{ items: Invitation[]; counts: InvitationCounts }>(
      `/api/meetings/${meeting.id}/invitations`,
    );
    if (res.body.counts.byDelivery.email.sent >= PARTICIPANTS) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { smtpMs, recordedMs: performance.now() - t0 };
}

async function nodemailerOnce(round: number): Promise<number> {
  const transport = nodemailer.createTransport(smtp.url);
  const start = Date.now() + (round + 2) * 86_400_000;
  const meeting = {
    title: `Hội nghị trực tuyến toàn Thành phố lần ${round + 1}`,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3 * 3_600_000).toISOString(),
    location: 'Điểm cầu chính: Trung tâm Hội nghị Thành phố',
    chairName: null,
    reason: null,
  };
  smtp.reset();
  const t0 = performance.now();
  const send = async (i: number) => {
    const content: MailContent = {
      kind: 'invitation',
      recipient: { fullName: `Đại biểu ${i}`, title: 'Chủ tịch UBND phường' },
      meeting,
      agenda: [],
      replyUrl: `${server.url}/invite/${randomUUID()}`,
      changes: [],
      deputyFor: null,
      leadTime: null,
      organisation: 'Văn phòng UBND Thành phố',
    };
    await transport.sendMail({
      from: 'no-reply@icabinet.local',
      to: `daibieu${i}@bench.icabinet.local`,
      subject: subjectOf(content),
      text: textOf(content),
      html: htmlOf(content),
      icalEvent: {
        method: 'REQUEST',
        filename: 'giay-moi.ics',
        content: buildIcs({
          method: 'REQUEST',
          uid: `bench-${round}@icabinet`,
          sequence: 0,
          title: meeting.title,
          description: '',
          location: meeting.location,
          startsAt: meeting.startsAt,
          endsAt: meeting.endsAt,
          stamp: new Date().toISOString(),
          organizer: { name: 'Văn phòng', email: 'no-reply@icabinet.local' },
          attendee: { name: `Đại biểu ${i}`, email: `daibieu${i}@bench.icabinet.local` },
          url: content.replyUrl,
        }),
      },
    });
  };
  for (let i = 0; i < PARTICIPANTS; i += CONCURRENCY) {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, PARTICIPANTS - i) }, (_, k) => send(i + k)));
  }
  await smtp.waitFor(PARTICIPANTS);
  transport.close();
  return performance.now() - t0;
}

const ours: { smtpMs: number; recordedMs: number }[] = [];
const peer: number[] = [];
const started = performance.now();
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2 === 0) {
    ours.push(await oursOnce(round));
    peer.push(await nodemailerOnce(round));
  } else {
    peer.push(await nodemailerOnce(round));
    ours.push(await oursOnce(round));
  }
}
const oursSmtp = median(ours.map((o) => o.smtpMs));
const oursRecorded = median(ours.map((o) => o.recordedMs));
const peerMs = median(peer);
const f = (n: number, d = 0) => n.toFixed(d);

console.log('');
console.log(`Invitations for a meeting of ${PARTICIPANTS} (median of ${ROUNDS} rounds, local SMTP server)`);
console.log(`${'variant'.padEnd(34)}${'time'.padStart(10)}${'per mail'.padStart(12)}${'× peer'.padStart(9)}`);
const row = (name: string, ms: number) =>
  console.log(
    `${name.padEnd(34)}${`${f(ms)} ms`.padStart(10)}${`${f(ms / PARTICIPANTS, 2)} ms`.padStart(12)}${f(ms / peerMs, 2).padStart(9)}`,
  );
row('nodemailer direct (peer)', peerMs);
row('I-Cabinet: all mail accepted', oursSmtp);
row('I-Cabinet: all deliveries recorded', oursRecorded);
console.log(`total ${f((performance.now() - started) / 1000, 1)} s`);

const outFile = path.join(ROOT, 'test-output', 'bench', 'invitations.json');
await mkdir(path.dirname(outFile), { recursive: true });
await writeFile(
  outFile,
  JSON.stringify(
    {
      benchmark: 'invitations',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      participants: PARTICIPANTS,
      rounds: ROUNDS,
      concurrency: CONCURRENCY,
      medianMs: { nodemailer: peerMs, oursSmtp, oursRecorded },
      runs: { ours, nodemailer: peer },
    },
    null,
    2,
  ),
);
console.log(`figures written to ${path.relative(ROOT, outFile)}`);
await server.stop();
await smtp.stop();
