import { useCallback, useState, type ReactElement } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '@icabinet/shared';
import { canOpen } from '../../app/nav';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Icon, type IconName } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { formatDate } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { useMe } from '../auth/auth.context';
import { searchApi } from '../meetings/meetings.api';

const ICONS: Record<SearchHit['kind'], IconName> = {
  meeting: 'meetings',
  agenda_item: 'audit',
  document: 'file',
};

/** One search over meeting titles, agenda items and document text; the words stay in the address. */
export function SearchPage(): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useMe();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [text, setText] = useState(q);
  const load = useCallback(
    (signal: AbortSignal) =>
      q ? searchApi.search(q, signal) : Promise.resolve({ items: [] as SearchHit[] }),
    [q],
  );
  const results = useResource(load);
  const prepares = canOpen(user.systemRole, 'meetings');
  const linkOf = (hit: SearchHit) =>
    hit.kind === 'document'
      ? `/documents/${hit.id}`
      : prepares
        ? `/meetings/${hit.meetingId}/edit${hit.kind === 'agenda_item' ? '?tab=agenda' : ''}`
        : `/my-meetings?open=${hit.meetingId}`;

  return (
    <>
      <PageHeader title={t('search.title')} />
      <form
        className="filters search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
        }}
      >
        <TextField
          className="input--search"
          type="search"
          label={t('search.label')}
          placeholder={t('search.placeholder')}
          hint={t('search.hint')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Button type="submit" variant="primary" icon="search">
          {t('search.submit')}
        </Button>
      </form>
      {!q ? (
        <EmptyState icon="search" title={t('search.prompt')} />
      ) : results.status === 'error' ? (
        <ErrorState error={results.error} onRetry={results.reload} />
      ) : !results.data || results.status === 'loading' ? (
        <Spinner label={t('common.loading')} />
      ) : results.data.items.length === 0 ? (
        <EmptyState icon="search" title={t('search.emptyTitle')} text={t('search.emptyText', { q })} />
      ) : (
        <>
          <p className="list-toolbar__count" aria-live="polite">
            {t('search.count', { count: results.data.items.length })}
          </p>
          <ul className="hits">
            {results.data.items.map((hit) => (
              <li key={`${hit.kind}-${hit.id}`}>
                <Link className="hit" to={linkOf(hit)}>
                  <Icon name={ICONS[hit.kind]} className="hit__icon" />
                  <span className="hit__body">
                    <span className="hit__kind">{t(`search.kinds.${hit.kind}`)}</span>
                    <span className="hit__title">{hit.title}</span>
                    {hit.snippet && hit.snippet !== hit.title && (
                      <span className="hit__snippet">{hit.snippet}</span>
                    )}
                    <span className="hit__meeting">
                      {hit.meetingTitle} · {formatDate(hit.startsAt, lang)}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
