import type {
  TaskExtensionRequest,
  TaskFile,
  TaskHistoryEntry,
  TaskPassage,
  TaskPriority,
  TaskReport,
  TaskStatus,
} from '@icabinet/shared';

/**
 * Follow-up tasks (nhiệm vụ) from conclusion points or made by hand. A task is stored whole
 * (its report, pending extension request, files and history with it) and written on the version
 * read: a stale one fails with `VersionConflictError`, so two people never overwrite each other.
 */

/** A stored attachment: the file's content address in the blob store besides what clients see. */
export interface TaskFileRecord extends TaskFile {
  sha256: string;
}

export interface TaskRecord {
  id: string;
  title: string;
  description: string | null;
  /** The trace: meeting, agenda item and conclusion point (all null for a task made by hand). */
  meetingId: string | null;
  agendaItemId: string | null;
  conclusionPointId: string | null;
  /** A passage of a meeting document the secretary marked (page and quoted text). */
  passage: TaskPassage | null;
  leadUnitId: string;
  coordinatingUnitIds: string[];
  /** The responsible person (a user of the lead unit), if named. */
  assigneeId: string | null;
  /** YYYY-MM-DD, city time: due by the end of that day. */
  deadline: string;
  expectedProduct: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  report: TaskReport | null;
  extension: TaskExtensionRequest | null;
  files: TaskFileRecord[];
  history: TaskHistoryEntry[];
  /** 1 when created; each save adds one. */
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  acceptedAt: string | null;
}

export interface TaskListFilter {
  status?: TaskStatus | undefined;
  /** Tasks where this unit leads or coordinates. */
  unitId?: string | undefined;
  meetingId?: string | undefined;
  conclusionPointId?: string | undefined;
  /** Deadline on or after / on or before (YYYY-MM-DD). */
  deadlineFrom?: string | undefined;
  deadlineTo?: string | undefined;
  /**
   * `value` true: deadline before `today` and not accepted (overdue); false: the others.
   * `today` is the city's date (YYYY-MM-DD).
   */
  overdue?: { today: string; value: boolean } | undefined;
  /** Only tasks this person may see without the secretariat's view: their unit leads or coordinates, or they are responsible. */
  visibleTo?: { userId: string; unitId: string | null } | undefined;
  /** Words that must all occur (accent-insensitively) in the title. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

export interface TasksRepo {
  /** Stores a new task (version 1). */
  create(task: TaskRecord): Promise<TaskRecord>;
  getById(id: string): Promise<TaskRecord | null>;
  /** Nearest deadline first (then oldest first), with the total that matched. */
  list(filter: TaskListFilter): Promise<{ items: TaskRecord[]; total: number }>;
  /**
   * Replaces the task (`task.version` is the new one) only while the stored version equals
   * `expectedVersion`; `VersionConflictError` otherwise, `RecordNotFoundError` for an unknown id.
   */
  save(task: TaskRecord, expectedVersion: number): Promise<TaskRecord>;
}
