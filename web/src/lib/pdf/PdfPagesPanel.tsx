import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { PdfPageCanvas } from './PdfPageCanvas';

/** One heading of the PDF's outline (bookmarks) with the page it leads to. */
export interface OutlineEntry {
  title: string;
  page: number | null;
  depth: number;
}

/** The part of pdf.js's outline node we read (its `items` are typed `any[]` upstream). */
interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

/** The outline flattened in reading order, each heading resolved to its page (null when it has none). */
export async function readOutline(doc: PDFDocumentProxy): Promise<OutlineEntry[]> {
  const out: OutlineEntry[] = [];
  const pageOf = async (dest: OutlineNode['dest']): Promise<number | null> => {
    try {
      const explicit: unknown[] | null = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
      const target: unknown = explicit?.[0];
      if (typeof target === 'number') return target + 1;
      if (target && typeof target === 'object' && 'num' in target && 'gen' in target)
        return (await doc.getPageIndex(target as { num: number; gen: number })) + 1;
    } catch {
      // A broken destination leaves the heading without a page.
    }
    return null;
  };
  const walk = async (items: readonly OutlineNode[], depth: number) => {
    for (const item of items) {
      out.push({ title: item.title, page: await pageOf(item.dest), depth });
      if (item.items.length > 0 && depth < 3) await walk(item.items, depth + 1);
    }
  };
  const outline = (await doc.getOutline()) as OutlineNode[] | null;
  await walk(outline ?? [], 0);
  return out;
}

/** A page's thumbnail, drawn once it scrolls near the view. */
function PageThumb({
  doc,
  page,
  current,
  onGo,
}: {
  doc: PDFDocumentProxy;
  page: number;
  current: boolean;
  onGo: (page: number) => void;
}): ReactElement {
  const { t } = useTranslation();
  const box = useRef<HTMLButtonElement>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver((e) => e.some((x) => x.isIntersecting) && setSeen(true), {
      rootMargin: '400px 0px',
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);
  return (
    <button
      ref={box}
      type="button"
      className={current ? 'pages-panel__thumb is-current' : 'pages-panel__thumb'}
      aria-current={current ? 'page' : undefined}
      onClick={() => onGo(page)}
    >
      {seen ? (
        <PdfPageCanvas doc={doc} pageNumber={page} width={112} label="" />
      ) : (
        <span className="pages-panel__blank" />
      )}
      <span>{t('viewer.pages.page', { page: String(page) })}</span>
    </button>
  );
}

/** Thumbnails of every page and the PDF's outline, to jump anywhere in a long document. */
export function PdfPagesPanel({
  doc,
  page,
  onGo,
}: {
  doc: PDFDocumentProxy;
  page: number;
  onGo: (page: number) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [outline, setOutline] = useState<OutlineEntry[] | null>(null);
  const [tab, setTab] = useState<'pages' | 'outline'>('pages');
  useEffect(() => {
    let gone = false;
    readOutline(doc).then(
      (o) => !gone && setOutline(o),
      () => !gone && setOutline([]),
    );
    return () => {
      gone = true;
    };
  }, [doc]);
  const pages = Array.from({ length: doc.numPages }, (_, i) => i + 1);
  return (
    <div className="pages-panel" data-testid="pages-panel">
      <div className="pages-panel__tabs" role="tablist" aria-label={t('viewer.pages.title')}>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'pages'}
          className={tab === 'pages' ? 'pages-panel__tab is-active' : 'pages-panel__tab'}
          onClick={() => setTab('pages')}
        >
          {t('viewer.pages.thumbnails')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'outline'}
          className={tab === 'outline' ? 'pages-panel__tab is-active' : 'pages-panel__tab'}
          onClick={() => setTab('outline')}
        >
          {t('viewer.pages.outline')}
        </button>
      </div>
      {tab === 'pages' ? (
        <div className="pages-panel__grid">
          {pages.map((p) => (
            <PageThumb key={p} doc={doc} page={p} current={p === page} onGo={onGo} />
          ))}
        </div>
      ) : outline === null ? (
        <p className="muted">{t('viewer.pages.loadingOutline')}</p>
      ) : outline.length === 0 ? (
        <p className="muted">{t('viewer.pages.noOutline')}</p>
      ) : (
        <ul className="pages-panel__outline">
          {outline.map((o, i) => (
            <li key={i} style={{ paddingLeft: o.depth * 16 }}>
              <button
                type="button"
                className="pages-panel__heading"
                disabled={o.page === null}
                onClick={() => o.page !== null && onGo(o.page)}
              >
                <span>{o.title}</span>
                {o.page !== null && <span className="muted">{o.page}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
