import { describe, expect, it } from 'vitest';
import { cleanFileName } from './tasks.router.js';
import { cityDate, cityInstant, isOverdue } from './tasks.shared.js';

describe('task dates in Hà Nội time', () => {
  it("reads the city's date, which starts at 17:00 UTC the day before", () => {
    expect(cityDate(new Date('2026-12-05T16:59:59Z'))).toBe('2026-12-05');
    expect(cityDate(new Date('2026-12-05T17:00:00Z'))).toBe('2026-12-06');
  });

  it('puts a reminder at the given hour, city time, days before or after a date', () => {
    expect(cityInstant('2026-12-10', -3, 8).toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(cityInstant('2026-12-10', 0, 0).toISOString()).toBe('2026-12-09T17:00:00.000Z');
    expect(cityInstant('2026-12-31', 1, 8).toISOString()).toBe('2027-01-01T01:00:00.000Z');
  });

  it('counts a task overdue from the day after its deadline until it is accepted', () => {
    const lastMinute = new Date('2026-12-10T16:59:00Z');
    const nextMorning = new Date('2026-12-11T01:00:00Z');
    expect(isOverdue({ deadline: '2026-12-10', status: 'in_progress' }, lastMinute)).toBe(false);
    expect(isOverdue({ deadline: '2026-12-10', status: 'in_progress' }, nextMorning)).toBe(true);
    expect(isOverdue({ deadline: '2026-12-10', status: 'accepted' }, nextMorning)).toBe(false);
  });
});

describe('names of attached files', () => {
  it('keeps the extension and the Vietnamese name, and drops paths and bidi tricks', () => {
    expect(cleanFileName('Báo cáo kết quả.docx')).toBe('Báo cáo kết quả.docx');
    expect(cleanFileName('C:\\Users\\x\\..\\Tờ trình.pdf')).toBe('Tờ trình.pdf');
    expect(cleanFileName('bao-cao\u202egpj.exe')).toBe('bao-caogpj.exe');
    expect(cleanFileName('.htaccess')).toBe('htaccess');
    expect(cleanFileName('')).toBe('tep-dinh-kem');
    const long = cleanFileName(`${'a'.repeat(300)}.xlsx`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.xlsx')).toBe(true);
  });
});
