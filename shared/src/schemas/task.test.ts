import { describe, expect, it } from 'vitest';
import { FollowUpSettings, IsoDate, TaskActionInput, TaskCreateInput } from './task.js';

const LEAD = '0b4a1c7e-6f59-4a57-9d3c-2f5a8d1e6b11';

describe('task schemas', () => {
  it('takes calendar dates only, and only real ones', () => {
    expect(IsoDate.safeParse('2026-02-28').success).toBe(true);
    expect(IsoDate.safeParse('2028-02-29').success).toBe(true);
    for (const bad of ['2026-02-30', '2026-13-01', '28/02/2026', '2026-2-1', '2026-02-28T00:00:00Z']) {
      expect(IsoDate.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('fills the defaults of a task made by hand and passes its text through the shared text rules', () => {
    expect(
      TaskCreateInput.parse({ title: '  Rà soát quy hoạch  ', leadUnitId: LEAD, deadline: '2027-01-15' }),
    ).toEqual({
      title: 'Rà soát quy hoạch',
      description: null,
      source: null,
      leadUnitId: LEAD,
      coordinatingUnitIds: [],
      assigneeId: null,
      deadline: '2027-01-15',
      expectedProduct: null,
      priority: 'normal',
    });
    const withControl = TaskCreateInput.safeParse({
      title: 'Rà soát\u202equy hoạch',
      leadUnitId: LEAD,
      deadline: '2027-01-15',
    });
    expect(withControl.success).toBe(false);
    const twoLines = TaskCreateInput.safeParse({
      title: 'Dòng 1\nDòng 2',
      leadUnitId: LEAD,
      deadline: '2027-01-15',
    });
    expect(twoLines.success).toBe(false);
  });

  it('asks each move for what it needs: a report its text, a return its reason, an extension its date', () => {
    expect(TaskActionInput.safeParse({ action: 'report', version: 1 }).success).toBe(false);
    expect(TaskActionInput.safeParse({ action: 'return', version: 1, reason: ' ' }).success).toBe(false);
    expect(
      TaskActionInput.safeParse({ action: 'requestExtension', version: 1, reason: 'Chờ Bộ' }).success,
    ).toBe(false);
    expect(TaskActionInput.parse({ action: 'report', version: 2, text: 'Đã xong' })).toEqual({
      action: 'report',
      version: 2,
      text: 'Đã xong',
      fileIds: [],
    });
    expect(TaskActionInput.safeParse({ action: 'start', version: 1, text: 'x' }).success).toBe(false);
  });

  it('refuses follow-up settings with a repeated day or an hour that does not exist', () => {
    const ok = { remindDaysBefore: [3, 1], remindOnDay: true, escalateAfterDays: 0, hour: 8 };
    expect(FollowUpSettings.safeParse(ok).success).toBe(true);
    expect(FollowUpSettings.safeParse({ ...ok, remindDaysBefore: [1, 1] }).success).toBe(false);
    expect(FollowUpSettings.safeParse({ ...ok, hour: 24 }).success).toBe(false);
  });
});
