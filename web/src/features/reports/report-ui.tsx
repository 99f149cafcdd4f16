import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { currentLanguage, localeOf, type Language } from '../../lib/i18n';
import { formatVnd } from '../invitations/SavingsCard';

export { formatVnd };

/** Whole numbers grouped the way the language writes them: 1.234 (vi), 1,234 (en). */
export function formatNumber(value: number, lang: Language): string {
  return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(value);
}

/** The reader's language and its number format, as a report's tables and figures use them. */
export function useReportFormat(): { lang: Language; n: (value: number) => string } {
  const lang = currentLanguage();
  return { lang, n: (value: number) => formatNumber(value, lang) };
}

/** Seconds as "5:20" (minutes:seconds), or "1:05:20" past an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** One key figure: a big number, what it counts, and an optional line under it. */
export function Figure({
  label,
  value,
  note,
  tone,
}: {
  label: string;
  value: string;
  note?: string | undefined;
  tone?: 'good' | 'warn' | 'bad' | undefined;
}): ReactElement {
  return (
    <div className={`figure${tone ? ` figure--${tone}` : ''}`}>
      <span className="figure__label">{label}</span>
      <span className="figure__value">{value}</span>
      {note && <span className="figure__note">{note}</span>}
    </div>
  );
}

/** A titled section of a report; its tables scroll sideways on a narrow screen, never on paper. */
export function ReportSection({
  id,
  title,
  children,
  empty,
}: {
  id: string;
  title: string;
  children: ReactNode;
  /** Shown instead of the children when there is nothing to report. */
  empty?: string | false | undefined;
}): ReactElement {
  return (
    <section className="report-section" aria-labelledby={id}>
      <h2 className="report-section__title" id={id}>
        {title}
      </h2>
      {empty ? <p className="muted report-section__empty">{empty}</p> : children}
    </section>
  );
}

/** A column of a {@link ReportTable}: its heading, and whether it holds numbers (set right). */
export interface ReportColumn {
  label: string;
  num?: boolean;
}

/**
 * A report's table: compact, in a wrapper that scrolls sideways on a narrow screen. `columns` make
 * the heading row (`false` leaves a column out); the children are the body's rows, or with
 * `grouped` the `<tbody>` groups themselves; `foot` is the footer's row.
 */
export function ReportTable({
  className,
  columns,
  foot,
  grouped = false,
  children,
}: {
  /** Classes beside `table table--compact report-table`. */
  className?: string;
  columns?: readonly (ReportColumn | false)[];
  foot?: ReactNode;
  grouped?: boolean;
  children: ReactNode;
}): ReactElement {
  return (
    <div className="table-wrap">
      <table className={`table table--compact report-table${className ? ` ${className}` : ''}`}>
        {columns && (
          <thead>
            <tr>
              {columns.map(
                (c, i) =>
                  c && (
                    <th key={i} className={c.num ? 'num' : undefined}>
                      {c.label}
                    </th>
                  ),
              )}
            </tr>
          </thead>
        )}
        {grouped ? children : <tbody>{children}</tbody>}
        {foot && <tfoot>{foot}</tfoot>}
      </table>
    </div>
  );
}

/** The export links and the print button of a report page (hidden on paper). */
export function ExportBar({
  links,
}: {
  links: { href: string; label: string; format: 'pdf' | 'csv' | 'xlsx' }[];
}): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="report-actions no-print">
      {links.map((l) => (
        <a
          key={l.format}
          className={`btn ${l.format === 'pdf' ? 'btn--primary' : 'btn--secondary'}`}
          href={l.href}
          download
        >
          <Icon name="download" />
          <span>{l.label}</span>
        </a>
      ))}
      <button type="button" className="btn btn--secondary" onClick={() => window.print()}>
        <Icon name="print" />
        <span>{t('reports.print')}</span>
      </button>
    </div>
  );
}
