import { describe, expect, it } from 'vitest';
import {
  formatDayInput,
  fromLocalInput,
  localDay,
  meetingTimeline,
  minutesBetween,
  parseDayInput,
  parseTimeInput,
  toLocalInput,
  weekStart,
} from './meeting-time';

describe('meeting times in Asia/Ho_Chi_Minh', () => {
  it('shows an instant as Hanoi wall-clock time whatever the device zone', () => {
    expect(toLocalInput('2026-11-24T01:00:00.000Z')).toBe('2026-11-24T08:00');
  });

  it('reads an entered Hanoi time back as the right instant', () => {
    expect(fromLocalInput('2026-11-24T08:00')).toBe('2026-11-24T01:00:00.000Z');
    expect(fromLocalInput('2026-11-24')).toBeNull();
  });

  it('puts a late-evening UTC instant on the next Hanoi day', () => {
    expect(localDay('2026-11-23T18:30:00.000Z')).toBe('2026-11-24');
  });

  it('finds Monday 00:00 Hanoi time for any day of the week', () => {
    expect(weekStart('2026-11-29T10:00:00.000Z')).toBe('2026-11-22T17:00:00.000Z');
  });

  it('measures the meeting slot in minutes', () => {
    expect(minutesBetween('2026-11-24T01:00:00Z', '2026-11-24T03:30:00Z')).toBe(150);
  });
});

describe('typed dates and times', () => {
  it('reads day/month/year as written in Vietnam', () => {
    expect(parseDayInput('27/11/2026')).toBe('2026-11-27');
    expect(parseDayInput('1.2.2026')).toBe('2026-02-01');
    expect(formatDayInput('2026-11-27')).toBe('27/11/2026');
  });

  it('refuses a date that does not exist or is written the American way round', () => {
    expect(parseDayInput('31/02/2026')).toBeNull();
    expect(parseDayInput('11/27/2026')).toBeNull();
    expect(parseDayInput('2026-11-27')).toBeNull();
  });

  it('reads 24-hour times in the usual Vietnamese forms', () => {
    expect(parseTimeInput('8:00')).toBe('08:00');
    expect(parseTimeInput('14h30')).toBe('14:30');
    expect(parseTimeInput('8h')).toBe('08:00');
    expect(parseTimeInput('24:00')).toBeNull();
    expect(parseTimeInput('8:00 PM')).toBeNull();
  });
});

describe('upcoming or past', () => {
  const now = Date.parse('2026-11-24T03:00:00.000Z');
  const tomorrow = '2026-11-25T04:00:00.000Z';
  const anHourAgo = '2026-11-24T02:00:00.000Z';

  it('puts a meeting ended early in the room under past, even before its scheduled end', () => {
    expect(meetingTimeline({ status: 'ended', endsAt: tomorrow }, now)).toBe('past');
    expect(meetingTimeline({ status: 'closed', endsAt: tomorrow }, now)).toBe('past');
  });

  it('keeps a meeting still running after its scheduled end under upcoming', () => {
    expect(meetingTimeline({ status: 'in_progress', endsAt: anHourAgo }, now)).toBe('upcoming');
  });

  it('otherwise follows the scheduled end', () => {
    expect(meetingTimeline({ status: 'published', endsAt: tomorrow }, now)).toBe('upcoming');
    expect(meetingTimeline({ status: 'published', endsAt: anHourAgo }, now)).toBe('past');
  });
});
