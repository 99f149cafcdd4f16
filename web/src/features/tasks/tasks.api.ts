import { tasksContract as api, type BodyIn, type TaskFile } from '@icabinet/shared';
import { ApiError, call, urlOf } from '../../lib/api';
import { parseApiError } from '../../lib/api-error';
import { currentLanguage, i18next } from '../../lib/i18n';

/** The filters of the task list as the page keeps them in the address (empty string = none). */
export interface TaskFilters {
  q: string;
  status: string;
  unitId: string;
  deadlineFrom: string;
  deadlineTo: string;
  overdue: string;
}

export const TASKS_PAGE_SIZE = 50;

/** REST calls of follow-up tasks. */
export const tasksApi = {
  list: (f: TaskFilters, offset: number, signal?: AbortSignal) =>
    call(api.list, {
      query: {
        q: f.q,
        status: f.status,
        unitId: f.unitId,
        deadlineFrom: f.deadlineFrom,
        deadlineTo: f.deadlineTo,
        overdue: f.overdue,
        limit: TASKS_PAGE_SIZE,
        offset,
      },
      signal,
    }),
  byMeeting: (meetingId: string, signal?: AbortSignal) =>
    call(api.list, { query: { meetingId, limit: 500 }, signal }),
  get: (id: string, signal?: AbortSignal) => call(api.get, { params: { id }, signal }),
  /** When reminders and escalations go out (Quản trị → Cài đặt hệ thống → Nhắc việc). */
  followUp: (signal?: AbortSignal) => call(api.getFollowUp, { signal }),
  saveFollowUp: (body: BodyIn<typeof api.updateFollowUp>) => call(api.updateFollowUp, { body }),
  create: (body: BodyIn<typeof api.create>) => call(api.create, { body }),
  act: (id: string, body: BodyIn<typeof api.act>) => call(api.act, { params: { id }, body }),
  fileUrl: (id: string, fileId: string) => urlOf(api.file, { params: { id, fileId } }),
  /** Attaches one file (multipart) for the report. */
  async attach(id: string, file: File): Promise<{ file: TaskFile }> {
    const form = new FormData();
    form.append('file', file, file.name);
    let res: Response;
    try {
      res = await fetch(urlOf(api.uploadFile, { params: { id } }), {
        method: 'POST',
        body: form,
        headers: { Accept: 'application/json', 'Accept-Language': currentLanguage() },
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError(0, 'network', i18next.t('errors.network'));
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      body = null;
    }
    if (!res.ok) throw parseApiError(res.status, body, null, i18next.t('errors.unknown'));
    return body as { file: TaskFile };
  },
};

/** Today's date in Hà Nội (YYYY-MM-DD): the earliest deadline a task may get. */
export const cityToday = (): string => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
