import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFICATION, DEFAULT_QUORUM, type PeriodReport } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { startServer, type TestServer } from '../utils/server.js';

/**
 * The pilot's own month, stored as the modules would have stored it: 20 meetings held, 409
 * invitations delivered in the app, 812 documents of 10 pages. At unit costs that price one SMS
 * invitation and one printed page as the pilot did, the period report must give back the pilot's
 * "about 150 + 300 million đồng a month".
 */
describe('the period report at the pilot’s scale', () => {
  let server: TestServer;
  let admin: ApiClient;
  const MEETINGS = 20;
  const INVITATIONS = 409;
  const DOCUMENTS = 812;

  beforeAll(async () => {
    server = await startServer();
    admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    const { store } = server.running;
    const me = (await admin.get<{ user: { id: string } }>('/api/me')).body.user.id;
    for (let m = 0; m < MEETINGS; m++) {
      const day = String(2 + m).padStart(2, '0');
      const startsAt = new Date(`2026-11-${day}T08:00:00+07:00`).toISOString();
      const endsAt = new Date(`2026-11-${day}T11:00:00+07:00`).toISOString();
      const id = randomUUID();
      await store.meetings.create({
        id,
        title: `Phiên họp số ${m + 1} tháng 11`,
        description: null,
        agendaVersion: 0,
        seriesId: null,
        sharedAnnotationsOpen: false,
        kind: 'regular',
        location: 'Phòng họp số 1',
        startsAt,
        endsAt,
        startedAt: startsAt,
        endedAt: endsAt,
        status: 'ended',
        confidentiality: 'internal',
        chairId: null,
        quorumRule: DEFAULT_QUORUM,
        statusReason: null,
        deputiesMayVote: false,
        createdBy: me,
        createdAt: startsAt,
        updatedAt: endsAt,
        version: 1,
      });
      // Invitations spread over the meetings (409 = 20 × 20 + 9), each to its own guest.
      const count = Math.floor(INVITATIONS / MEETINGS) + (m < INVITATIONS % MEETINGS ? 1 : 0);
      const invitations = [];
      for (let i = 0; i < count; i++) {
        const participantId = randomUUID();
        await store.participants.add({
          id: participantId,
          meetingId: id,
          userId: null,
          guest: {
            fullName: `Đại biểu ${m + 1}.${i + 1}`,
            title: null,
            organisation: null,
            email: null,
            phone: null,
          },
          role: 'delegate',
          votingRight: true,
          seat: null,
          deputyForId: null,
          createdAt: startsAt,
        });
        invitations.push({
          id: randomUUID(),
          meetingId: id,
          participantId,
          deputyForInvitationId: null,
          recipientName: `Đại biểu ${m + 1}.${i + 1}`,
          recipientTitle: null,
          email: null,
          phone: null,
          userId: null,
          status: 'attending' as const,
          reason: null,
          deputy: null,
          deliveries: [
            {
              channel: 'in_app' as const,
              status: 'delivered' as const,
              attempts: 1,
              lastError: null,
              updatedAt: startsAt,
            },
          ],
          sequence: 0,
          openedAt: null,
          repliedAt: null,
          createdAt: startsAt,
          updatedAt: startsAt,
          version: 1,
          tokenHash: randomBytes(32).toString('hex'),
        });
      }
      await store.invitations.createMany(invitations);
      // Documents: 812 = 20 × 40 + 12.
      const docs = Math.floor(DOCUMENTS / MEETINGS) + (m < DOCUMENTS % MEETINGS ? 1 : 0);
      for (let d = 0; d < docs; d++) {
        const docId = randomUUID();
        await store.documents.create({
          id: docId,
          chainId: docId,
          meetingId: id,
          agendaItemId: null,
          name: `tai-lieu-${m + 1}-${d + 1}.pdf`,
          sha256: randomBytes(32).toString('hex'),
          size: 50_000,
          pages: 10,
          mime: 'application/pdf',
          classification: DEFAULT_CLASSIFICATION,
          versionNo: 1,
          previousId: null,
          latest: true,
          optimized: false,
          uploadedBy: me,
          createdAt: startsAt,
          updatedAt: startsAt,
          version: 1,
        });
      }
    }
    // The pilot's prices: 150 million for 409 invitations; 300 million for 812 documents of 10
    // pages in 30 copies.
    const saved = await admin.put('/api/settings/unit-costs', {
      smsInvitationVnd: 366_748,
      printedPageVnd: 1_232,
      copiesPerDocument: 30,
      version: 0,
    });
    expect(saved.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('counts every meeting, invitation and page, and finds the pilot’s 450 million đồng', async () => {
    const res = await admin.get<PeriodReport>('/api/reports/period?from=2026-11-01&to=2026-11-30');
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p.meetings.held).toBe(MEETINGS);
    expect(p.invitations).toEqual({ total: INVITATIONS, digital: INVITATIONS, gateway: 0 });
    expect(p.documents).toEqual({ count: DOCUMENTS, pages: DOCUMENTS * 10 });
    expect(p.savings).toEqual({
      invitationsDigital: INVITATIONS,
      invitationSavedVnd: INVITATIONS * 366_748,
      pages: DOCUMENTS * 10,
      copies: 30,
      pagesNotPrinted: DOCUMENTS * 10 * 30,
      printSavedVnd: DOCUMENTS * 10 * 30 * 1_232,
      totalVnd: INVITATIONS * 366_748 + DOCUMENTS * 10 * 30 * 1_232,
    });
    // About 150 + 300 million đồng, and the same pace over 30 days (the period is 30 days).
    expect(Math.round(p.savings.invitationSavedVnd / 1e6)).toBe(150);
    expect(Math.round(p.savings.printSavedVnd / 1e6)).toBe(300);
    expect(p.monthly).toEqual({
      invitationsDigital: INVITATIONS,
      documents: DOCUMENTS,
      savedVnd: p.savings.totalVnd,
    });
    expect(p.rows).toHaveLength(MEETINGS);
    expect(p.rows.reduce((s, r) => s + r.savedVnd, 0)).toBe(p.savings.totalVnd);
  });

  it('exports the same month to Excel, one row per meeting', async () => {
    const res = await fetch(`${server.url}/api/reports/period.xlsx?from=2026-11-01&to=2026-11-30`, {
      headers: { cookie: admin.cookie ?? '' },
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const meetings = book.getWorksheet('Các cuộc họp')!;
    expect(meetings.rowCount).toBe(MEETINGS + 1);
    let pages = 0;
    meetings.eachRow((row, n) => {
      if (n > 1) pages += Number(row.getCell(6).value);
    });
    expect(pages).toBe(DOCUMENTS * 10);
  });
});
