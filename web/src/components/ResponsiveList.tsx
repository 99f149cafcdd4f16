import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMediaQuery, WIDE_QUERY } from '../lib/useMediaQuery';

export interface Column<T> {
  key: string;
  header: string;
  render: (item: T) => ReactNode;
  /** Hidden on cards (e.g. the name, already the card title). */
  hideOnCard?: boolean;
  className?: string;
}

export interface ResponsiveListProps<T> {
  items: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (item: T) => string;
  /** Caption for screen readers: what the table lists. */
  caption: string;
  cardTitle: (item: T) => ReactNode;
  actions?: (item: T) => ReactNode;
  /** Greys out a row, e.g. a deactivated account. */
  muted?: (item: T) => boolean;
}

/**
 * A table on wide screens (tablet landscape, desktop) and a stack of cards on narrow ones
 * (tablet portrait), where a seven-column table would need sideways scrolling.
 */
export function ResponsiveList<T>({
  items,
  columns,
  rowKey,
  caption,
  cardTitle,
  actions,
  muted,
}: ResponsiveListProps<T>): ReactElement {
  const { t } = useTranslation();
  const wide = useMediaQuery(WIDE_QUERY);

  if (wide) {
    return (
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={c.className}>
                  {c.header}
                </th>
              ))}
              {actions && (
                <th scope="col" className="table__actions">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={rowKey(item)} className={muted?.(item) ? 'is-muted' : undefined}>
                {columns.map((c) => (
                  <td key={c.key} className={c.className}>
                    {c.render(item)}
                  </td>
                ))}
                {actions && <td className="table__actions">{actions(item)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <ul className="cards" aria-label={caption}>
      {items.map((item) => (
        <li key={rowKey(item)} className={muted?.(item) ? 'card-item is-muted' : 'card-item'}>
          <div className="card-item__title">{cardTitle(item)}</div>
          <dl className="card-item__fields">
            {columns
              .filter((c) => !c.hideOnCard)
              .map((c) => (
                <div key={c.key} className="card-item__field">
                  <dt>{c.header}</dt>
                  <dd>{c.render(item)}</dd>
                </div>
              ))}
          </dl>
          {actions && <div className="card-item__actions">{actions(item)}</div>}
        </li>
      ))}
    </ul>
  );
}
