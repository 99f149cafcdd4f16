import type Database from 'better-sqlite3';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import { foldForSearch, searchTokens } from '../search.js';
import type { TaskListFilter, TaskRecord, TasksRepo } from '../tasks.port.js';
import { asPromise, fromJson } from './sql.js';

/**
 * Migration 23: follow-up tasks (one row each; the report, the pending extension request, the
 * files and the history as JSON, written whole on the version read) and the head of each unit
 * (the escalation target of overdue tasks).
 */
export const TASKS_MIGRATION_SQL = `
  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    description TEXT,
    meeting_id TEXT,
    agenda_item_id TEXT,
    conclusion_point_id TEXT,
    passage TEXT,
    lead_unit_id TEXT NOT NULL,
    coordinating_unit_ids TEXT NOT NULL,
    assignee_id TEXT,
    deadline TEXT NOT NULL,
    expected_product TEXT,
    priority TEXT NOT NULL,
    status TEXT NOT NULL,
    report TEXT,
    extension TEXT,
    files TEXT NOT NULL,
    history TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    accepted_at TEXT
  ) STRICT;
  CREATE INDEX tasks_deadline ON tasks (deadline, created_at);
  CREATE INDEX tasks_lead_unit ON tasks (lead_unit_id, deadline);
  CREATE INDEX tasks_meeting ON tasks (meeting_id);
  CREATE INDEX tasks_point ON tasks (conclusion_point_id);
  ALTER TABLE units ADD COLUMN head_user_id TEXT;
`;

