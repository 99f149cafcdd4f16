import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '@icabinet/shared';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { allAnnotations, type PlacedAnnotation } from './annotations.model';
import { useDocVersion, type LayerHandle } from './useAnnotationLayer';

/** My annotations in a document: the private layer, and what I put on the shared one. */
export function myAnnotations(
  mine: LayerHandle | null,
  shared: LayerHandle | null,
  userId: string,
): (PlacedAnnotation & { shared: boolean })[] {
  const own = mine ? allAnnotations(mine.doc).map((p) => ({ ...p, shared: false })) : [];
  const onShared = shared
    ? allAnnotations(shared.doc)
        .filter((p) => p.annotation.author === userId)
        .map((p) => ({ ...p, shared: true }))
    : [];
  return [...own, ...onShared].sort(
    (a, b) => a.page - b.page || a.annotation.createdAt.localeCompare(b.annotation.createdAt),
  );
}

const excerpt = (a: Annotation): string | null =>
  (a.kind === 'note' || a.kind === 'text') && a.text.trim() ? a.text.trim().slice(0, 120) : null;

/** "Ghi chú của tôi": every note of mine in this document, each jumping to its page. */
export function MyNotesPanel({
  mine,
  shared,
  userId,
  currentPage,
  onJump,
  onClose,
}: {
  mine: LayerHandle | null;
  shared: LayerHandle | null;
  userId: string;
  currentPage: number;
  onJump: (page: number) => void;
  onClose: () => void;
}): ReactElement {
  const { t } = useTranslation();
  useDocVersion(mine?.doc ?? null);
  useDocVersion(shared?.doc ?? null);
  const items = myAnnotations(mine, shared, userId);

  return (
    <aside className="ann-panel" aria-labelledby="ann-panel-title">
      <div className="ann-panel__head">
        <h2 id="ann-panel-title" className="ann-panel__title">
          {t('annotations.panel.title')}
        </h2>
        <span className="ann-panel__count">{t('annotations.panel.count', { count: items.length })}</span>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('annotations.panel.close')}
        </button>
      </div>
      {items.length === 0 ? (
        <div className="ann-panel__empty">
          <p>{t('annotations.panel.empty')}</p>
          <p className="ann-hint">{t('annotations.panel.emptyHint')}</p>
        </div>
      ) : (
        <ul className="ann-panel__list">
          {items.map(({ page, annotation: a, shared: onShared }) => {
            const text = excerpt(a);
            return (
              <li key={`${onShared ? 's' : 'p'}:${a.id}`}>
                <button
                  type="button"
                  className={page === currentPage ? 'ann-item is-current' : 'ann-item'}
                  aria-label={`${t('annotations.panel.goTo', { page: String(page) })}: ${t(`annotations.kinds.${a.kind}`)}${text ? ` — ${text}` : ''}`}
                  onClick={() => onJump(page)}
                >
                  <span className="ann-item__dot" style={{ background: a.color }} aria-hidden="true" />
                  <span className="ann-item__body">
                    <span className="ann-item__meta">
                      <strong>{t('annotations.panel.page', { page: String(page) })}</strong>
                      {' · '}
                      {t(`annotations.kinds.${a.kind}`)}
                      {onShared && ` · ${t('annotations.panel.shared')}`}
                    </span>
                    {text && <span className="ann-item__text">{text}</span>}
                    <span className="ann-item__time">{formatDateTime(a.createdAt, currentLanguage())}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}
