/**
 * Files attached to a task's report: who may attach one and when (the lead unit, before the
 * report is sent and while the task is open), storing its bytes in the tasks' own blob store
 * (apart from the meeting documents) with an audited version bump, and finding them again for
 * whoever may see the task.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { TaskFile } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { VersionConflictError, type TaskFileRecord, type TaskRecord } from '../../store/port.js';
import { leads } from './tasks.rules.js';
import type { TasksDeps } from './tasks.shared.js';

export class TaskFiles {
  constructor(
    private readonly deps: TasksDeps,
    /** The task if the caller may see it; 404 otherwise. */
    private readonly visible: (actor: Actor, id: string) => Promise<TaskRecord>,
  ) {}

  /** Whether the caller may attach a file to the task now (checked before the upload is read). */
  async mayAttach(actor: Actor, id: string): Promise<TaskRecord> {
    const current = await this.visible(actor, id);
    if (!leads(actor, current)) throw errors.forbidden('task_lead_unit_only');
    if (current.status === 'accepted') throw errors.invalidState('task_closed');
    if (current.status === 'reported') throw errors.invalidState('task_state_report');
    return current;
  }

  /** `POST /tasks/:id/files`: a file for the report, kept apart from the meeting documents. */
  async add(actor: Actor, id: string, file: { name: string; bytes: Buffer }): Promise<{ file: TaskFile }> {
    const current = await this.mayAttach(actor, id);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const temp = this.deps.blobs.tempPath();
    await writeFile(temp, file.bytes);
    await this.deps.blobs.adopt(temp, sha256);
    const now = this.deps.clock.now().toISOString();
    const stored: TaskFileRecord = {
      id: newId(),
      name: file.name,
      size: file.bytes.length,
      contentType: contentTypeOf(file.name),
      uploadedBy: actor.user.id,
      uploadedAt: now,
      sha256,
    };
    try {
      await this.deps.store.transaction(async () => {
        await this.deps.store.tasks.save(
          { ...current, files: [...current.files, stored], version: current.version + 1, updatedAt: now },
          current.version,
        );
        await this.deps.audit.record({
          actorId: actor.user.id,
          action: 'task.file_added',
          targetType: 'task',
          targetId: current.id,
          data: { fileId: stored.id, name: stored.name, size: stored.size, sha256 },
          ip: actor.ip ?? null,
        });
      });
    } catch (e) {
      if (e instanceof VersionConflictError) throw errors.conflict('task_conflict');
      throw e;
    }
    const { sha256: _hash, ...shown } = stored;
    return { file: shown };
  }

  /** `GET /tasks/:id/files/:fileId`: where the file's bytes are, for whoever may see the task. */
  async find(actor: Actor, id: string, fileId: string): Promise<{ path: string; file: TaskFileRecord }> {
    const task = await this.visible(actor, id);
    const file = task.files.find((f) => f.id === fileId);
    if (!file) throw errors.notFound();
    return { path: this.deps.blobs.pathOf(file.sha256), file };
  }
}

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
};

function contentTypeOf(name: string): string {
  return TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}
