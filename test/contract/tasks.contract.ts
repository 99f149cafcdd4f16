import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordNotFoundError, VersionConflictError } from './store-under-test.js';
import type { TaskRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeUnit } from './fixtures.js';

const task = (overrides: Partial<TaskRecord> = {}): TaskRecord => ({
  id: randomUUID(),
  title: 'Hoàn thiện đề án chỉnh trang đô thị',
  description: null,
  meetingId: null,
  agendaItemId: null,
  conclusionPointId: null,
  passage: null,
  leadUnitId: randomUUID(),
  coordinatingUnitIds: [],
  assigneeId: null,
  deadline: '2026-01-15',
  expectedProduct: null,
  priority: 'normal',
  status: 'assigned',
  report: null,
  extension: null,
  files: [],
  history: [],
  version: 1,
  createdAt: at(0),
  createdBy: randomUUID(),
  updatedAt: at(0),
  acceptedAt: null,
  ...overrides,
});

const page = { limit: 50, offset: 0 };

/** Follow-up tasks: stored whole, saved on the version read, listed by the filters of the task list. */
export function tasksContract(store: CurrentStore): void {
  describe('follow-up tasks', () => {
    it('keeps every field of a task, its trace, report, files and history', async () => {
      const t = task({
        meetingId: randomUUID(),
        agendaItemId: randomUUID(),
        conclusionPointId: randomUUID(),
        passage: { documentId: randomUUID(), page: 3, quote: 'Giao Sở Xây dựng chủ trì' },
        coordinatingUnitIds: [randomUUID(), randomUUID()],
        assigneeId: randomUUID(),
        description: 'Mô tả',
        expectedProduct: 'Tờ trình UBND',
        priority: 'urgent',
        files: [
          {
            id: randomUUID(),
            name: 'Báo cáo.pdf',
            size: 12,
            contentType: 'application/pdf',
            uploadedBy: randomUUID(),
            uploadedAt: at(1),
            sha256: 'a'.repeat(64),
          },
        ],
        history: [
          {
            action: 'create',
            from: null,
            to: 'assigned',
            by: randomUUID(),
            byName: 'Trần Thị Bình',
            at: at(0),
            comment: null,
            deadline: '2026-01-15',
          },
        ],
      });
      await expect(store().tasks.create(t)).resolves.toEqual(t);
      await expect(store().tasks.getById(t.id)).resolves.toEqual(t);
      await expect(store().tasks.getById(randomUUID())).resolves.toBeNull();
    });

    it('saves only on the version read; a stale save changes nothing', async () => {
      const t = await store().tasks.create(task());
      const reported: TaskRecord = {
        ...t,
        status: 'reported',
        report: { text: 'Đã hoàn thành', fileIds: [], at: at(5), by: randomUUID(), byName: 'Lê Văn Cường' },
        extension: {
          deadline: '2026-02-01',
          reason: 'Chờ ý kiến Bộ',
          at: at(4),
          by: randomUUID(),
          byName: 'X',
        },
        version: 2,
        updatedAt: at(5),
      };
      await expect(store().tasks.save(reported, 1)).resolves.toEqual(reported);
      await expect(store().tasks.save({ ...t, version: 2, title: 'Khác' }, 1)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(store().tasks.getById(t.id)).resolves.toEqual(reported);
      await expect(store().tasks.save(task({ version: 2 }), 1)).rejects.toBeInstanceOf(RecordNotFoundError);
    });

    it('lists by unit (lead or coordinating), status, meeting, deadline range, overdue and visibility, nearest deadline first', async () => {
      const a = (await store().units.create(makeUnit())).id;
      const b = (await store().units.create(makeUnit())).id;
      const meetingId = randomUUID();
      const person = randomUUID();
      const t1 = await store().tasks.create(
        task({ leadUnitId: a, deadline: '2026-03-10', title: 'Đường Láng' }),
      );
      const t2 = await store().tasks.create(
        task({
          leadUnitId: b,
          coordinatingUnitIds: [a],
          deadline: '2026-03-01',
          meetingId,
          status: 'in_progress',
        }),
      );
      const t3 = await store().tasks.create(
        task({ leadUnitId: b, deadline: '2026-02-01', status: 'accepted', assigneeId: person }),
      );
      const ids = async (f: Parameters<ReturnType<CurrentStore>['tasks']['list']>[0]) =>
        (await store().tasks.list(f)).items.map((t) => t.id);
      await expect(ids({ unitId: a, ...page })).resolves.toEqual([t2.id, t1.id]);
      await expect(ids({ unitId: b, ...page })).resolves.toEqual([t3.id, t2.id]);
      await expect(ids({ unitId: b, status: 'accepted', ...page })).resolves.toEqual([t3.id]);
      await expect(ids({ meetingId, ...page })).resolves.toEqual([t2.id]);
      await expect(ids({ unitId: a, deadlineFrom: '2026-03-05', ...page })).resolves.toEqual([t1.id]);
      await expect(ids({ unitId: b, deadlineTo: '2026-02-28', ...page })).resolves.toEqual([t3.id]);
      // On 5 March: t2 is overdue (1 March, not accepted); t3 is past its deadline but accepted.
      const today = '2026-03-05';
      await expect(ids({ unitId: b, overdue: { today, value: true }, ...page })).resolves.toEqual([t2.id]);
      await expect(ids({ unitId: b, overdue: { today, value: false }, ...page })).resolves.toEqual([t3.id]);
      await expect(ids({ visibleTo: { userId: person, unitId: null }, ...page })).resolves.toEqual([t3.id]);
      await expect(ids({ visibleTo: { userId: randomUUID(), unitId: a }, ...page })).resolves.toEqual([
        t2.id,
        t1.id,
      ]);
      await expect(ids({ unitId: a, q: 'duong lang', ...page })).resolves.toEqual([t1.id]);
      const paged = await store().tasks.list({ unitId: a, limit: 1, offset: 1 });
      expect(paged).toEqual({ items: [t1], total: 2 });
    });
  });
}
