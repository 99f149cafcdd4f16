import { describe, expect, it } from 'vitest';
import type { InvitationRecord } from '../../store/invitations.port.js';
import { dayAfter, dayStart, invitationFigures, savingsOf } from './reports.service.js';
import { sectionsCsv } from './reports.tables.js';
import { doneOnTime } from './task-figures.js';

const invitation = (deliveries: [string, string][]): InvitationRecord =>
  ({
    deliveries: deliveries.map(([channel, status]) => ({
      channel,
      status,
      attempts: 1,
      lastError: null,
      updatedAt: '',
    })),
  }) as unknown as InvitationRecord;

describe('report figures', () => {
  it('counts an SMS saved only for an invitation delivered digitally and not through the gateway', () => {
    const f = invitationFigures([
      invitation([['in_app', 'delivered']]),
      invitation([
        ['email', 'sent'],
        ['webhook', 'sent'],
      ]),
      invitation([
        ['email', 'failed'],
        ['webhook', 'delivered'],
      ]),
      invitation([['in_app', 'queued']]),
    ]);
    expect(f).toEqual({ total: 4, digital: 2, gateway: 2, digitalOnly: 1 });
  });

  it('prices invitations and pages × copies at the unit costs', () => {
    expect(
      savingsOf(
        { invitationsDigital: 3, pages: 18, pagesNotPrinted: 18 * 7 },
        { smsInvitationVnd: 1000, printedPageVnd: 500, copiesPerDocument: null },
      ),
    ).toEqual({
      invitationsDigital: 3,
      invitationSavedVnd: 3000,
      pages: 18,
      copies: 7,
      pagesNotPrinted: 126,
      printSavedVnd: 63_000,
      totalVnd: 66_000,
    });
  });

  it('reads a period as whole days of the city (UTC+7), both ends included', () => {
    expect(dayStart('2026-11-01')).toBe('2026-10-31T17:00:00.000Z');
    expect(dayAfter('2026-11-30')).toBe('2026-11-30T17:00:00.000Z');
  });

  it('calls a task done on time when reported by the end of its deadline day (city time) and accepted', () => {
    const report = (at: string) => ({ text: '', fileIds: [], at, by: '', byName: '' });
    // 23:30 in Hà Nội on the deadline day is still on time; 00:30 the next day is not.
    expect(
      doneOnTime({ status: 'accepted', deadline: '2026-12-05', report: report('2026-12-05T16:30:00Z') }),
    ).toBe(true);
    expect(
      doneOnTime({ status: 'accepted', deadline: '2026-12-05', report: report('2026-12-05T17:30:00Z') }),
    ).toBe(false);
    expect(
      doneOnTime({ status: 'reported', deadline: '2026-12-05', report: report('2026-12-01T08:00:00Z') }),
    ).toBe(false);
  });

  it('writes sections as CSV with a BOM, every field quoted, formulas defused', () => {
    const csv = sectionsCsv([
      {
        title: 'Tổng hợp',
        columns: ['Chỉ tiêu', 'Giá trị'],
        rows: [
          ['=HYPERLINK("x")', 5],
          ['Trống', null],
        ],
      },
    ]);
    expect(csv).toBe(
      '\uFEFF"Tổng hợp"\r\n"Chỉ tiêu","Giá trị"\r\n"\'=HYPERLINK(""x"")","5"\r\n"Trống",""\r\n\r\n',
    );
  });
});
