import { useEffect, useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageHit } from '@icabinet/shared';
import { errorText } from '../../lib/errors';
import { documentsApi } from '../meetings/meetings.api';

/** Hits asked for per request; the panel keeps asking until it has them all. */
const SLICE = 200;

/**
 * "Tìm trong tài liệu": finds the pages whose text holds the words (with or without diacritics)
 * from the text the server kept at upload — the PDF itself is not downloaded for this — and
 * jumps to a page.
 */
export function DocumentSearchPanel({
  documentId,
  currentPage,
  onJump,
  onQuery,
  onClose,
}: {
  documentId: string;
  currentPage: number;
  onJump: (page: number) => void;
  /** The words searched for, as typed (the page marks them). */
  onQuery?: (q: string) => void;
  onClose: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const inputId = useId();
  const [q, setQ] = useState('');
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'loading' }
    | { kind: 'partial'; items: PageHit[]; total: number }
    | { kind: 'done'; items: PageHit[]; occurrences: number; pagesSearched: number }
    | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  useEffect(() => {
    onQuery?.(q);
  }, [q, onQuery]);

  useEffect(() => {
    const words = q.trim();
    if (!words) {
      setState({ kind: 'idle' });
      return;
    }
    const abort = new AbortController();
    // Every page is searched: the hits come in slices, shown as they arrive with the progress.
    const load = async () => {
      setState({ kind: 'loading' });
      const items: PageHit[] = [];
      for (;;) {
        const res = await documentsApi.searchText(
          documentId,
          words,
          { offset: items.length, limit: SLICE },
          abort.signal,
        );
        items.push(...res.items);
        if (res.items.length === 0 || items.length >= res.total) {
          setState({
            kind: 'done',
            items: [...items],
            occurrences: res.occurrences,
            pagesSearched: res.pagesSearched,
          });
          return;
        }
        setState({ kind: 'partial', items: [...items], total: res.total });
      }
    };
    const timer = setTimeout(() => {
      load().catch((e: unknown) => {
        if (!abort.signal.aborted) setState({ kind: 'error', message: errorText(e, t) });
      });
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [q, documentId, t]);

  return (
    <aside className="ann-panel" aria-labelledby={`${inputId}-title`}>
      <div className="ann-panel__head">
        <h2 id={`${inputId}-title`} className="ann-panel__title">
          {t('viewer.search.title')}
        </h2>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('viewer.search.close')}
        </button>
      </div>
      <label className="visually-hidden" htmlFor={inputId}>
        {t('viewer.search.label')}
      </label>
      <input
        id={inputId}
        className="input"
        type="search"
        value={q}
        placeholder={t('viewer.search.placeholder')}
        autoFocus
        onChange={(e) => setQ(e.target.value)}
      />
      {state.kind === 'loading' && <p className="muted">{t('viewer.search.loading')}</p>}
      {state.kind === 'error' && (
        <p className="field__error" role="alert">
          {state.message}
        </p>
      )}
      {(state.kind === 'done' || state.kind === 'partial') && (
        <>
          <p className="ann-panel__count" role="status">
            {state.kind === 'partial'
              ? t('viewer.search.progress', {
                  loaded: String(state.items.length),
                  total: String(state.total),
                })
              : state.items.length === 0
                ? t('viewer.search.noneIn', { pages: String(state.pagesSearched) })
                : t('viewer.search.foundAll', {
                    count: state.items.length,
                    times: String(state.occurrences),
                    pages: String(state.pagesSearched),
                  })}
          </p>
          <ul className="ann-panel__list">
            {state.items.map((hit) => (
              <li key={hit.page}>
                <button
                  type="button"
                  className={hit.page === currentPage ? 'ann-item is-current' : 'ann-item'}
                  onClick={() => onJump(hit.page)}
                >
                  <span className="ann-item__body">
                    <span className="ann-item__meta">
                      <strong>{t('viewer.search.page', { page: String(hit.page) })}</strong>
                      {hit.count > 1 && ` · ${t('viewer.search.times', { count: hit.count })}`}
                    </span>
                    <span className="ann-item__text">{hit.snippet}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
