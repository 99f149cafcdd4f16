import { useCallback, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useResource } from '../../lib/useResource';
import { agendaApi } from '../meetings/meetings.api';
import { ConclusionsPanel } from './ConclusionsPanel';

/** The meeting editor's "Kết luận" tab: every item's conclusions and the notice's approval. */
export function ConclusionsTab({ meetingId }: { meetingId: string }): ReactElement {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => agendaApi.get(meetingId, signal), [meetingId]);
  const agenda = useResource(load);
  if (agenda.status === 'error' && !agenda.data)
    return <ErrorState error={agenda.error} onRetry={agenda.reload} />;
  if (!agenda.data) return <Spinner label={t('common.loading')} />;
  return (
    <section className="conclusions-tab">
      <p className="muted">{t('conclusions.intro')}</p>
      <ConclusionsPanel meetingId={meetingId} items={agenda.data.items} />
    </section>
  );
}
