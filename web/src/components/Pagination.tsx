import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';

/** Previous/next paging with "1–50 of 230"; hidden when everything fits on one page. */
export function Pagination({
  offset,
  limit,
  total,
  onChange,
}: {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
}): ReactElement | null {
  const { t } = useTranslation();
  if (total <= limit && offset === 0) return null;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return (
    <nav
      className="pagination"
      aria-label={t('common.range', { from: String(from), to: String(to), total: String(total) })}
    >
      <Button
        icon="chevronLeft"
        iconOnly
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - limit))}
      >
        {t('common.previous')}
      </Button>
      <span className="pagination__range">
        {t('common.range', { from: String(from), to: String(to), total: String(total) })}
      </span>
      <Button icon="chevronRight" iconOnly disabled={to >= total} onClick={() => onChange(offset + limit)}>
        {t('common.next')}
      </Button>
    </nav>
  );
}
