import { useCallback, type ReactElement } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { ApiError } from '../../lib/api';
import { useResource } from '../../lib/useResource';
import { AnnotatedViewer } from '../annotations/AnnotatedViewer';
import { useMe } from '../auth/auth.context';
import { documentsApi } from '../meetings/meetings.api';

/** The page asked for in the address (`?page=12`), within the document; 1 when absent or unreadable. */
function pageFromAddress(value: string | null, pages: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, Math.max(pages, 1)) : 1;
}

/**
 * One document in the viewer, watermarked with the reader's name and unit when classified so.
 * `?page=12` opens it at that page ("Ghi chú của tôi" links there); the address then follows the
 * page read, so going back to it returns to the same place.
 */
export function DocumentViewerPage(): ReactElement {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user, unit } = useMe();
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const keepPage = useCallback(
    (page: number) =>
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('page', String(page));
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  const load = useCallback((signal: AbortSignal) => documentsApi.get(id, signal), [id]);
  const doc = useResource(load);

  const back = (
    <Button variant="ghost" icon="chevronLeft" onClick={() => void navigate(-1)}>
      {t('viewer.back')}
    </Button>
  );
  if (doc.status === 'error' && doc.data?.document.id !== id) {
    const kind =
      doc.error instanceof ApiError && (doc.error.status === 403 || doc.error.status === 401)
        ? 'forbidden'
        : doc.error instanceof ApiError && doc.error.status === 404
          ? 'not_found'
          : null;
    return (
      <>
        {back}
        <ErrorState
          error={doc.error}
          title={kind ? t(`viewer.errors.${kind}`) : undefined}
          text={kind ? null : undefined}
          onRetry={kind ? undefined : doc.reload}
        />
      </>
    );
  }
  // While another document loads, the one before it is not shown under the new address.
  if (!doc.data || doc.data.document.id !== id) return <Spinner label={t('common.loading')} />;
  const d = doc.data.document;
  const watermark = d.classification.watermark
    ? [user.fullName, unit?.name].filter(Boolean).join(' · ')
    : null;

  return (
    <div className="viewer-page">
      <div className="viewer-page__head">
        {back}
        <h1 className="viewer-page__title">{d.name}</h1>
      </div>
      <AnnotatedViewer
        key={d.id}
        documentId={d.id}
        meetingId={d.meetingId}
        userId={user.id}
        initialPage={pageFromAddress(search.get('page'), d.pages)}
        onPageChange={keepPage}
        canExport={d.classification.download}
        url={documentsApi.fileUrl(d.id)}
        title={d.name}
        watermark={watermark}
        toolbarExtra={
          d.classification.download ? (
            <a className="btn btn--secondary" href={documentsApi.fileUrl(d.id, true)} download>
              <Icon name="download" />
              <span>{t('viewer.download')}</span>
            </a>
          ) : undefined
        }
      />
    </div>
  );
}
