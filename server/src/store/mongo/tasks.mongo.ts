import mongoose, { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import { foldForSearch, searchTokens } from '../search.js';
import type { TaskListFilter, TaskRecord, TasksRepo } from '../tasks.port.js';
import { escapeRegex } from './mongo-errors.js';

export interface TaskDoc extends Omit<TaskRecord, 'id'> {
  _id: string;
  /** The folded title, for accent-insensitive search. */
  search: string;
}

export const taskSchema = new Schema<TaskDoc>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    search: { type: String, required: true },
    description: { type: String, default: null },
    meetingId: { type: String, default: null },
    agendaItemId: { type: String, default: null },
    conclusionPointId: { type: String, default: null },
    passage: { type: Schema.Types.Mixed, default: null },
    leadUnitId: { type: String, required: true },
    coordinatingUnitIds: { type: [String], default: [] },
    assigneeId: { type: String, default: null },
    deadline: { type: String, required: true },
    expectedProduct: { type: String, default: null },
    priority: { type: String, required: true },
    status: { type: String, required: true },
    report: { type: Schema.Types.Mixed, default: null },
    extension: { type: Schema.Types.Mixed, default: null },
    files: { type: Schema.Types.Mixed, default: [] },
    history: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    createdAt: { type: String, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: String, required: true },
    acceptedAt: { type: String, default: null },
  },
  { collection: 'tasks', versionKey: false, minimize: false },
);
taskSchema.index({ deadline: 1, createdAt: 1 });
taskSchema.index({ leadUnitId: 1, deadline: 1 });
taskSchema.index({ coordinatingUnitIds: 1 });
taskSchema.index({ meetingId: 1 });
taskSchema.index({ conclusionPointId: 1 });

const toRecord = (d: TaskDoc): TaskRecord => ({
  id: d._id,
  title: d.title,
  description: d.description ?? null,
  meetingId: d.meetingId ?? null,
  agendaItemId: d.agendaItemId ?? null,
  conclusionPointId: d.conclusionPointId ?? null,
  passage: d.passage ?? null,
  leadUnitId: d.leadUnitId,
  coordinatingUnitIds: [...(d.coordinatingUnitIds ?? [])],
  assigneeId: d.assigneeId ?? null,
  deadline: d.deadline,
  expectedProduct: d.expectedProduct ?? null,
  priority: d.priority,
  status: d.status,
  report: d.report ?? null,
  extension: d.extension ?? null,
  files: d.files ?? [],
  history: d.history ?? [],
  version: d.version,
  createdAt: d.createdAt,
  createdBy: d.createdBy,
  updatedAt: d.updatedAt,
  acceptedAt: d.acceptedAt ?? null,
});

const toDoc = (t: TaskRecord): TaskDoc => {
  const { id, ...rest } = t;
  return { _id: id, ...rest, search: foldForSearch(t.title) };
};

/** Tasks on MongoDB: one document each, a conditional `findOneAndUpdate` on the version read. */
export class MongoTasksRepo implements TasksRepo {
  constructor(private readonly model: Model<TaskDoc>) {}

  async create(task: TaskRecord): Promise<TaskRecord> {
    await this.model.create(toDoc(task));
    return structuredClone(task);
  }

  async getById(id: string): Promise<TaskRecord | null> {
    const d = await this.model.findById(id).lean<TaskDoc>();
    return d ? toRecord(d) : null;
  }

  async list(filter: TaskListFilter): Promise<{ items: TaskRecord[]; total: number }> {
    // Built afresh for each call: mongoose casts filters in place, and two queries use it.
    const query = (): Record<string, unknown> => {
      const and: Record<string, unknown>[] = [];
      const inUnit = (unitId: string) => ({ $or: [{ leadUnitId: unitId }, { coordinatingUnitIds: unitId }] });
      if (filter.status) and.push({ status: filter.status });
      if (filter.unitId) and.push(inUnit(filter.unitId));
      if (filter.meetingId) and.push({ meetingId: filter.meetingId });
      if (filter.conclusionPointId) and.push({ conclusionPointId: filter.conclusionPointId });
      if (filter.deadlineFrom) and.push({ deadline: mongoose.trusted({ $gte: filter.deadlineFrom }) });
      if (filter.deadlineTo) and.push({ deadline: mongoose.trusted({ $lte: filter.deadlineTo }) });
      if (filter.overdue) {
        const overdue = {
          deadline: mongoose.trusted({ $lt: filter.overdue.today }),
          status: mongoose.trusted({ $ne: 'accepted' }),
        };
        and.push(filter.overdue.value ? overdue : { $nor: [overdue] });
      }
      if (filter.visibleTo) {
        const { userId, unitId } = filter.visibleTo;
        and.push(
          unitId
            ? { $or: [{ assigneeId: userId }, { leadUnitId: unitId }, { coordinatingUnitIds: unitId }] }
            : { assigneeId: userId },
        );
      }
      for (const t of searchTokens(filter.q))
        and.push({ search: mongoose.trusted({ $regex: escapeRegex(t) }) });
      return and.length ? { $and: and } : {};
    };
    const [docs, total] = await Promise.all([
      this.model
        .find(query())
        .sort({ deadline: 1, createdAt: 1, _id: 1 })
        .skip(filter.offset)
        .limit(filter.limit)
        .lean<TaskDoc[]>(),
      this.model.countDocuments(query()),
    ]);
    return { items: docs.map(toRecord), total };
  }

  async save(task: TaskRecord, expectedVersion: number): Promise<TaskRecord> {
    const { _id, ...rest } = toDoc(task);
    const written = await this.model
      .findOneAndUpdate({ _id, version: expectedVersion }, { $set: rest }, { returnDocument: 'after' })
      .lean<TaskDoc>();
    if (written) return toRecord(written);
    if (await this.model.exists({ _id })) throw new VersionConflictError('task', task.id);
    throw new RecordNotFoundError('task', task.id);
  }
}
