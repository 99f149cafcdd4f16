import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingReport } from '@icabinet/shared';
import { formatVnd, ReportTable, useReportFormat } from './report-ui';

/**
 * What was saved and how it was counted: every figure and unit cost on its own line. Shared by the
 * report of one meeting and the period report.
 */
export function SavingsTable({
  report: r,
}: {
  report: Pick<MeetingReport, 'savings' | 'costs' | 'invitations'>;
}): ReactElement {
  const { t } = useTranslation();
  const { lang, n } = useReportFormat();
  const s = r.savings;
  return (
    <ReportTable
      className="savings-table"
      foot={
        <tr>
          <th colSpan={3}>{t('reports.savings.total')}</th>
          <th className="num">{formatVnd(s.totalVnd, lang)}</th>
        </tr>
      }
    >
      <tr>
        <td>
          {t('reports.savings.invitations', {
            total: n(r.invitations.total),
            gateway: n(r.invitations.gateway),
          })}
        </td>
        <td className="num">{t('reports.savings.invitationsDigital', { n: n(s.invitationsDigital) })}</td>
        <td className="num">× {formatVnd(r.costs.smsInvitationVnd, lang)}</td>
        <td className="num">{formatVnd(s.invitationSavedVnd, lang)}</td>
      </tr>
      <tr>
        <td>{t('reports.savings.pages', { pages: n(s.pages), copies: n(s.copies) })}</td>
        <td className="num">{t('reports.savings.pagesNotPrinted', { n: n(s.pagesNotPrinted) })}</td>
        <td className="num">× {formatVnd(r.costs.printedPageVnd, lang)}</td>
        <td className="num">{formatVnd(s.printSavedVnd, lang)}</td>
      </tr>
    </ReportTable>
  );
}