interface Row {
  id: string;
  title: string;
  search_text: string;
  description: string | null;
  meeting_id: string | null;
  agenda_item_id: string | null;
  conclusion_point_id: string | null;
  passage: string | null;
  lead_unit_id: string;
  coordinating_unit_ids: string;
  assignee_id: string | null;
  deadline: string;
  expected_product: string | null;
  priority: string;
  status: string;
  report: string | null;
  extension: string | null;
  files: string;
  history: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  accepted_at: string | null;
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

const toRow = (t: TaskRecord): Row => ({
  id: t.id,
  title: t.title,
  search_text: foldForSearch(t.title),
  description: t.description,
  meeting_id: t.meetingId,
  agenda_item_id: t.agendaItemId,
  conclusion_point_id: t.conclusionPointId,
  passage: json(t.passage),
  lead_unit_id: t.leadUnitId,
  coordinating_unit_ids: JSON.stringify(t.coordinatingUnitIds),
  assignee_id: t.assigneeId,
  deadline: t.deadline,
  expected_product: t.expectedProduct,
  priority: t.priority,
  status: t.status,
  report: json(t.report),
  extension: json(t.extension),
  files: JSON.stringify(t.files),
  history: JSON.stringify(t.history),
  version: t.version,
  created_at: t.createdAt,
  created_by: t.createdBy,
  updated_at: t.updatedAt,
  accepted_at: t.acceptedAt,
});

const toRecord = (r: Row): TaskRecord => ({
  id: r.id,
  title: r.title,
  description: r.description,
  meetingId: r.meeting_id,
  agendaItemId: r.agenda_item_id,
  conclusionPointId: r.conclusion_point_id,
  passage: r.passage ? fromJson<TaskRecord['passage']>(r.passage) : null,
  leadUnitId: r.lead_unit_id,
  coordinatingUnitIds: fromJson<string[]>(r.coordinating_unit_ids),
  assigneeId: r.assignee_id,
  deadline: r.deadline,
  expectedProduct: r.expected_product,
  priority: r.priority as TaskRecord['priority'],
  status: r.status as TaskRecord['status'],
  report: r.report ? fromJson<TaskRecord['report']>(r.report) : null,
  extension: r.extension ? fromJson<TaskRecord['extension']>(r.extension) : null,
  files: fromJson<TaskRecord['files']>(r.files),
  history: fromJson<TaskRecord['history']>(r.history),
  version: r.version,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  acceptedAt: r.accepted_at,
});

const COLUMNS: readonly (keyof Row)[] = [
  'id',
  'title',
  'search_text',
  'description',
  'meeting_id',
  'agenda_item_id',
  'conclusion_point_id',
  'passage',
  'lead_unit_id',
  'coordinating_unit_ids',
  'assignee_id',
  'deadline',
  'expected_product',
  'priority',
  'status',
  'report',
  'extension',
  'files',
  'history',
  'version',
  'created_at',
  'created_by',
  'updated_at',
  'accepted_at',
];

/** Tasks on SQLite: one row each, a versioned UPDATE (… WHERE version = ?) per save. */
export class SqliteTasksRepo implements TasksRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly updateStmt;

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare<Row>(
      `INSERT INTO tasks (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM tasks WHERE id = ?');
    this.updateStmt = db.prepare<Row & { expected: number }>(
      `UPDATE tasks SET ${COLUMNS.filter((c) => c !== 'id')
        .map((c) => `${c} = @${c}`)
        .join(', ')} WHERE id = @id AND version = @expected`,
    );
  }

  create(task: TaskRecord): Promise<TaskRecord> {
    return asPromise(() => {
      this.insertStmt.run(toRow(task));
      return toRecord(toRow(task));
    });
  }

  getById(id: string): Promise<TaskRecord | null> {
    return asPromise(() => {
      const row = this.getStmt.get(id);
      return row ? toRecord(row) : null;
    });
  }

  list(filter: TaskListFilter): Promise<{ items: TaskRecord[]; total: number }> {
    return asPromise(() => {
      const where: string[] = [];
      const args: unknown[] = [];
      const inUnit =
        '(lead_unit_id = ? OR EXISTS (SELECT 1 FROM json_each(tasks.coordinating_unit_ids) WHERE value = ?))';
      if (filter.status) {
        where.push('status = ?');
        args.push(filter.status);
      }
      if (filter.unitId) {
        where.push(inUnit);
        args.push(filter.unitId, filter.unitId);
      }
      if (filter.meetingId) {
        where.push('meeting_id = ?');
        args.push(filter.meetingId);
      }
      if (filter.conclusionPointId) {
        where.push('conclusion_point_id = ?');
        args.push(filter.conclusionPointId);
      }
      if (filter.deadlineFrom) {
        where.push('deadline >= ?');
        args.push(filter.deadlineFrom);
      }
      if (filter.deadlineTo) {
        where.push('deadline <= ?');
        args.push(filter.deadlineTo);
      }
      if (filter.overdue) {
        const cond = "(deadline < ? AND status <> 'accepted')";
        where.push(filter.overdue.value ? cond : `NOT ${cond}`);
        args.push(filter.overdue.today);
      }
      if (filter.visibleTo) {
        const { userId, unitId } = filter.visibleTo;
        if (unitId) {
          where.push(`(assignee_id = ? OR ${inUnit})`);
          args.push(userId, unitId, unitId);
        } else {
          where.push('assignee_id = ?');
          args.push(userId);
        }
      }
      for (const token of searchTokens(filter.q)) {
        where.push('instr(search_text, ?) > 0');
        args.push(token);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = this.db
        .prepare(`SELECT count(*) FROM tasks ${clause}`)
        .pluck()
        .get(...args) as number;
      const rows = this.db
        .prepare(`SELECT * FROM tasks ${clause} ORDER BY deadline, created_at, id LIMIT ? OFFSET ?`)
        .all(...args, filter.limit, filter.offset) as Row[];
      return { items: rows.map(toRecord), total };
    });
  }

  save(task: TaskRecord, expectedVersion: number): Promise<TaskRecord> {
    return asPromise(() => {
      const row = toRow(task);
      if (this.updateStmt.run({ ...row, expected: expectedVersion }).changes === 0) {
        if (!this.getStmt.get(task.id)) throw new RecordNotFoundError('task', task.id);
        throw new VersionConflictError('task', task.id);
      }
      return toRecord(row);
    });
  }
}
