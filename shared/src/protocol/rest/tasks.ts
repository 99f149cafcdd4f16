import { z } from 'zod';
import type { Paged } from '../../schemas/common.js';
import { Id } from '../../schemas/common.js';
import {
  FollowUpSettingsInput,
  TaskActionInput,
  TaskCreateInput,
  TaskListQuery,
  type FollowUpSettingsView,
  type Task,
  type TaskFile,
} from '../../schemas/task.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });

/** Follow-up tasks from conclusions (/api/tasks…) and the reminder settings (/api/settings/follow-up). */
export const tasksContract = {
  list: endpoint<Paged<Task>>()({
    method: 'GET',
    path: '/tasks',
    summary:
      "Tasks the caller may see (the secretariat: all; others: their unit's, as lead or coordinating unit), filtered by status, unit, meeting, deadline; nearest deadline first.",
    query: TaskListQuery,
  }),
  create: endpoint<{ task: Task }>()({
    method: 'POST',
    path: '/tasks',
    summary:
      'Assigns a task to a lead unit, from a conclusion point (with an optional document passage) or by hand: the secretariat.',
    body: TaskCreateInput,
    status: 201,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  get: endpoint<{ task: Task }>()({
    method: 'GET',
    path: '/tasks/:id',
    summary:
      'One task with its trace, report, pending extension request, history and the moves the caller may make.',
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  act: endpoint<{ task: Task }>()({
    method: 'POST',
    path: '/tasks/:id/actions',
    summary:
      'One move on the version read: start, report (the lead unit), accept, return (the secretariat), requestExtension (the lead unit), approveExtension, refuseExtension (the secretariat).',
    params: IdParams,
    body: TaskActionInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  uploadFile: endpoint<{ file: TaskFile }>()({
    method: 'POST',
    path: '/tasks/:id/files',
    summary: "Attaches one file to a task for its report (multipart, field `file`): the lead unit's members.",
    params: IdParams,
    request: 'multipart',
    status: 201,
    errors: ['forbidden', 'not_found', 'payload_too_large', 'invalid_state'],
  }),
  file: endpoint<void>()({
    method: 'GET',
    path: '/tasks/:id/files/:fileId',
    summary: 'A file attached to a task, as an attachment: whoever may see the task.',
    params: z.object({ id: Id, fileId: Id }),
    response: 'file',
    errors: ['forbidden', 'not_found'],
  }),
  getFollowUp: endpoint<FollowUpSettingsView>()({
    method: 'GET',
    path: '/settings/follow-up',
    summary: 'When task reminders and the escalation to the unit head go out (administrators).',
    errors: ['forbidden'],
  }),
  updateFollowUp: endpoint<FollowUpSettingsView>()({
    method: 'PUT',
    path: '/settings/follow-up',
    summary:
      'Changes when task reminders go out (every field, with the version read); audited. Administrators.',
    body: FollowUpSettingsInput,
    errors: ['forbidden', 'conflict'],
  }),
} as const;
