import { Router, type Response } from 'express';
import {
  formatDate,
  reportsContract as api,
  TIME_ZONE_OFFSET_MS,
  type MeetingReport,
  type PeriodReport,
} from '@icabinet/shared';
import { actorOf, ipOf, langOf, type Actor } from '../../http/context.js';
import { route } from '../../http/route.js';
import { t, type Lang } from '../../i18n/messages.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requireRole } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import { reportPdf } from './reports.pdf.js';
import type { ReportsService } from './reports.service.js';
import { meetingSections, periodSections, sectionsCsv, taskSections } from './reports.tables.js';
import type { TaskFigures } from './task-figures.js';
import { sectionsXlsx } from './reports.xlsx.js';
import type { UnitCostsService } from './unit-costs.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ReportsRouterDeps {
  auth: AuthService;
  audit: AuditService;
  reports: ReportsService;
  costs: UnitCostsService;
  tasks: TaskFigures;
  organisation: string;
}

/** A file download (its name is ASCII: the catalogue's), private and not kept by shared caches. */
function download(res: Response, type: string, name: string, body: string | Buffer): void {
  res
    .set({
      'Content-Type': type,
      'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    })
    .send(body);
}

/**
 * /api/meetings/:id/report[.csv|.pdf], /api/reports/period[.csv|.xlsx|.pdf] and
 * /api/settings/unit-costs. Every export is audited (names and attendance leave the system).
 */
export function reportsRouter(deps: ReportsRouterDeps): Router {
  const router = Router();
  const auth = [requireAuth(deps.auth)];
  const admin = [requireAuth(deps.auth), requireRole('admin')];

  const exported = (
    actor: Actor,
    action: 'export.meeting_report' | 'export.period_report' | 'export.task_dashboard',
    target: string,
    data: Record<string, unknown>,
  ) =>
    deps.audit.record({
      actorId: actor.user.id,
      action,
      targetType: action === 'export.meeting_report' ? 'meeting' : 'report',
      targetId: target,
      data,
      ip: actor.ip ?? null,
    });
  const meetingName = (r: MeetingReport, lang: Lang) =>
    t(lang, 'report_meeting_filename', {
      date: new Date(Date.parse(r.meeting.startsAt) + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10),
    });
  const periodName = (r: PeriodReport, lang: Lang) =>
    t(lang, 'report_period_filename', { from: r.from, to: r.to });
  const periodSubtitle = (r: PeriodReport) =>
    `Từ ngày ${formatDate(`${r.from}T12:00:00+07:00`, 'vi')} đến ngày ${formatDate(`${r.to}T12:00:00+07:00`, 'vi')}`;

  route(router, api.unitCosts, admin, () => deps.costs.view());
  route(router, api.updateUnitCosts, admin, ({ req, body }) =>
    deps.costs.update(actorOf(req), body, ipOf(req)),
  );

  route(router, api.meeting, auth, ({ req, params }) => deps.reports.meeting(actorOf(req), params.id));
  route(router, api.meetingCsv, auth, async ({ req, res, params }) => {
    const actor = actorOf(req);
    const lang = langOf(req);
    const report = await deps.reports.meeting(actor, params.id);
    await exported(actor, 'export.meeting_report', params.id, { format: 'csv' });
    download(
      res,
      'text/csv; charset=utf-8',
      `${meetingName(report, lang)}.csv`,
      sectionsCsv(meetingSections(report, lang)),
    );
  });
  route(router, api.meetingPdf, auth, async ({ req, res, params }) => {
    const actor = actorOf(req);
    const report = await deps.reports.meeting(actor, params.id);
    const bytes = await reportPdf({
      organisation: deps.organisation,
      title: 'Báo cáo cuộc họp',
      subtitle: report.meeting.title,
      sections: meetingSections(report, 'vi'),
      generatedAt: report.generatedAt,
    });
    await exported(actor, 'export.meeting_report', params.id, { format: 'pdf' });
    sendGeneratedPdf(req, res, bytes, `${meetingName(report, 'vi')}.pdf`);
  });

  route(router, api.period, auth, ({ req, query }) => deps.reports.period(actorOf(req), query));
  route(router, api.periodCsv, auth, async ({ req, res, query }) => {
    const actor = actorOf(req);
    const lang = langOf(req);
    const report = await deps.reports.period(actor, query);
    await exported(actor, 'export.period_report', `${query.from}/${query.to}`, { format: 'csv', ...query });
    download(
      res,
      'text/csv; charset=utf-8',
      `${periodName(report, lang)}.csv`,
      sectionsCsv(periodSections(report, lang)),
    );
  });
  route(router, api.periodXlsx, auth, async ({ req, res, query }) => {
    const actor = actorOf(req);
    const lang = langOf(req);
    const report = await deps.reports.period(actor, query);
    const body = await sectionsXlsx({
      title: periodName(report, lang),
      sections: periodSections(report, lang),
      generatedAt: report.generatedAt,
    });
    await exported(actor, 'export.period_report', `${query.from}/${query.to}`, { format: 'xlsx', ...query });
    download(res, XLSX, `${periodName(report, lang)}.xlsx`, body);
  });
  route(router, api.periodPdf, auth, async ({ req, res, query }) => {
    const actor = actorOf(req);
    const report = await deps.reports.period(actor, query);
    const bytes = await reportPdf({
      organisation: deps.organisation,
      title: 'Báo cáo tổng hợp hoạt động họp',
      subtitle: periodSubtitle(report),
      sections: periodSections(report, 'vi'),
      generatedAt: report.generatedAt,
    });
    await exported(actor, 'export.period_report', `${query.from}/${query.to}`, { format: 'pdf', ...query });
    sendGeneratedPdf(req, res, bytes, `${periodName(report, 'vi')}.pdf`);
  });

  route(router, api.tasks, auth, ({ req, query }) => deps.tasks.dashboard(actorOf(req), query));
  const tasksName = (from: string, to: string, lang: Lang) => t(lang, 'report_tasks_filename', { from, to });
  route(router, api.tasksCsv, auth, async ({ req, res, query }) => {
    const actor = actorOf(req);
    const lang = langOf(req);
    const dashboard = await deps.tasks.dashboard(actor, query);
    await exported(actor, 'export.task_dashboard', `${query.from}/${query.to}`, { format: 'csv', ...query });
    download(
      res,
      'text/csv; charset=utf-8',
      `${tasksName(query.from, query.to, lang)}.csv`,
      sectionsCsv(taskSections(dashboard, lang)),
    );
  });
  route(router, api.tasksXlsx, auth, async ({ req, res, query }) => {
    const actor = actorOf(req);
    const lang = langOf(req);
    const dashboard = await deps.tasks.dashboard(actor, query);
    const body = await sectionsXlsx({
      title: tasksName(query.from, query.to, lang),
      sections: taskSections(dashboard, lang),
      generatedAt: dashboard.generatedAt,
    });
    await exported(actor, 'export.task_dashboard', `${query.from}/${query.to}`, { format: 'xlsx', ...query });
    download(res, XLSX, `${tasksName(query.from, query.to, lang)}.xlsx`, body);
  });
  return router;
}
