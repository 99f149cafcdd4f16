import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AgendaTimeRow, PeriodMeetingRow, SpeakerRow } from '@icabinet/shared';
import { currentLanguage } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { formatDuration, formatNumber } from './report-ui';

/** The palette of the charts: the app's blues and the alert red, readable in grey on paper too. */
export const CHART_COLORS = {
  planned: '#aab4c6',
  actual: '#1450a3',
  over: '#c8102e',
  good: '#17692f',
  warn: '#8a5300',
  series: ['#1450a3', '#17692f', '#8a5300', '#c8102e', '#5a6478', '#0a2d66', '#b3541e', '#4b7f52'],
} as const;

/** Charts are pictures of numbers shown in the table beside them: screen readers read the table. */
function ChartBox({ label, height, children }: { label: string; height: number; children: ReactElement }) {
  return (
    <figure className="chart" aria-label={label} role="img">
      <ResponsiveContainer width="100%" height={height}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

/** Planned against actual minutes per agenda item. */
export function AgendaTimeChart({ rows }: { rows: AgendaTimeRow[] }): ReactElement {
  const { t } = useTranslation();
  const data = rows
    .filter((r) => !r.number.includes('.'))
    .map((r) => ({
      name: r.number,
      title: r.title,
      planned: r.plannedMinutes,
      actual: r.actualMinutes ?? 0,
    }));
  return (
    <ChartBox label={t('reports.meeting.agendaChart')} height={240}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" />
        <YAxis allowDecimals={false} />
        <Tooltip
          labelFormatter={(label) =>
            data.find((d) => d.name === label)?.title ?? (typeof label === 'string' ? label : '')
          }
        />
        <Legend />
        <Bar
          dataKey="planned"
          name={t('reports.meeting.planned')}
          fill={CHART_COLORS.planned}
          isAnimationActive={false}
        />
        <Bar
          dataKey="actual"
          name={t('reports.meeting.actual')}
          fill={CHART_COLORS.actual}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartBox>
  );
}

/** Speaking time per person, longest first, in minutes. */
export function SpeakingChart({ rows }: { rows: SpeakerRow[] }): ReactElement {
  const { t } = useTranslation();
  const data = rows
    .slice(0, 12)
    .map((r) => ({ name: r.name, minutes: Math.round((r.seconds / 60) * 10) / 10 }));
  return (
    <ChartBox label={t('reports.meeting.speakingChart')} height={Math.max(120, 36 * data.length + 40)}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="name" width={150} />
        <Tooltip formatter={(v) => formatDuration(Number(v) * 60)} />
        <Bar
          dataKey="minutes"
          name={t('reports.meeting.minutes')}
          fill={CHART_COLORS.actual}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartBox>
  );
}

/** Pages not printed per meeting of the period. */
export function PeriodMeetingsChart({
  rows,
  copies,
}: {
  rows: PeriodMeetingRow[];
  copies: number | null;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const data = rows.map((r) => ({
    name: formatDate(r.startsAt, lang).slice(0, 5),
    title: r.title,
    pages: r.pages * (copies ?? r.participants),
    invitations: r.invitationsDigital,
  }));
  return (
    <ChartBox label={t('reports.period.chart')} height={260}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" />
        <YAxis yAxisId="pages" allowDecimals={false} tickFormatter={(v: number) => formatNumber(v, lang)} />
        <YAxis yAxisId="invitations" orientation="right" allowDecimals={false} />
        <Tooltip
          labelFormatter={(label) =>
            data.find((d) => d.name === label)?.title ?? (typeof label === 'string' ? label : '')
          }
        />
        <Legend />
        <Bar
          yAxisId="pages"
          dataKey="pages"
          name={t('reports.period.pagesNotPrinted')}
          fill={CHART_COLORS.actual}
          isAnimationActive={false}
        />
        <Bar
          yAxisId="invitations"
          dataKey="invitations"
          name={t('reports.period.digitalInvitations')}
          fill={CHART_COLORS.good}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartBox>
  );
}
