import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import {
  PeriodQuery,
  TaskDashboardQuery,
  UnitCostsInput,
  type MeetingReport,
  type PeriodReport,
  type TaskDashboard,
  type UnitCostsView,
} from '../../schemas/report.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });

/**
 * /api/meetings/:id/report (one meeting's record, for its organisers), /api/reports/period (the
 * figures of a period, for the secretariat) and /api/settings/unit-costs (the đơn giá the savings
 * are counted with, for administrators).
 */
export const reportsContract = {
  unitCosts: endpoint<UnitCostsView>()({
    method: 'GET',
    path: '/settings/unit-costs',
    summary: 'The unit costs the savings are counted with (SMS invitation, printed page, copies).',
    errors: ['forbidden'],
  }),
  updateUnitCosts: endpoint<UnitCostsView>()({
    method: 'PUT',
    path: '/settings/unit-costs',
    summary: 'Changes the unit costs (every field, with the version read); audited.',
    body: UnitCostsInput,
    errors: ['forbidden', 'conflict'],
  }),
  meeting: endpoint<MeetingReport>()({
    method: 'GET',
    path: '/meetings/:id/report',
    summary:
      "A meeting's report once it has ended: attendance, planned and actual times, speaking time, documents, votes, the tasks made from its conclusions (those the caller may see), savings.",
    params: IdParams,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  meetingCsv: endpoint<void>()({
    method: 'GET',
    path: '/meetings/:id/report.csv',
    summary: "A meeting's report as CSV (UTF-8 with BOM, one section after another); audited.",
    params: IdParams,
    response: 'csv',
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  meetingPdf: endpoint<void>()({
    method: 'GET',
    path: '/meetings/:id/report.pdf',
    summary: "A meeting's report as a PDF to print or file; audited.",
    params: IdParams,
    response: 'file',
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  period: endpoint<PeriodReport>()({
    method: 'GET',
    path: '/reports/period',
    summary:
      'The figures of a period: meetings held, invitations delivered digitally, pages not printed, savings in VND.',
    query: PeriodQuery,
    errors: ['forbidden'],
  }),
  periodCsv: endpoint<void>()({
    method: 'GET',
    path: '/reports/period.csv',
    summary: 'The period report as CSV (UTF-8 with BOM); audited.',
    query: PeriodQuery,
    response: 'csv',
    errors: ['forbidden'],
  }),
  periodXlsx: endpoint<void>()({
    method: 'GET',
    path: '/reports/period.xlsx',
    summary: 'The period report as an Excel workbook (summary and one row per meeting); audited.',
    query: PeriodQuery,
    response: 'file',
    errors: ['forbidden'],
  }),
  periodPdf: endpoint<void>()({
    method: 'GET',
    path: '/reports/period.pdf',
    summary: 'The period report as a PDF to print or file; audited.',
    query: PeriodQuery,
    response: 'file',
    errors: ['forbidden'],
  }),
  tasks: endpoint<TaskDashboard>()({
    method: 'GET',
    path: '/reports/tasks',
    summary:
      'The follow-up dashboard: tasks by unit and status, overdue, due this week, on-time rate per unit month by month (a unit sees its own).',
    query: TaskDashboardQuery,
    errors: ['forbidden'],
  }),
  tasksCsv: endpoint<void>()({
    method: 'GET',
    path: '/reports/tasks.csv',
    summary: 'The follow-up dashboard as CSV (UTF-8 with BOM); audited.',
    query: TaskDashboardQuery,
    response: 'csv',
    errors: ['forbidden'],
  }),
  tasksXlsx: endpoint<void>()({
    method: 'GET',
    path: '/reports/tasks.xlsx',
    summary: 'The follow-up dashboard as an Excel workbook; audited.',
    query: TaskDashboardQuery,
    response: 'file',
    errors: ['forbidden'],
  }),
} as const;
