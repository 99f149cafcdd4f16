import {
  reportsContract as reports,
  type PeriodQuery,
  type TaskDashboardQuery,
  type UnitCostsInput,
} from '@icabinet/shared';
import { buildUrl, call, urlOf } from '../../lib/api';
import { currentLanguage } from '../../lib/i18n';

/** REST calls of the reports (meeting, period) and the unit costs; exports are plain links. */
export const reportsApi = {
  meeting: (meetingId: string, signal?: AbortSignal) =>
    call(reports.meeting, { params: { id: meetingId }, signal }),
  period: (query: PeriodQuery, signal?: AbortSignal) => call(reports.period, { query, signal }),
  unitCosts: (signal?: AbortSignal) => call(reports.unitCosts, { signal }),
  saveUnitCosts: (body: UnitCostsInput) => call(reports.updateUnitCosts, { body }),
  /** The PDF is in Vietnamese (a record to file); CSV and workbook headings follow the interface language. */
  meetingPdfUrl: (meetingId: string) => urlOf(reports.meetingPdf, { params: { id: meetingId } }),
  meetingCsvUrl: (meetingId: string) =>
    buildUrl(`/meetings/${encodeURIComponent(meetingId)}/report.csv`, { lang: currentLanguage() }),
  tasks: (query: TaskDashboardQuery, signal?: AbortSignal) => call(reports.tasks, { query, signal }),
  tasksUrl: (format: 'csv' | 'xlsx', query: TaskDashboardQuery) =>
    buildUrl(`/reports/tasks.${format}`, { ...query, lang: currentLanguage() }),
  periodUrl: (format: 'csv' | 'xlsx' | 'pdf', query: PeriodQuery) =>
    buildUrl(`/reports/period.${format}`, {
      ...query,
      lang: format === 'pdf' ? undefined : currentLanguage(),
    }),
};
